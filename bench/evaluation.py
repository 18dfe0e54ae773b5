"""Evaluation at province scale (issue 9), on the PostgreSQL database that
`bench/scale.py` keeps (``goumai_bench_scale``; generated when empty).

1. The county-year report: finished evaluations of one county and year read
   through the county user's jurisdiction, the grade figures, the Word and the PDF.
2. The formality flags: computed for one county-year, then refreshed for every
   finished evaluation of one year in the province, 2,000 at a time.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import URL, ensure_database  # noqa: E402


def timed(rows, label, call, runs=5):
    samples = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    samples.sort()
    rows.append((label, f"median {samples[len(samples) // 2] * 1000:.0f} ms (of {runs})"))
    return result


def main() -> None:
    try:
        ensure_database()
    except Exception as error:  # noqa: BLE001 — no PostgreSQL: say so and stop
        print(f"\n(PostgreSQL not reachable, evaluation benchmark skipped: {error})")
        return
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()
    from django.utils import timezone

    from goumai.accounts.models import OrgUnit, User
    from goumai.accounts.services import user_create
    from goumai.evaluation import reports
    from goumai.evaluation.flags import compute, flags_refresh
    from goumai.evaluation.models import Evaluation, Flag, LeafScore
    from goumai.evaluation.services import policy

    total = Evaluation.objects.count()
    if not total:
        print(
            "\n(no evaluations in goumai_bench_scale: drop the database and run `make bench` again)"
        )
        return
    county = User.objects.filter(username="bench-county").first() or user_create(
        actor=None,
        username="bench-county",
        password="Bench-pass-2026",
        roles=["approver"],
        org_unit=OrgUnit.objects.get(code="510131-finance"),
    )
    rows: list[tuple[str, str]] = []
    year = 2025
    evaluations = reports.finished_evaluations(actor=county, year=year)
    figures = timed(
        rows,
        f"county-year figures (蒲江县 {year}, {evaluations.count():,} evaluations)",
        lambda: reports.summary_figures(evaluations.iterator(chunk_size=2000)),
    )
    report = reports.summary_report(figures, title="绩效评价汇总报告")
    docx = timed(rows, "county-year report as Word", lambda: reports.to_docx(report))
    pdf = timed(rows, "county-year report as PDF", lambda: reports.to_pdf(report), runs=3)
    rows.append(("report sizes", f"Word {len(docx) / 1024:.0f} KB, PDF {len(pdf) / 1024:.0f} KB"))
    rules = policy()
    today = timezone.localdate()
    mine = list(evaluations)
    timed(
        rows,
        f"flags computed for the county-year ({len(mine):,} evaluations)",
        lambda: compute(mine, rules, today=today),
    )
    every = list(
        Evaluation.objects.filter(project__fiscal_year=year, status="finished")
        .only("id", "project_id", "status", "finished_at", "people_served")
        .order_by("id")
    )
    started = time.perf_counter()
    raised = 0
    for n in range(0, len(every), 2000):
        raised = flags_refresh(every[n : n + 2000], rules, today=today)
    elapsed = time.perf_counter() - started
    rows.append(
        (
            f"flags refreshed for the province's {year} ({len(every):,} evaluations, 2,000 a batch)",
            f"{elapsed:.0f} s ({len(every) / elapsed:,.0f} evaluations/s); "
            f"{Flag.objects.count():,} flags in all, last batch {raised:,}",
        )
    )
    print(
        f"\n### Evaluation at province scale ({total:,} evaluations, "
        f"{LeafScore.objects.count():,} leaf scores)\n\n| what | figure |\n|---|---|"
    )
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    main()
