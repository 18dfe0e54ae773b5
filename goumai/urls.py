from django.contrib import admin
from django.urls import include, path

from goumai.core.api import api

admin.site.site_header = "goumai 后台管理"
admin.site.site_title = "goumai 后台管理"
admin.site.index_title = "参考数据"

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("goumai.accounts.urls")),
    path("regions/", include("goumai.regions.urls")),
    path("audit/", include("goumai.audit.urls")),
    path("catalog/", include("goumai.catalog.urls")),
    path("budgets/", include("goumai.budgets.urls")),
    path("projects/", include("goumai.projects.urls")),
    path("providers/", include("goumai.providers.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("goumai.core.urls")),
]
