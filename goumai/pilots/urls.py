from django.urls import path

from goumai.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.call_list_page, name="list"),
    path("<int:call_id>/", views.call_page, name="call"),
]
