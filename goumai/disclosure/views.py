"""The public portal (/public/, no login) and the back office's 信息公开 actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from goumai.core.errors import DomainError
from goumai.core.roles import Sector
from goumai.disclosure import presentation, releases, selectors, services
from goumai.disclosure.models import Publication
from goumai.projects.selectors import project_get

PAGE = 20


def portal_search(request):
    g = request.GET
    year = int(g["year"]) if g.get("year", "").isdigit() else None
    sector = g.get("sector") if g.get("sector") in Sector.values else None
    found = selectors.public_search(
        q=g.get("q", "")[:50], region_code=g.get("region", "")[:9], sector=sector, year=year
    )
    page = Paginator(found, PAGE).get_page(g.get("page"))
    return render(
        request,
        "disclosure/search.html",
        {
            "page": page,
            "q": g.get("q", ""),
            "sectors": Sector.choices,
            "year": year,
            "sector": sector,
        },
    )


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


# --- OCDS -----------------------------------------------------------------------------------

OCDS_PAGE = 100


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
        "publishedDate": timezone.now().isoformat(),
        "releases": [releases.release(p) for p in page],
    }
    if len(page) == OCDS_PAGE:
        query = request.GET.copy()
        query["cursor"] = str(page[-1].seq)
        body["links"] = {"next": request.build_absolute_uri(f"?{query.urlencode()}")}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def ocds_record(request, ocid: str):
    prefix = releases.ocid_of(0)[:-1]
    if not ocid.startswith(prefix) or not ocid[len(prefix) :].isdigit():
        raise Http404()
    found = list(Publication.objects.filter(project_id=int(ocid[len(prefix) :])).order_by("seq"))
    if not found:
        raise Http404()
    body = releases.record_package(
        ocid,
        [releases.release(p) for p in found],
        published=timezone.now().isoformat(),
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
