"""Approvals per second over HTTP (issue 13), with no overspend and an intact audit chain.

On the province database (``goumai_bench_scale``) the bench makes submitted projects of
大邑县's townships directly in the database (bench data: each run its own, removed at the
end), then ``wrk``
(Lua script ``bench/approve.lua``) approves them through
``POST /api/v1/projects/{id}/transitions/approve`` as the county's finance bureau, with
1, 4 and 16 concurrent connections against gunicorn with 4 workers:

* **many lines**: every project on a budget line of its own;
* **one line**: every project on the same line (enough money for all of them), so each
  approval waits for the line's row lock;
* **tight line**: 300 projects on one line that holds the money for exactly 100, 16
  connections: exactly 100 must be approved and the rest refused.

Afterwards: no budget line anywhere has reserved + spent above its amount, and the
audit chain verifies from its first entry to its head.

    python bench/approvals.py          # make bench runs it last
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.accounts import setup, token, user  # noqa: E402
from bench.scale import ensure_database, gunicorn  # noqa: E402

PORT = int(os.environ.get("GOUMAI_BENCH_PORT", "8767"))
SECONDS = int(os.environ.get("GOUMAI_BENCH_APPROVAL_SECONDS", "5"))
WORKERS = int(os.environ.get("GOUMAI_BENCH_WORKERS", "4"))
PER_RUN = int(os.environ.get("GOUMAI_BENCH_APPROVALS", "3000"))  # more than a run can use
# Not 蒲江县 (510131), whose lists bench/baseline.py measures: the projects made here
# would change them. Removed again at the end of the run.
COUNTY = "510129"
PRICE = Decimal("10000.00")
SCRIPT = ROOT / "bench" / "approve.lua"


def make_projects(tag: str, count: int, *, lines: str, line_amount: Decimal | None = None):
    """``count`` submitted projects of the county's townships; ``lines`` is "own" (one
    line each) or "shared" (one line for all, holding ``line_amount``). Returns ids."""
    from goumai.accounts.models import OrgUnit
    from goumai.budgets.models import BudgetLine
    from goumai.projects.models import Project

    purchasers = list(
        OrgUnit.objects.filter(
            code__startswith=COUNTY, code__endswith="-government", region__level=4
        ).select_related("region")
    )
    entries = {}
    for unit in purchasers:
        sample = (
            Project.objects.filter(purchaser=unit, fiscal_year=2026)
            .select_related("catalog_entry__item")
            .first()
        )
        entries[unit.pk] = sample.catalog_entry
    purchasers = [unit for unit in purchasers if entries.get(unit.pk)]

    def line(unit, code, amount):
        return BudgetLine(
            org_unit=unit,
            fiscal_year=2026,
            code=code,
            name="基准测试经费",
            funding_source="own",
            amount=amount,
        )

    if lines == "own":
        plan = [(purchasers[i % len(purchasers)], f"BENCH-{tag}-{i}") for i in range(count)]
        made = BudgetLine.objects.bulk_create([line(u, code, PRICE) for u, code in plan])
        owners = [(u, made_line) for (u, _), made_line in zip(plan, made, strict=True)]
    else:
        unit = purchasers[0]
        shared = line(unit, f"BENCH-{tag}", line_amount)
        shared.save()
        owners = [(unit, shared)] * count
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"BENCH-{tag}-{i:05d}",
                title=f"{entries[unit.pk].name}（基准测试 {tag}-{i}）",
                purchaser=unit,
                fiscal_year=2026,
                catalog_entry=entries[unit.pk],
                budget_line=budget_line,
                budget_amount=PRICE,
                planned_method="inquiry",
                content="基准测试",
                status="submitted",
                scope_path=unit.region.path,
                sector=entries[unit.pk].item.sector,
                beneficiaries="辖区群众",
            )
            for i, (unit, budget_line) in enumerate(owners)
        ],
        batch_size=1000,
    )
    return [p.pk for p in projects]


def approve_over_http(ids: list[int], bearer: str, connections: int) -> tuple[float, dict]:
    """wrk for ``SECONDS``: approvals per second (counted in the database) and wrk's figures."""
    from goumai.projects.models import Project

    threads = min(connections, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as file:
        file.write("\n".join(map(str, ids)))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{SECONDS}s",
        "--latency",
        "-s",
        str(SCRIPT),
        f"http://127.0.0.1:{PORT}",
        "--",
        file.name,
        bearer,
        str(threads),
    ]
    before = cpu_times()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    busy = cpu_busy(before, cpu_times())
    os.unlink(file.name)
    elapsed = float(re.search(r"requests in ([\d.]+)(ms|s)", output).group(1))
    if re.search(r"requests in [\d.]+ms", output):
        elapsed /= 1000
    approved = Project.objects.filter(pk__in=ids, status="approved").count()
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    refused = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return approved / elapsed, {
        "approved": approved,
        "offered": len(ids),
        "p99": p99_ms,
        "refused": int(refused.group(1)) if refused else 0,
        "cpu": busy,
    }


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def cpu_busy(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of the machine's CPU time that was busy between the two readings."""
    return (after[0] - before[0]) / max(after[1] - before[1], 1)


def head_hold(count: int = 300) -> tuple[float, float]:
    """In this process, one client: approve ``count`` projects through the service and
    time how long each holds the audit chain's head (from the append at the end of its
    ``audited()`` block to the end of its commit) and the whole service. Medians, ms."""
    import statistics

    from django.db import connection

    from goumai.accounts.models import User
    from goumai.audit import services as audit_services
    from goumai.projects.models import Project
    from goumai.projects.services import project_transition

    approver = User.objects.get(username="bench-approver")
    ids = make_projects(f"{time.strftime('%m%d%H%M%S')}-hold", count, lines="own")
    holds, totals, started = [], [], {}
    append, commit = audit_services._append, connection.commit

    def timed_append(rows):
        started["head"] = time.perf_counter()
        return append(rows)

    def timed_commit():
        commit()
        if "head" in started:
            holds.append((time.perf_counter() - started.pop("head")) * 1000)

    audit_services._append, connection.commit = timed_append, timed_commit
    try:
        for project in Project.objects.filter(pk__in=ids):
            t = time.perf_counter()
            project_transition(actor=approver, project=project, action="approve")
            totals.append((time.perf_counter() - t) * 1000)
    finally:
        audit_services._append, connection.commit = append, commit
    return statistics.median(holds), statistics.median(totals)


def remove_bench_rows() -> int:
    """Delete what ``make_projects`` made (its projects, their events and budget lines
    and the lines' movements), so the province data stays as generated. The audit
    entries of the approvals stay: the chain is append-only."""
    from goumai.budgets.models import BudgetLine, BudgetMovement
    from goumai.projects.models import Project

    projects = Project.objects.filter(code__startswith="BENCH-")
    count = projects.count()
    projects.delete()
    BudgetMovement.objects.filter(line__code__startswith="BENCH-").delete()
    BudgetLine.objects.filter(code__startswith="BENCH-").delete()
    return count


def invariants() -> tuple[int, int, str]:
    from django.db import connection
    from django.db.models import F

    from goumai.audit.verify import verify_chain
    from goumai.budgets.models import BudgetLine

    over = BudgetLine.objects.filter(amount__lt=F("reserved") + F("spent")).count()
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_DIFFERENCES)
        differences = cursor.fetchone()[0]
    started = time.perf_counter()
    report = verify_chain()
    took = time.perf_counter() - started
    chain = (
        f"verifies ({report.checked:,} entries in {took:.1f} s)"
        if report.ok
        else f"BROKEN at #{report.broken_seq}: {report.reason}"
    )
    return over, differences, chain


