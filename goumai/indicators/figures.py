"""The reform's figures for places and a year, computed from the platform's data.

One function, ``figures``, answers for every place under ``within`` grouped by the
first ``length`` characters of its region path (8: the province, 15: each 市州,
22: each county, 32: each township), for one fiscal year, optionally one sector.
The pilot follow-up, the annual assessment and the monitoring dashboard all read it,
so an indicator means the same everywhere. Its definitions:

* 项目数 / 预算: projects of the year past approval (approved … closed, terminated);
* 合同金额 / 本地承接占比: contract money of those projects, and the share won by
  providers registered in the project's own county (a provincial or 市州 project:
  in its own area);
* 评价覆盖率: of the projects accepted (accepted, evaluated, closed), the share with
  a finished performance evaluation; 优良率: of the finished evaluations, the share
  graded 优 or 良;
* 公开完整率 / 公开及时率: of the disclosure stages due longer than
  ``GOUMAI_DISCLOSURE_DAYS`` before ``as_of`` (``disclosure.services.due_days``), the
  share published by ``as_of``, and the share published within those days;
* 目录覆盖率: of the counties, the share whose county catalog holds an active entry
  (of the sector, when one is asked for).

A share whose denominator is zero is ``None`` — shown as 暂无数据, never a number.
Callers check the actor's jurisdiction over the places they ask for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Substr

from goumai.catalog.models import CountyCatalogEntry
from goumai.contracts.models import Contract
from goumai.core.dates import china_date, china_today
from goumai.core.money import money_sum
from goumai.core.rounding import percent
from goumai.disclosure.models import Publication
from goumai.disclosure.services import due_days
from goumai.evaluation.models import Evaluation
from goumai.holidays.periods import LegalCalendar, disclosure_late
from goumai.projects.models import Project
from goumai.providers.models import Grade
from goumai.regions.models import Region

S = Project.Status
LIVE = [S.APPROVED, S.PROCURING, S.CONTRACTED, S.PERFORMING, S.ACCEPTED, S.EVALUATED]
LIVE += [S.CLOSED, S.TERMINATED]
ACCEPTED = [S.ACCEPTED, S.EVALUATED, S.CLOSED]
COUNTY_PATH = 22  # "/510000/510100/510131/"
TENTH = Decimal("0.1")


def share(part, whole) -> Decimal | None:
    """``part`` of ``whole`` in per cent, one decimal (half up); ``None`` when ``whole`` is 0."""
    return percent(part, whole)


@dataclass
class Figures:
    projects: int = 0
    budget: Decimal = Decimal("0.00")
    contracted: Decimal = Decimal("0.00")
    local_contracted: Decimal = Decimal("0.00")
    accepted: int = 0
    evaluated: int = 0
    finished_evaluations: int = 0
    good_evaluations: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    stages_due: int = 0
    stages_published: int = 0
    stages_on_time: int = 0
    counties: int = 0
    counties_with_catalog: int = 0

    @property
    def local_share(self) -> Decimal | None:
        return share(self.local_contracted, self.contracted)

    @property
    def evaluation_coverage(self) -> Decimal | None:
        return share(self.evaluated, self.accepted)

    @property
    def good_share(self) -> Decimal | None:
        return share(self.good_evaluations, self.finished_evaluations)

    @property
    def disclosure_completeness(self) -> Decimal | None:
        return share(self.stages_published, self.stages_due)

    @property
    def disclosure_timeliness(self) -> Decimal | None:
        return share(self.stages_on_time, self.stages_due)

    @property
    def catalog_coverage(self) -> Decimal | None:
        return share(self.counties_with_catalog, self.counties)

    def add(self, other: Figures) -> Figures:
        """The figures of two places together (counts and money add up; the shares
        follow from them)."""
        for name in self.__dataclass_fields__:
            if name == "grades":
                for grade, n in other.grades.items():
                    self.grades[grade] = self.grades.get(grade, 0) + n
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def as_dict(self) -> dict:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        for name in SHARES:
            values[name] = getattr(self, name)
        return values


SHARES = (
    "local_share",
    "evaluation_coverage",
    "good_share",
    "disclosure_completeness",
    "disclosure_timeliness",
    "catalog_coverage",
)


def figures(
    *,
    year: int,
    within: str = "/",
    length: int | None = None,
    sector: str | None = None,
    as_of: date | None = None,
) -> dict[str, Figures]:
    """Figures of each place under ``within`` (a region path), keyed by the first
    ``length`` characters of its path (default: ``within`` itself, one place)."""
    length = length or len(within)
    as_of = as_of or china_today()
    result: dict[str, Figures] = defaultdict(Figures)
    key = Substr("scope_path", 1, length)

    projects = Project.objects.filter(scope_path__startswith=within, fiscal_year=year)
    if sector:
        projects = projects.filter(sector=sector)
    live = projects.filter(status__in=LIVE)
    for row in live.values(place=key).annotate(n=Count("id"), money=Sum("budget_amount")):
        result[row["place"]].projects = row["n"]
        result[row["place"]].budget = money_sum(row["money"])
    for row in (
        live.filter(status__in=ACCEPTED)
        .values(place=key)
        .annotate(
            n=Count("id"), done=Count("id", filter=Q(evaluation__status=Evaluation.Status.FINISHED))
        )
    ):
        result[row["place"]].accepted = row["n"]
        result[row["place"]].evaluated = row["done"]

    contracts = Contract.objects.filter(project__in=live.values("pk"))
    local = Q(provider__region__path__startswith=Substr("project__scope_path", 1, COUNTY_PATH))
    for row in contracts.values(place=Substr("project__scope_path", 1, length)).annotate(
        money=Sum("amount"), local=Sum("amount", filter=local)
    ):
        result[row["place"]].contracted = money_sum(row["money"])
        result[row["place"]].local_contracted = money_sum(row["local"])

    finished = Evaluation.objects.filter(
        project__in=projects.values("pk"), status=Evaluation.Status.FINISHED
    )
    good = {Grade.EXCELLENT, Grade.GOOD}
    for row in finished.values("grade", place=Substr("project__scope_path", 1, length)).annotate(
        n=Count("id")
    ):
        place = result[row["place"]]
        place.finished_evaluations += row["n"]
        place.good_evaluations += row["n"] if row["grade"] in good else 0
        if row["grade"]:
            place.grades[row["grade"]] = place.grades.get(row["grade"], 0) + row["n"]

    _disclosure(result, projects.exclude(status__in=[S.DRAFT, S.SUBMITTED]), length, as_of)
    _catalogs(result, within, length, sector)
    return dict(result)


def _disclosure(result, projects, length: int, as_of: date) -> None:
    places = dict(projects.values_list("pk", "scope_path"))
    first = {
        (row["project_id"], row["stage"]): china_date(row["first"])
        for row in Publication.objects.filter(project__in=projects.values("pk"))
        .values("project_id", "stage")
        .annotate(first=Min("published_at"))
    }
    calendar = LegalCalendar()
    for project_id, stages in due_days(projects).items():
        place = result[places[project_id][:length]]
        for stage, day in stages.items():
            if not disclosure_late(day, on=as_of, calendar=calendar):
                continue  # not due long enough to count (or its end not yet known)
            place.stages_due += 1
            published = first.get((project_id, stage))
            if published is not None and published <= as_of:
                place.stages_published += 1
                if not disclosure_late(day, on=published, calendar=calendar):
                    place.stages_on_time += 1


def _catalogs(result, within: str, length: int, sector: str | None) -> None:
    counties = Region.objects.filter(
        level=Region.Level.COUNTY, is_active=True, path__startswith=within
    )
    entries = CountyCatalogEntry.objects.filter(is_active=True)
    if sector:
        entries = entries.filter(item__sector=sector)
    with_catalog = set(entries.values_list("county_id", flat=True).distinct())
    for county_id, path in counties.values_list("pk", "path"):
        if len(path) < length:
            continue  # a county is no place of township length
        place = result[path[:length]]
        place.counties += 1
        place.counties_with_catalog += county_id in with_catalog
