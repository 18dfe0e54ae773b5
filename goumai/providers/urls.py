from django.urls import path

from goumai.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.provider_list_page, name="list"),
    path("new/", views.provider_create_page, name="create"),
    path("portal/", views.portal_page, name="portal"),
    path("import/", views.import_page, name="import"),
    path("cultivation/", views.cultivation_page, name="cultivation"),
    path("<int:provider_id>/", views.provider_detail_page, name="detail"),
    path("export.xlsx", views.export_view, name="export"),
]
