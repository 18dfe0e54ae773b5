from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from goumai.core.money import format_wan
from goumai.core.replica import reads_from_replica
from goumai.cultivation import selectors
from goumai.providers.models import Provider
from goumai.regions.models import Region
from goumai.regions.selectors import region_list


@login_required
@reads_from_replica
def cultivation_page(request):
    """Local providers and the share of work they win, for a county or township."""
    code = request.GET.get("region")
    if not code and request.user.org_unit is not None:
        region = request.user.org_unit.region
        code = region.code if region.level >= Region.Level.COUNTY else None
    if not code:
        counties = region_list(actor=request.user, level=Region.Level.COUNTY)
        return render(request, "cultivation/pick.html", {"counties": counties})
    area = selectors.area_for(actor=request.user, code=code)
    kinds = selectors.local_providers_by_kind(area)
    years = selectors.contracts_by_year(area, actor=request.user)
    labels = dict(Provider.Kind.choices)
    present = sorted({k for y in years for k in y["money_by_kind"]}, key=list(labels).index)
    chart = {
        "kinds": [k for k in kinds if k["count"]] or kinds[:1],
        "years": [
            {
                "year": y["year"],
                "local_wan": float(format_wan(y["local_money"]).replace(",", "")),
                "other_wan": float(format_wan(y["money"] - y["local_money"]).replace(",", "")),
                "share": float(y["local_money_share"]),
            }
            for y in years
        ],
        "kind_series": [
            {
                "label": labels[k],
                "values": [
                    float(format_wan(y["money_by_kind"].get(k, 0)).replace(",", "")) for y in years
                ],
            }
            for k in present
        ],
    }
    context = {
        "area": area,
        "kinds": kinds,
        "years": years,
        "chart": chart,
        "gaps": selectors.township_gaps(area, actor=request.user)
        if area.level == Region.Level.COUNTY
        else [],
    }
    return render(request, "cultivation/page.html", context)
