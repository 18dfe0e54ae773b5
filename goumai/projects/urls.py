"""The project's own pages. They share the ``projects`` URL namespace with the
procurement and contract pages and the project page; ``goumai/urls.py`` assembles it."""

from django.urls import path

from goumai.projects import views

urlpatterns = [
    path("", views.project_list_page, name="list"),
    path("new/", views.project_create_page, name="create"),
    path("<int:project_id>/edit/", views.project_edit_page, name="edit"),
    path("<int:project_id>/do/<str:action>/", views.project_transition_view, name="transition"),
]