# Rows where the summary kept by the triggers differs from a fresh aggregation.
SUMMARY_DIFFERENCES = """
WITH fresh AS (
    SELECT scope_path, fiscal_year, status, COALESCE(sector, '') AS sector, COUNT(*) AS n,
        ROUND(SUM(budget_amount) * 100)::bigint AS b, ROUND(SUM(paid_amount) * 100)::bigint AS p
    FROM projects_project GROUP BY 1, 2, 3, 4),
kept AS (
    SELECT scope_path, fiscal_year, status, sector, count AS n, budget_fen AS b, paid_fen AS p
    FROM projects_projectsummary WHERE count <> 0 OR budget_fen <> 0 OR paid_fen <> 0)
SELECT (SELECT COUNT(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM kept) AS missing)
     + (SELECT COUNT(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM fresh) AS extra)
"""


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipping the approvals")
        return
    ensure_database()
    setup()
    approver = user("bench-approver", f"{COUNTY}-finance", ["approver"])
    tag = time.strftime("%m%d%H%M%S")
    plans = [(lines, connections) for lines in ("own", "shared") for connections in (1, 4, 16)]
    made = {}
    for lines, connections in plans:
        amount = PRICE * PER_RUN if lines == "shared" else None
        made[lines, connections] = make_projects(
            f"{tag}-{lines}{connections}", PER_RUN, lines=lines, line_amount=amount
        )
    tight = make_projects(f"{tag}-tight", 300, lines="shared", line_amount=PRICE * 100)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics for the rows just made
        cursor.execute("ANALYZE projects_project; ANALYZE budgets_budgetline")
    print(
        f"\n### Approvals over HTTP (gunicorn {WORKERS} workers, wrk {SECONDS} s a run, "
        "大邑县 finance bureau's token)\n"
    )
    print("| budget lines | clients | approvals/s | p99 ms | approved | CPU busy |")
    print("|---|---|---|---|---|---|")
    with gunicorn(PORT, workers=WORKERS):
        bearer = token(approver, PORT)
        # Warm every worker up (imports, connections) before the first measured run.
        subprocess.run(
            [
                "wrk",
                "-t2",
                "-c8",
                "-d2s",
                "-H",
                f"Authorization: Bearer {bearer}",
                f"http://127.0.0.1:{PORT}/api/v1/projects",
            ],
            capture_output=True,
            check=True,
        )
        for (lines, connections), ids in made.items():
            rate, figures = approve_over_http(ids, bearer, connections)
            label = "one per project" if lines == "own" else "one for all"
            exhausted = (
                " (all: raise GOUMAI_BENCH_APPROVALS)" if figures["approved"] == len(ids) else ""
            )
            print(
                f"| {label} | {connections} | {rate:.0f} | {figures['p99']:.0f} | "
                f"{figures['approved']:,}{exhausted} | {figures['cpu']:.0%} |",
                flush=True,
            )
        _rate, figures = approve_over_http(tight, bearer, 16)
    from goumai.budgets.models import BudgetLine
    from goumai.projects.models import Project

    line = BudgetLine.objects.get(pk=Project.objects.get(pk=tight[0]).budget_line_id)
    print(
        f"\nTight line (money for 100 of 300 projects, 16 clients): "
        f"{Project.objects.filter(pk__in=tight, status='approved').count()} approved, "
        f"reserved {line.reserved} of {line.amount}."
    )
    hold, total = head_hold()
    print(
        f"One client in process: an approval takes {total:.1f} ms (median) in the service and "
        f"holds the audit head {hold:.2f} ms of it (append and commit): one chain can take "
        f"about {1000 / hold:,.0f} approvals a second before the head is what waits."
    )
    removed = remove_bench_rows()
    over, differences, chain = invariants()
    print(
        f"Removed the {removed:,} bench projects again. Then: budget lines with reserved + "
        f"spent above the amount: {over}; summary rows unlike a fresh aggregation of every "
        f"project: {differences}; audit chain {chain}."
    )


if __name__ == "__main__":
    main()
