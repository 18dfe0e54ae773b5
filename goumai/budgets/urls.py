from django.urls import path

from goumai.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.budget_list_page, name="list"),
    path("new/", views.budget_create_page, name="create"),
    path("<int:line_id>/", views.budget_detail_page, name="detail"),
]
