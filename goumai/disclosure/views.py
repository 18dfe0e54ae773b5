"""The public portal (/public/, no login) and the back office's 信息公开 actions."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from goumai.catalog.selectors import public_catalog, public_county_catalog
from goumai.core.dates import china_iso, china_today
from goumai.core.errors import DomainError
from goumai.core.paging import CappedPaginator
from goumai.core.replica import reads_from_replica
from goumai.core.roles import Sector
from goumai.disclosure import opendata, presentation, releases, selectors, services
from goumai.disclosure.models import Publication, Stage
from goumai.projects.models import ProcurementMethod
from goumai.projects.selectors import project_get
from goumai.providers.disclosure import public_view
from goumai.providers.models import Provider
from goumai.regions.models import Region

PAGE = 20
SEARCH_CAP = 10_000  # a search counts at most this many matches (see core.paging)


@reads_from_replica
def portal_search(request):
    g = request.GET
    year = int(g["year"]) if g.get("year", "").isdigit() else None
    sector = g.get("sector") if g.get("sector") in Sector.values else None
    city, county, town = (
        g.get(k, "") if g.get(k, "").isdigit() else "" for k in ("city", "county", "town")
    )
    if county and not city:
        city = county[:4] + "00"  # a link to one county's projects keeps the 市州 select right
    # a county of another 市州 (the 市州 was changed), or a township of another county, is dropped
    county = county if county[:4] == city[:4] else ""
    town = town if county and town[:6] == county else ""
    region = (
        town or county or city or (g.get("region", "")[:9] if g.get("region", "").isdigit() else "")
    )
    stage = g.get("stage") if g.get("stage") in Stage.values else None
    method = g.get("method", "")[:20] or None
    found = selectors.public_search(
        q=g.get("q", "")[:50],
        region_code=region,
        sector=sector,
        year=year,
        stage=stage,
        method=method,
        catalog_code=g.get("item", "")[:8] or None,
    )
    page = CappedPaginator(found, PAGE, cap=SEARCH_CAP).get_page(g.get("page"))
    cities = _cities()
    counties = (
        Region.objects.filter(parent__code=city, is_active=True).order_by("code") if city else []
    )
    towns = (
        Region.objects.filter(parent__code=county, is_active=True).order_by("code")
        if county
        else []
    )
    return render(
        request,
        "disclosure/search.html",
        {
            "page": page,
            "q": g.get("q", ""),
            "sectors": Sector.choices,
            "year": year,
            "sector": sector,
            "cities": cities,
            "counties": counties,
            "city": city,
            "county": county,
            "towns": towns,
            "town": town,
            "stages": Stage.choices,
            "stage": stage,
            "methods": [label for _v, label in ProcurementMethod.choices],
            "method": method,
            "item": g.get("item", ""),
        },
    )


@reads_from_replica
def portal_project(request, code: str):
    listed, publications = selectors.public_project(code=code)
    stages = [
        (stage, label, p, presentation.rows(p.snapshot[stage]) if p else [])
        for stage, label, p in selectors.current_by_stage(publications)
    ]
    history = [
        (p, presentation.rows(p.snapshot[p.stage]))
        for p in publications
        if p.superseded_at is not None
    ]
    return render(
        request,
        "disclosure/project.html",
        {"listed": listed, "stages": stages, "history": history},
    )


@reads_from_replica
def portal_log(request):
    """The publication log as JSON: the head, and entries after ``after`` (at most
    ``limit``, 1,000 by default) with their snapshots."""
    after = int(request.GET["after"]) if request.GET.get("after", "").isdigit() else 0
    limit = min(int(request.GET["limit"]) if request.GET.get("limit", "").isdigit() else 1000, 5000)
    response = JsonResponse(
        services.log_document(after=after, limit=limit), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_POST
def publish_view(request, project_id: int, stage: str):
    project = project_get(actor=request.user, project_id=project_id)
    try:
        publication = services.publish(
            actor=request.user, project=project, stage=stage, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"已公开“{publication.get_stage_display()}”第 {publication.version} 版（日志第 {publication.seq} 条）。",
        )
    return redirect("projects:detail", project_id=project_id)


@reads_from_replica
def portal_catalog(request):
    """The provincial guidance catalog in force, and the way to each county's."""
    q = request.GET.get("q", "").strip()[:50]
    city = request.GET.get("city", "") if request.GET.get("city", "").isdigit() else ""
    return render(
        request,
        "disclosure/catalog.html",
        {
            "items": public_catalog(search=q),
            "q": q,
            "cities": _cities(),
            "city": city,
            "counties": Region.objects.filter(
                parent__code=city, level=Region.Level.COUNTY, is_active=True
            ).order_by("code")
            if city
            else [],
        },
    )


@reads_from_replica
def portal_county_catalog(request, county_code: str):
    county = selectors.public_county(code=county_code)
    return render(
        request,
        "disclosure/county_catalog.html",
        {"county": county, "entries": public_county_catalog(county=county)},
    )


@reads_from_replica
def portal_counties(request):
    """Every county, by 市州, each linking to its summary."""
    counties = Region.objects.filter(level=Region.Level.COUNTY, is_active=True).order_by("code")
    by_city: dict[str, list[Region]] = {}
    for county in counties:
        by_city.setdefault(county.parent_id, []).append(county)
    return render(
        request,
        "disclosure/counties.html",
        {"cities": [(c, by_city.get(c.pk, [])) for c in _cities()]},
    )


