from django.urls import path

from goumai.supervision import monitoring_views as views

app_name = "monitoring"
urlpatterns = [
    path("", views.monitoring_page, name="dashboard"),
]
