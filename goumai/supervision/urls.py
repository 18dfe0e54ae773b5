from django.urls import path

from goumai.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.task_list_page, name="list"),
    path("<int:task_id>/", views.task_detail_page, name="detail"),
    path("reports/<int:report_id>/files/<int:document_id>/", views.report_file, name="report_file"),
]
