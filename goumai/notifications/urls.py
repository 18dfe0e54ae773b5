from django.urls import path

from goumai.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.inbox_page, name="inbox")]
