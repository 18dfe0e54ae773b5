"""Public portal URLs (/public/); the publish action lives under /projects/<id>/
in the ``projects`` namespace (assembled in ``goumai/urls.py``)."""

from django.urls import path

from goumai.disclosure import views

app_name = "public"
urlpatterns = [
    path("", views.portal_search, name="search"),
    path("projects/<str:code>/", views.portal_project, name="project"),
    path("projects/<str:code>/notice/", views.portal_notice, name="notice"),
    path("providers/<int:provider_id>/", views.portal_provider, name="provider"),
    path("log/", views.portal_log, name="log"),
    path("catalog/", views.portal_catalog, name="catalog"),
    path("catalog/<str:county_code>/", views.portal_county_catalog, name="county_catalog"),
    path("counties/", views.portal_counties, name="counties"),
    path("counties/<str:county_code>/", views.portal_county, name="county"),
    path("feeds/<str:county_code>.atom", views.CountyFeed(), name="feed"),
    path("data/", views.data_dictionary, name="data"),
    path(
        "data/<int:year>/<str:county_code>/<str:dataset>.<str:fmt>",
        views.data_download,
        name="data_download",
    ),
]

project_urlpatterns = [
    path("disclosure/overdue/", views.overdue_page, name="disclosure_overdue"),
    path("<int:project_id>/publish/<str:stage>/", views.publish_view, name="publish"),
]

# OCDS open data: /ocds/releases.json, /ocds/records/<ocid>.json, the extension.
ocds_urlpatterns = (
    [
        path("releases.json", views.ocds_releases, name="releases"),
        path("records/<str:ocid>.json", views.ocds_record, name="record"),
        path("extension/<str:name>", views.ocds_extension, name="extension"),
    ],
    "ocds",
)
