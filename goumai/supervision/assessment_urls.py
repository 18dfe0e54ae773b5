from django.urls import path

from goumai.supervision import assessment_views as views

app_name = "assessment"
urlpatterns = [
    path("", views.assessment_list_page, name="list"),
    path("<int:year>/", views.assessment_page, name="year"),
    path("<int:year>/subjects/<int:subject_id>/", views.subject_page, name="subject"),
    path(
        "<int:year>/scores/<int:score_id>/files/<int:document_id>/",
        views.score_file,
        name="score_file",
    ),
    path("<int:year>/assessment.xlsx", views.assessment_download, {"fmt": "xlsx"}, name="xlsx"),
    path("<int:year>/assessment.docx", views.assessment_download, {"fmt": "docx"}, name="docx"),
]
