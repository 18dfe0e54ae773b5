"""The import pages keep the addresses they had in each app; one view serves them."""

from django.urls import path

from goumai.imports import views

app_name = "imports"
urlpatterns = [
    path("regions/townships/import/", views.upload_page, {"kind": "townships"}, name="townships"),
    path("providers/import/", views.upload_page, {"kind": "providers"}, name="providers"),
    path(
        "catalog/import/",
        views.upload_page,
        {"kind": "provincial_catalog"},
        name="provincial_catalog",
    ),
    path(
        "catalog/county/<str:county_code>/import/",
        views.upload_page,
        {"kind": "county_catalog"},
        name="county_catalog",
    ),
    path("imports/<uuid:job_id>/", views.job_page, name="job"),
]
