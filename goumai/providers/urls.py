"""Provider registry pages. They share the ``providers`` URL namespace with the
cultivation page and the provider portal; ``goumai/urls.py`` assembles it."""

from django.urls import path

from goumai.providers import views

urlpatterns = [
    path("", views.provider_list_page, name="list"),
    path("new/", views.provider_create_page, name="create"),
    path("<int:provider_id>/", views.provider_detail_page, name="detail"),
    path("export.xlsx", views.export_view, name="export"),
]
