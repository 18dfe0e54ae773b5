from django.urls import path

from goumai.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.call_list_page, name="list"),
    path("<int:call_id>/", views.call_page, name="call"),
    path("<int:call_id>/review/", views.review_page, name="review"),
    path("counties/<int:pilot_id>/", views.pilot_page, name="pilot"),
    path(
        "applications/<int:application_id>/files/<int:document_id>/",
        views.application_file,
        name="application_file",
    ),
]
