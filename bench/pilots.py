"""Choosing pilot counties over the whole province (issue 14): ``make bench`` runs it.

Every county of the real map (183) applies with a random review score, two or three
of the four sectors and its townships as targets (六合一 / 五合一 where the map's
merged-unit count says 5 or more — random where the map has none); the rules are the
work plan's: 10–12 counties, each economic region, each sector at least 3, at most 2 a
市州, half the target townships merged. Timed: the solve alone, the selection with what
binds and the quick reasons, and with a precise reason for every county left out.

    python bench/pilots.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def candidates(seed: int = 2026):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-pilots.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    from goumai.pilots.selection import Candidate
    from goumai.regions.models import Region

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(level=3).exists():
        call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    rng = random.Random(seed)
    sectors = ["civil_affairs", "education", "agriculture", "justice"]
    result = []
    for county in Region.objects.filter(level=3).select_related("parent__economic_region"):
        townships = list(
            Region.objects.filter(parent=county).values_list("merged_unit_count", flat=True)
        )
        merged = sum(1 for n in townships if (n or rng.choice([0, 0, 5, 6])) >= 5)
        result.append(
            Candidate(
                county=county.code,
                name=county.name,
                city=county.parent.code,
                region=county.parent.economic_region.code,
                sectors=frozenset(rng.sample(sectors, rng.choice([2, 3]))),
                score=Decimal(rng.randint(6000, 9800)) / 100,
                targets=len(townships),
                merged=merged,
            )
        )
    return result


def main() -> None:
    from goumai.pilots import selection

    pool = candidates()
    rules = selection.Rules(
        minimum=10,
        maximum=12,
        sectors={s: 3 for s in ("civil_affairs", "education", "agriculture", "justice")},
        per_city=2,
        merged_share=Decimal("0.5"),
    )
    ordered = sorted(pool, key=lambda c: c.county)
    groups = selection._groups(ordered, rules)
    solves = []
    for _ in range(20):
        t = time.perf_counter()
        feasible, chosen, total = selection._solve(ordered, groups)
        solves.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    result = selection.select_pilots(pool, rules)
    quick = time.perf_counter() - t
    t = time.perf_counter()
    everything = selection.select_pilots(pool, rules, explain_all=True)
    full = time.perf_counter() - t
    assert everything.chosen == result.chosen
    print(f"\n### Pilot selection ({len(pool)} counties, random scores, seed 2026)\n")
    print("| what | figure |\n|---|---|")
    print(f"| one optimal solve (HiGHS), median of 20 | {statistics.median(solves):.1f} ms |")
    print(f"| selection with binding rules and quick reasons | {quick * 1000:.0f} ms |")
    print(
        f"| … with a precise reason for each of the {len(everything.left_out)} left out | {full:.1f} s |"
    )
    print(
        f"| chosen | {len(result.chosen)} counties, total {result.total}; binding: {'、'.join(result.binding) or '—'} |"
    )


if __name__ == "__main__":
    main()
