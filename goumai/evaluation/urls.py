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
    path(
        "<int:project_id>/evaluation/evidence/<str:part>/<int:indicator_id>/",
        views.evidence_upload_view,
        name="evaluation_evidence_upload",
    ),
    path(
        "<int:project_id>/evaluation/evidence/<int:evidence_id>/",
        views.evidence_download_view,
        name="evaluation_evidence",
    ),
    path(
        "<int:project_id>/evaluation/report.<str:fmt>",
        views.project_report_view,
        name="evaluation_report",
    ),
    path("evaluations/", views.summary_page, name="evaluation_summary"),
    path("evaluations/report.<str:fmt>", views.summary_download, name="evaluation_summary_report"),
    path("evaluations/assigned/", views.assignments_page, name="evaluation_assignments"),
    path("evaluations/frameworks/", views.frameworks_page, name="evaluation_frameworks"),
    path(
        "evaluations/frameworks/<int:framework_id>/",
        views.framework_page,
        name="evaluation_framework",
    ),
    path(
        "evaluations/frameworks/<int:framework_id>/framework.xlsx",
        views.framework_export,
        name="evaluation_framework_export",
    ),
    path(
        "evaluations/frameworks/<int:framework_id>/import/",
        views.framework_import,
        name="evaluation_framework_import",
    ),
    path("evaluations/policy/", views.policy_page, name="evaluation_policy"),
    path("evaluations/bars/", views.bars_page, name="evaluation_bars"),
    path("evaluations/flags/", views.flags_page, name="evaluation_flags"),
    path("evaluations/flags/<int:flag_id>/clear/", views.flag_clear_view, name="flag_clear"),
]

# The public survey: /s/ (type a code) and /s/<code>/ (from the QR code), no login.
survey_urlpatterns = (
    [
        path("", views.survey_start, name="start"),
        path("<str:code>/", views.survey_answer, name="answer"),
    ],
    "survey",
)
