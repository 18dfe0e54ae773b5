from django.urls import path

from goumai.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list_page, name="list"),
    path("<str:object_type>/<str:object_id>/", views.object_trail_page, name="object_trail"),
]
