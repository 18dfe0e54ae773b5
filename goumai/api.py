"""The REST API under /api/v1/: one NinjaAPI assembled from every app's router.

This is the top of the layers (docs/architecture.md): only here may every app be
imported. Each app keeps its endpoints in its own ``api.py``; paths are absolute
(``/projects/{id}/procurement`` is served by the procurement app).
"""

from ninja import NinjaAPI

from goumai.accounts.api import router as accounts_router
from goumai.accounts.auth import ActiveSessionAuth, BearerAuth
from goumai.audit.api import router as audit_router
from goumai.bidding.api import router as bidding_router
from goumai.budgets.api import router as budgets_router
from goumai.catalog.api import router as catalog_router
from goumai.contracts.api import router as contracts_router
from goumai.core.api import install_error_handlers
from goumai.evaluation.api import router as evaluation_router
from goumai.notifications.api import router as notifications_router
from goumai.pilots.api import router as pilots_router
from goumai.procurement.api import router as procurement_router
from goumai.projects.api import router as projects_router
from goumai.providers.api import router as providers_router
from goumai.regions.api import router as regions_router
from goumai.supervision.api import assessment_router
from goumai.supervision.api import router as supervision_router

api = NinjaAPI(
    title="goumai 乡镇政府购买服务管理平台 API",
    version="1",
    description="政府购买服务的目录、预算、项目、承接主体、绩效与信息公开接口。"
    "所有读取均限于调用者的管辖范围；范围外的记录一律返回 404。",
    urls_namespace="api",
    auth=[BearerAuth(), ActiveSessionAuth()],
)
install_error_handlers(api)

for router in (
    accounts_router,
    regions_router,
    audit_router,
    catalog_router,
    budgets_router,
    projects_router,
    procurement_router,
    bidding_router,
    contracts_router,
    evaluation_router,
    providers_router,
    pilots_router,
    notifications_router,
    supervision_router,
    assessment_router,
):
    api.add_router("/", router)
