"""改革监测 page: the reform's figures for the actor's jurisdiction, year on year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from goumai.core.dates import china_today
from goumai.core.replica import reads_from_replica
from goumai.supervision import monitoring

YEARS = 3


def _number(value):
    return None if value is None else float(value)


@login_required
@reads_from_replica
def monitoring_page(request):
    root = monitoring.root_for(actor=request.user, code=request.GET.get("region"))
    today = china_today()
    years = monitoring.years_to(today, YEARS)
    data = monitoring.dashboard(actor=request.user, root=root, years=years, today=today)
    latest = len(years) - 1
    chart = {
        "years": [str(y) for y in years],
        "trend": [
            {"label": label, "values": [_number(t[name]) for t in data["totals"]]}
            for name, label in monitoring.SHOWN
            if name not in ("projects", "contracted")
        ],
        "money": [_number(t["contracted"]) for t in data["totals"]],
        "projects": [t["projects"] for t in data["totals"]],
        "places": [row["region"].name for row in data["rows"]],
        "place_local": [_number(row["years"][latest]["local_share"]) for row in data["rows"]],
        "place_evaluated": [
            _number(row["years"][latest]["evaluation_coverage"]) for row in data["rows"]
        ],
    }
    return render(request, "supervision/monitoring.html", data | {"chart": chart})
