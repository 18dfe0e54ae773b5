from django.urls import path

from goumai.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list_page, name="list"),
    path("townships/export.xlsx", views.township_export, name="township_export"),
    path("<str:code>/", views.region_detail_page, name="detail"),
    path("<str:code>/edit/", views.township_edit_page, name="township_edit"),
]
