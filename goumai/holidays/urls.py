from django.urls import path

from goumai.holidays import views

app_name = "holidays"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/export.xlsx", views.calendar_export, name="export"),
]
