"""The reform's figures at province scale (issue 14), on the PostgreSQL database that
`bench/scale.py` keeps (``goumai_bench_scale``; generated when empty).

1. ``indicators.figures`` for one county-year (a pilot county's follow-up), for the
   province by 市州 and by county (the monitoring dashboard's and the assessment's).
2. The year's target assessment computed: 25 subjects, every computed indicator
   (inside a transaction that is rolled back).
3. The monitoring page as the province, cold (no cached figures) and warm.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluation import timed  # noqa: E402
from scale import URL, ensure_database  # noqa: E402


def main() -> None:
    try:
        ensure_database()
    except Exception as error:  # noqa: BLE001 — no PostgreSQL: say so and stop
        print(f"\n(PostgreSQL not reachable, indicators benchmark skipped: {error})")
        return
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from goumai.accounts.models import OrgUnit, User
    from goumai.accounts.services import user_create
    from goumai.indicators.figures import figures
    from goumai.projects.models import Project
    from goumai.supervision import assessing

    settings.ALLOWED_HOSTS = ["*"]
    year = 2025
    as_of = date(2026, 6, 30)
    in_year = Project.objects.filter(fiscal_year=year).count()
    rows: list[tuple[str, str]] = []
    county = figures(year=year, within="/510000/510100/510131/", as_of=as_of)
    timed(
        rows,
        f"one county-year (蒲江县 {year}, {county['/510000/510100/510131/'].projects:,} projects)",
        lambda: figures(year=year, within="/510000/510100/510131/", as_of=as_of),
    )
    timed(
        rows,
        f"the province by 市州 ({year}, {in_year:,} projects)",
        lambda: figures(year=year, within="/510000/", length=15, as_of=as_of),
        runs=3,
    )
    timed(
        rows,
        f"the province by county ({year})",
        lambda: figures(year=year, within="/510000/", length=22, as_of=as_of),
        runs=3,
    )
    finance = User.objects.filter(username="bench-province").first() or user_create(
        actor=None,
        username="bench-province",
        password="Bench-pass-2026",
        roles=["unit_admin"],
        org_unit=OrgUnit.objects.get(code="510000-finance"),
    )

    def assess():
        with transaction.atomic():
            made = assessing.assessment_create(actor=finance, year=year, as_of=as_of)
            assessing.assessment_compute(actor=finance, assessment=made)
            transaction.set_rollback(True)

    timed(rows, f"target assessment {year} computed (4 departments, 21 市州)", assess, runs=3)
    client = Client()
    client.force_login(finance)

    def page():
        response = client.get("/monitoring/")
        assert response.status_code == 200, response.status_code

    def cold():
        cache.clear()
        page()

    plain = {**settings.STORAGES}
    plain["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES=plain):  # no collectstatic needed
        timed(rows, "monitoring page, province, 3 years, cold cache", cold, runs=3)
        timed(rows, "monitoring page, province, warm cache", page)
    print("\n### The reform's figures at province scale\n\n| what | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    main()
