"""Reads of the public portal: only what was published, for anyone; and the
back office's view of a project's disclosure, through the project's jurisdiction."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from goumai.core.errors import NotFound
from goumai.core.roles import Sector
from goumai.disclosure.models import Publication, PublicProject, Stage
from goumai.disclosure.services import due_stages
from goumai.holidays.periods import LegalCalendar, disclosure_late
from goumai.projects.selectors import project_list
from goumai.providers.models import Grade
from goumai.regions.models import Region


def public_search(
    *,
    q: str = "",
    region_code: str | None = None,
    sector: str | None = None,
    year: int | None = None,
    stage: str | None = None,
    method: str | None = None,
    catalog_code: str | None = None,
) -> QuerySet[PublicProject]:
    """Published projects, by Chinese words, pinyin or its initials (jjyl → 居家养老)."""
    found = PublicProject.objects.all()
    q = (q or "").strip()
    if q:
        latin = q.lower().replace(" ", "")
        condition = Q(title__contains=q) | Q(code__startswith=q) | Q(purchaser__contains=q)
        if latin.isascii() and latin.isalpha():
            condition |= Q(title_pinyin__contains=latin) | Q(title_initials__contains=latin)
        found = found.filter(condition)
    if region_code and region_code.isdigit():
        # a path prefix (an index range), never a contains-scan of every row
        path = Region.objects.filter(code=region_code).values_list("path", flat=True).first()
        found = found.filter(scope_path__startswith=path) if path else found.none()
    if sector:
        found = found.filter(sector=sector)
    if year:
        found = found.filter(fiscal_year=year)
    if stage:
        found = found.filter(stage=stage)
    if method:
        found = found.filter(method=method)
    if catalog_code:
        found = found.filter(catalog_code__startswith=catalog_code)
    return found.order_by("-last_published_at", "-id")


def public_project(*, code: str) -> tuple[PublicProject, list[Publication]]:
    """The published project and all its publications (current and superseded)."""
    listed = PublicProject.objects.filter(code=code).first()
    if listed is None:
        raise NotFound("未找到已公开的项目。")
    publications = list(
        Publication.objects.filter(project_id=listed.project_id).order_by("stage", "-version")
    )
    return listed, publications


def current_by_stage(publications: list[Publication]) -> list[tuple[str, str, Publication | None]]:
    current = {p.stage: p for p in publications if p.superseded_at is None}
    return [(stage, label, current.get(stage)) for stage, label in Stage.choices]


def overdue_projects(*, actor, today, limit: int = 2000) -> list[dict]:
    """Projects in the actor's jurisdiction with a stage due longer than the rule
    allows and not published (the newest ``limit`` projects are looked at)."""
    projects = project_list(actor=actor).exclude(status__in=["draft", "submitted"])[:limit]
    published: dict[int, set[str]] = {}
    for project_id, stage in Publication.objects.filter(
        project__in=[p.pk for p in projects], superseded_at__isnull=True
    ).values_list("project_id", "stage"):
        published.setdefault(project_id, set()).add(stage)
    rows = []
    calendar = LegalCalendar()
    for project in projects:
        late = [
            (Stage(stage).label, day, (today - day).days)
            for stage, day in due_stages(project).items()
            if stage not in published.get(project.pk, set())
            and disclosure_late(day, on=today, calendar=calendar)
        ]
        if late:
            rows.append({"project": project, "late": late})
    return rows


def public_county(*, code: str) -> Region:
    county = (
        Region.objects.filter(code=code, level=Region.Level.COUNTY).select_related("parent").first()
    )
    if county is None:
        raise NotFound("未找到该县（市、区）。")
    return county


def county_summary(*, county: Region) -> dict:
    """What a county's townships have published, counted: projects and budget by
    year, by sector and by progress, contract amounts, and evaluation grades. Read
    from the portal's rows only, so it holds nothing that was not published."""
    rows = PublicProject.objects.filter(scope_path__startswith=county.path)
    totals = rows.aggregate(
        projects=Count("id"), budget=Sum("budget_amount"), contracted=Sum("contract_amount")
    )

    def grouped(field):
        return list(
            rows.values(field)
            .annotate(projects=Count("id"), budget=Sum("budget_amount"))
            .order_by(field)
        )

    sector_labels = dict(Sector.choices)
    stage_labels = dict(Stage.choices)
    grades = dict(rows.exclude(grade="").values_list("grade").annotate(n=Count("id")))
    townships = {
        r["scope_path"].strip("/").split("/")[-1]: r["projects"]
        for r in rows.values("scope_path").annotate(projects=Count("id"))
    }
    names = dict(
        Region.objects.filter(parent=county, code__in=townships).values_list("code", "name")
    )
    names[county.code] = f"{county.name}本级"
    return {
        "totals": totals,
        "years": grouped("fiscal_year"),
        "sectors": [
            r | {"label": sector_labels.get(r["sector"], "其他")} for r in grouped("sector")
        ],
        "stages": [
            r | {"label": stage_labels[r["stage"]]}
            for r in sorted(grouped("stage"), key=lambda r: Stage.values.index(r["stage"]))
        ],
        "grades": [{"label": label, "projects": grades.get(label, 0)} for label in Grade.labels],
        "townships": sorted(
            ({"code": c, "name": names.get(c, c), "projects": n} for c, n in townships.items()),
            key=lambda r: r["code"],
        ),
    }
