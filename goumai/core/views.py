from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from goumai.core.jurisdiction import Jurisdiction
from goumai.regions.models import EconomicRegion, Region
from goumai.regions.selectors import economic_region_of, region_list


@login_required
def home(request):
    user = request.user
    if user.provider_id is not None:
        return redirect("providers:portal")
    jurisdiction = Jurisdiction.of(user)
    context = {"org_unit": user.org_unit, "region": None}
    if user.org_unit is not None:
        region = user.org_unit.region
        context["region"] = region
        context["economic_region"] = economic_region_of(region)
        if region.level == Region.Level.TOWNSHIP:
            context["service_areas"] = list(region.service_areas.all())
            context["county"] = region.parent
            context["city"] = region.parent.parent
    if not jurisdiction.is_empty:
        townships = region_list(actor=user, level=Region.Level.TOWNSHIP)
        context["township_stats"] = townships.aggregate(
            total=Count("id"),
            towns=Count("id", filter=Q(kind=Region.Kind.TOWN)),
            townships=Count("id", filter=Q(kind=Region.Kind.TOWNSHIP)),
            subdistricts=Count("id", filter=Q(kind=Region.Kind.SUBDISTRICT)),
            merged_five_or_more=Count("id", filter=Q(merged_unit_count__gte=5)),
            profile_missing=Count("id", filter=Q(merged_unit_count__isnull=True)),
        )
        if jurisdiction.region_path.count("/") <= 2:  # the whole province
            context["economic_regions"] = EconomicRegion.objects.annotate(
                city_count=Count("cities")
            ).order_by("sort_order")
    return render(request, "core/home.html", context)


@require_GET
def healthz(request):
    """For the load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
