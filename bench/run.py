"""Benchmarks for the foundation: `make bench` (SQLite and, when reachable, PostgreSQL).

Measures on a fresh database of its own (never the working one):
  * loading the whole map (3,306 divisions, 3,514 org units, audited) and reloading it;
  * API latency in-process (Django test client, no network): region list and detail,
    org-unit list, audit trail, as a province, a county and a township user;
  * `goumai audit verify` throughput.
Prints a Markdown table; figures go into docs/performance.md by hand.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("GOUMAI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/goumai_bench")


def child(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from goumai.accounts.models import OrgUnit
    from goumai.accounts.services import user_create
    from goumai.audit.verify import verify_chain
    from goumai.core.roles import Role
    from goumai.regions.models import Region

    settings.ALLOWED_HOSTS = ["*"]
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    call_command("migrate", verbosity=0)
    rows = []

    t = time.perf_counter()
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    rows.append(("load map + org units (empty database)", f"{time.perf_counter() - t:.2f} s"))
    t = time.perf_counter()
    call_command("load_regions", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    rows.append(("reload map (nothing changed)", f"{time.perf_counter() - t:.2f} s"))

    units = {
        "province": "510000-finance",
        "county": "510131-finance",
        "township": "510131104-government",
    }
    users = {
        who: user_create(
            actor=None,
            username=f"bench-{who}",
            password=None,
            org_unit=OrgUnit.objects.get(code=code),
            roles=[Role.CLERK],
        )
        for who, code in units.items()
    }
    township = Region.objects.get(code="510131104")
    cases = [
        (
            "GET /api/v1/regions?level=4&limit=50",
            "province",
            "/api/v1/regions",
            {"level": 4, "limit": 50},
        ),
        (
            "GET /api/v1/regions?level=4&offset=3000",
            "province",
            "/api/v1/regions",
            {"level": 4, "offset": 3000},
        ),
        ("GET /api/v1/regions?q=镇 (search)", "province", "/api/v1/regions", {"q": "镇"}),
        ("GET /api/v1/regions?level=4", "county", "/api/v1/regions", {"level": 4}),
        ("GET /api/v1/regions/{code}", "township", f"/api/v1/regions/{township.code}", {}),
        ("GET /api/v1/org-units?limit=100", "province", "/api/v1/org-units", {"limit": 100}),
        ("GET /api/v1/audit-entries?limit=50", "province", "/api/v1/audit-entries", {"limit": 50}),
        (
            "GET /api/v1/audit-entries (one object)",
            "township",
            "/api/v1/audit-entries",
            {"object_type": "regions.region", "object_id": str(township.pk)},
        ),
        ("GET /regions/?level=4 (page)", "province", "/regions/", {"level": 4}),
    ]
    for label, who, path, params in cases:
        client = Client()
        client.force_login(users[who])
        for _ in range(5):
            assert client.get(path, params).status_code == 200
        samples = []
        for _ in range(200):
            t = time.perf_counter()
            client.get(path, params)
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        median = statistics.median(samples)
        p99 = samples[int(len(samples) * 0.99) - 1]
        rows.append(
            (
                f"{label} as {who}",
                f"median {median:.1f} ms, p99 {p99:.1f} ms, {1000 / median:.0f} req/s",
            )
        )

    t = time.perf_counter()
    report = verify_chain()
    elapsed = time.perf_counter() - t
    rows.append(
        (
            "audit verify",
            f"{report.checked} entries in {elapsed:.2f} s ({report.checked / elapsed:,.0f}/s)",
        )
    )

    print(f"\n### {vendor}\n\n| what | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


def fresh_sqlite() -> str:
    path = ROOT / "var" / "bench.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres() -> str | None:
    try:
        import psycopg

        with psycopg.connect(
            PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=5
        ) as conn:
            name = PG_URL.rsplit("/", 1)[1]
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return PG_URL
    except Exception as error:  # noqa: BLE001 — a missing server only skips that part
        print(f"\n(PostgreSQL not reachable, skipped: {error})")
        return None


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    print(f"goumai benchmarks — {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for url in (fresh_sqlite(), fresh_postgres()):
        if url:
            # One process per database: settings are read once per process.
            subprocess.run([sys.executable, __file__, "--child", url], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