@reads_from_replica
def portal_county(request, county_code: str):
    """A county's published purchases in figures and charts (ECharts, served locally)."""
    county = selectors.public_county(code=county_code)
    summary = selectors.county_summary(county=county)
    charts = {
        "years": {
            "labels": [str(r["fiscal_year"]) for r in summary["years"]],
            "projects": [r["projects"] for r in summary["years"]],
            "budget": [float(r["budget"] or 0) / 10000 for r in summary["years"]],
        },
        "sectors": [{"name": r["label"], "value": r["projects"]} for r in summary["sectors"]],
        "grades": {
            "labels": [r["label"] for r in summary["grades"]],
            "projects": [r["projects"] for r in summary["grades"]],
        },
    }
    return render(
        request,
        "disclosure/county.html",
        {"county": county, "summary": summary, "charts": charts, "years": summary["years"]},
    )


def _cities():
    return Region.objects.filter(level=Region.Level.CITY, is_active=True).order_by("code")


# --- OCDS -----------------------------------------------------------------------------------

OCDS_PAGE = 100


@reads_from_replica
def ocds_releases(request):
    """A release package, newest first; ``since`` (ISO date-time) keeps newer ones,
    ``cursor`` continues below the last release of the previous page."""
    publications = Publication.objects.order_by("-seq")
    since = parse_datetime(request.GET.get("since", "")) if request.GET.get("since") else None
    if since is not None:
        publications = publications.filter(published_at__gte=since)
    if request.GET.get("cursor", "").isdigit():
        publications = publications.filter(seq__lt=int(request.GET["cursor"]))
    page = list(publications[:OCDS_PAGE])
    body = releases.package_meta() | {
        "uri": request.build_absolute_uri(),
        "publishedDate": china_iso(timezone.now()),
        "releases": [releases.release(p) for p in page],
    }
    if len(page) == OCDS_PAGE:
        query = request.GET.copy()
        query["cursor"] = str(page[-1].seq)
        body["links"] = {"next": request.build_absolute_uri(f"?{query.urlencode()}")}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@reads_from_replica
def ocds_record(request, ocid: str):
    project_id = releases.project_id_of(ocid)
    if project_id is None:
        raise Http404()
    found = list(Publication.objects.filter(project_id=project_id).order_by("seq"))
    if not found:
        raise Http404()
    body = releases.record_package(
        ocid,
        [releases.release(p) for p in found],
        published=china_iso(timezone.now()),
        uri=request.build_absolute_uri(),
    )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def ocds_extension(request, name: str):
    files = {"extension.json", "release-schema.json", "README.md"}
    if name not in files:
        raise Http404()
    path = releases.SCHEMAS / "extension" / name
    content_type = "text/markdown; charset=utf-8" if name.endswith(".md") else "application/json"
    return HttpResponse(path.read_text(encoding="utf-8"), content_type=content_type)


# --- bulk open data, feeds, printable notices --------------------------------------------


def data_dictionary(request):
    return render(request, "disclosure/data.html", {"datasets": opendata.DATASETS})


@reads_from_replica
def data_download(request, year: int, county_code: str, dataset: str, fmt: str):
    if dataset not in opendata.DATASETS or fmt not in ("csv", "xlsx", "json"):
        raise Http404()
    county = selectors.public_county(code=county_code)
    body, content_type = opendata.render(
        dataset, fmt, opendata.rows(dataset, year=year, county=county)
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename={dataset}-{county_code}-{year}.{fmt}"
    return response


class CountyFeed(Feed):
    """What a county's townships published, newest first (Atom)."""

    feed_type = Atom1Feed

    def get_object(self, request, county_code: str):
        return selectors.public_county(code=county_code)

    def title(self, county):
        return f"{county.name}乡镇政府购买服务信息公开"

    def link(self, county):
        return f"/public/?region={county.code}"

    def subtitle(self, county):
        return "购买的服务、标准、预算、程序、成交、合同、验收与绩效评价结果"

    def items(self, county):
        return Publication.objects.filter(scope_path__startswith=county.path).order_by("-seq")[:50]

    def item_title(self, item):
        project = item.snapshot["project"]
        correction = f"（第 {item.version} 版更正）" if item.version > 1 else ""
        return f"{project['title']} · {item.get_stage_display()}{correction}"

    def item_description(self, item):
        return presentation.text(item.snapshot[item.stage])[:500]

    def item_link(self, item):
        return f"/public/projects/{item.snapshot['project']['code']}/"

    def item_guid(self, item):
        return f"goumai-publication-{item.seq}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at


@reads_from_replica
def portal_notice(request, code: str):
    """A printable notice for the township's board, with a QR code to the page."""
    listed, publications = selectors.public_project(code=code)
    url = request.build_absolute_uri(f"/public/projects/{code}/")
    stages = [
        (label, presentation.rows(p.snapshot[stage])[:8])
        for stage, label, p in selectors.current_by_stage(publications)
        if p is not None
    ]
    return render(
        request,
        "disclosure/notice.html",
        {
            "listed": listed,
            "stages": stages,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=4, border=1),
        },
    )


@reads_from_replica
def portal_provider(request, provider_id: int):
    """A provider's public fields, the published contracts it won and its grades."""
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise Http404()
    won = list(
        Publication.objects.filter(
            stage="contract",
            superseded_at__isnull=True,
            snapshot__contract__provider__id=provider.pk,
        ).order_by("-seq")[:200]
    )
    return render(
        request,
        "disclosure/provider.html",
        {"view": public_view(provider, contracts_won=len(won)), "won": won[:200]},
    )


@login_required
def overdue_page(request):
    """What the township (or the county's townships) should have published by now."""
    rows = selectors.overdue_projects(actor=request.user, today=china_today())
    return render(
        request,
        "disclosure/overdue.html",
        {"rows": rows, "days": services.allowed_days()},
    )
