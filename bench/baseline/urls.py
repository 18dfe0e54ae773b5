"""goumai's URLs plus the bare endpoints (no auth, no count) of the baseline."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import path
from ninja import NinjaAPI, Schema

from goumai.core.jurisdiction import Jurisdiction
from goumai.projects.models import PATH_LENGTHS, Project
from goumai.urls import urlpatterns as goumai_urls

bare = NinjaAPI(urls_namespace="bare", docs_url=None, openapi_url=None)


class Row(Schema):
    """The same fields as goumai's ProjectOut, read the same way."""

    id: int
    code: str
    title: str
    fiscal_year: int
    status: str
    purchaser_id: int
    purchaser_name: str
    catalog_code: str | None
    budget_line_id: int | None
    budget_amount: Decimal
    reserved_amount: Decimal
    paid_amount: Decimal
    created_at: date | None = None

    @staticmethod
    def resolve_purchaser_name(obj):
        return obj.purchaser.name

    @staticmethod
    def resolve_catalog_code(obj):
        return obj.catalog_entry.item.code if obj.catalog_entry_id else None

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.date() if obj.created_at else None


def _rows(scope: str):
    # the same filter as goumai's jurisdiction puts on a list (core.jurisdiction), without
    # the user: substring(scope_path, 1, n) = scope for 市州, county and township paths
    place = Jurisdiction(region_path=scope).q(
        path_field="scope_path", prefix_lengths=PATH_LENGTHS.values()
    )
    return (
        Project.objects.filter(place)
        .select_related("purchaser", "catalog_entry__item", "budget_line")
        .order_by("-id")
    )


@bare.get("/projects", response=list[Row])
def projects(request, scope: str = "/510000/"):
    return list(_rows(scope)[:50])


@bare.get("/projects/{project_id}", response=Row)
def project(request, project_id: int):
    return _rows("/").get(pk=project_id)


@bare.get("/dashboard")
def dashboard(request, scope: str = "/510000/"):
    rows = (
        Project.objects.filter(scope_path__startswith=scope)
        .order_by()
        .values("status")
        .annotate(count=Count("id"), budget=Sum("budget_amount"), paid=Sum("paid_amount"))
    )
    return [{**r, "budget": str(r["budget"]), "paid": str(r["paid"])} for r in rows]


urlpatterns = [path("bare/", bare.urls), *goumai_urls]
