from django.urls import path

from goumai.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.provincial_page, name="provincial"),
    path("mine/", views.my_county_page, name="mine"),
    path("export.xlsx", views.provincial_export, name="provincial_export"),
    path("items/<str:code>/", views.item_page, name="item"),
    path("items/<str:code>/new/", views.item_create_page, name="item_create"),
    path("county/<str:county_code>/", views.county_page, name="county"),
    path("county/<str:county_code>/export.xlsx", views.county_export, name="county_export"),
    path(
        "county/<str:county_code>/local/<str:parent_code>/",
        views.county_local_page,
        name="county_local",
    ),
    path(
        "county-entries/<int:entry_id>/remove/",
        views.county_entry_remove_view,
        name="county_entry_remove",
    ),
]
