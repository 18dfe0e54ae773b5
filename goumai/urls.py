"""Every URL of the site. The top of the layers (docs/architecture.md): only here,
in ``goumai/api.py`` and in ``goumai.site`` may every app be imported.

Two URL namespaces are served by several apps, so that a purchase reads as one
place: ``projects`` (/projects/<id>/ — the project's own pages, its procurement,
its contract, and the project page that shows them all) and ``providers``
(/providers/ — the registry, the cultivation page and the provider portal).
"""

from django.contrib import admin
from django.urls import include, path

from goumai.api import api
from goumai.bidding import urls as bidding_urls
from goumai.contracts import urls as contracts_urls
from goumai.cultivation import urls as cultivation_urls
from goumai.disclosure import urls as disclosure_urls
from goumai.evaluation import urls as evaluation_urls
from goumai.pilots import views as pilot_views
from goumai.procurement import urls as procurement_urls
from goumai.projects import urls as projects_urls
from goumai.providers import urls as providers_urls
from goumai.site import files as site_files
from goumai.site import views as site_views
from goumai.supervision import cases_views

admin.site.site_header = "goumai 后台管理"
admin.site.site_title = "goumai 后台管理"
admin.site.index_title = "参考数据"

projects_namespace = (
    [
        path("<int:project_id>/", site_views.project_page, name="detail"),
        path("<int:project_id>/files/", site_files.upload_view, name="file_upload"),
        path(
            "<int:project_id>/files/<int:document_id>/",
            site_files.download_view,
            name="file",
        ),
        *projects_urls.urlpatterns,
        *procurement_urls.urlpatterns,
        *bidding_urls.project_urlpatterns,
        *contracts_urls.urlpatterns,
        *evaluation_urls.urlpatterns,
        *disclosure_urls.project_urlpatterns,
    ],
    "projects",
)
providers_namespace = (
    [
        path("portal/", site_views.provider_portal_page, name="portal"),
        *bidding_urls.provider_urlpatterns,
        *cultivation_urls.urlpatterns,
        *providers_urls.urlpatterns,
    ],
    "providers",
)

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("goumai.imports.urls")),  # the import pages of several apps
    path("accounts/", include("goumai.accounts.urls")),
    path("regions/", include("goumai.regions.urls")),
    path("audit/", include("goumai.audit.urls")),
    path("catalog/", include("goumai.catalog.urls")),
    path("budgets/", include("goumai.budgets.urls")),
    path("tasks/", include("goumai.supervision.urls")),
    path("assessment/", include("goumai.supervision.assessment_urls")),
    path("monitoring/", include("goumai.supervision.monitoring_urls")),
    path("cases/", include("goumai.supervision.cases_urls")),
    path("inbox/", include("goumai.notifications.urls")),
    path("calendar/", include("goumai.holidays.urls")),
    path("pilots/", include("goumai.pilots.urls")),
    path("projects/", include(projects_namespace)),
    path("providers/", include(providers_namespace)),
    path("s/", include(evaluation_urls.survey_urlpatterns)),
    path("public/pilots/", pilot_views.public_pilots, name="public_pilots"),
    path("public/cases/", cases_views.public_cases, name="public_cases"),
    path("public/cases/<int:case_id>/", cases_views.public_case, name="public_case"),
    path("public/", include("goumai.disclosure.urls")),
    path("ocds/", include(disclosure_urls.ocds_urlpatterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("goumai.core.urls")),
    path("", include("goumai.site.urls")),
]
