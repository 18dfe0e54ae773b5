from django.urls import path

from goumai.supervision import cases_views as views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_page, name="list"),
    path("<int:case_id>/", views.case_page, name="detail"),
]
