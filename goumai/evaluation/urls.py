"""Evaluation pages, under /projects/<id>/ in the ``projects`` URL namespace
(assembled in ``goumai/urls.py``)."""

from django.urls import path

from goumai.evaluation import views

urlpatterns = [
    path("<int:project_id>/evaluation/", views.evaluation_page, name="evaluation"),
    path("<int:project_id>/evaluation/open/", views.open_view, name="evaluation_open"),
    path("<int:project_id>/evaluation/facts/", views.facts_view, name="evaluation_facts"),
    path("<int:project_id>/evaluation/assign/", views.assign_view, name="evaluation_assign"),
    path("<int:project_id>/evaluation/answers/", views.answers_view, name="evaluation_answers"),
    path(
        "<int:project_id>/evaluation/score/<str:part>/",
        views.score_view,
        name="evaluation_score",
    ),
    path("<int:project_id>/evaluation/finish/", views.finish_view, name="evaluation_finish"),
    path("<int:project_id>/evaluation/codes/", views.codes_view, name="evaluation_codes"),
    path(
        "<int:project_id>/evaluation/answers/import/",
        views.answers_import_view,
        name="evaluation_answers_import",
    ),
    path(
        "<int:project_id>/evaluation/answers/template.xlsx",
        views.answers_template_view,
        name="evaluation_answers_template",
    ),
    path("evaluations/assigned/", views.assignments_page, name="evaluation_assignments"),
]

# The public survey: /s/ (type a code) and /s/<code>/ (from the QR code), no login.
survey_urlpatterns = (
    [
        path("", views.survey_start, name="start"),
        path("<str:code>/", views.survey_answer, name="answer"),
    ],
    "survey",
)
