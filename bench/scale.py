"""Province-scale benchmark (issue 3), on PostgreSQL: `make bench` runs it after run.py.

1. Makes sure database ``goumai_bench_scale`` holds the province: all 3,101
   townships, 30 projects a township a year over 3 years (``goumai generate
   --scale province``), timing the generation when it runs.
2. Project list and detail API in-process (median, p99) as a province, a county
   and a township user.
3. Requests per second over HTTP: gunicorn on 127.0.0.1 and a concurrent client
   (threads on this machine, loopback only, bounded count).
4. The time to approve 1,000 submitted projects through the service.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get(
    "GOUMAI_BENCH_SCALE_URL", "postgres://postgres@127.0.0.1:5432/goumai_bench_scale"
)
PORT = int(os.environ.get("GOUMAI_BENCH_PORT", "8765"))
CLIENTS = int(os.environ.get("GOUMAI_BENCH_CLIENTS", "8"))
REQUESTS = int(os.environ.get("GOUMAI_BENCH_REQUESTS", "2000"))


def ensure_database() -> str | None:
    import psycopg

    admin = URL.rsplit("/", 1)[0] + "/postgres"
    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, DATABASE_URL=URL)
    goumai = [sys.executable, "-m", "goumai"]
    subprocess.run([*goumai, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    with psycopg.connect(URL) as conn:
        have = conn.execute("SELECT count(*) FROM projects_project").fetchone()[0]
    if have:
        return None
    started = time.perf_counter()
    subprocess.run(
        [*goumai, "generate", "--scale", "province", "--workers", "2"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return f"{time.perf_counter() - started:.0f} s"


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"median {statistics.median(samples):.1f} ms, p99 {samples[int(len(samples) * 0.99) - 1]:.1f} ms"


def in_process(rows: list[tuple[str, str]]) -> dict:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from goumai.accounts.models import OrgUnit, User
    from goumai.accounts.services import user_create
    from goumai.projects.models import Project

    settings.ALLOWED_HOSTS = ["*"]

    def user(name, unit, roles):
        found = User.objects.filter(username=name).first()
        return found or user_create(
            actor=None,
            username=name,
            password="Bench-pass-2026",
            roles=roles,
            org_unit=OrgUnit.objects.get(code=unit),
        )

    users = {
        "province": user("bench-province", "510000-finance", ["approver", "clerk"]),
        "county": user("bench-county", "510131-finance", ["approver"]),
        "township": user("bench-township", "510131104-government", ["clerk"]),
    }
    counts = {
        "projects": Project.objects.count(),
        "province_visible": Project.objects.count(),
    }
    sample = Project.objects.filter(
        scope_path__startswith="/510000/510100/510131/510131104/"
    ).first()
    cases = [
        ("GET /api/v1/projects (50 rows)", "province", "/api/v1/projects", {}),
        (
            "GET /api/v1/projects?status=performing&fiscal_year=2026",
            "province",
            "/api/v1/projects",
            {"status": "performing", "fiscal_year": 2026},
        ),
        (
            "GET /api/v1/projects?economic_region=panxi",
            "province",
            "/api/v1/projects",
            {"economic_region": "panxi"},
        ),
        ("GET /api/v1/projects (county)", "county", "/api/v1/projects", {}),
        ("GET /api/v1/projects (township)", "township", "/api/v1/projects", {}),
        ("GET /api/v1/projects/{id}", "township", f"/api/v1/projects/{sample.pk}", {}),
        ("GET /api/v1/projects/dashboard (province)", "province", "/api/v1/projects/dashboard", {}),
        ("GET /api/v1/projects/dashboard (county)", "county", "/api/v1/projects/dashboard", {}),
    ]
    for label, who, path, params in cases:
        client = Client()
        client.force_login(users[who])
        for _ in range(3):
            assert client.get(path, params).status_code == 200, path
        runs = 50 if "dashboard (province)" in label else 200
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            client.get(path, params)
            samples.append((time.perf_counter() - t) * 1000)
        rows.append((f"{label} as {who}", percentiles(samples)))

    from goumai.core.errors import DomainError
    from goumai.projects.services import project_transition

    waiting = list(Project.objects.filter(status="submitted").order_by("id")[:1000])
    started = time.perf_counter()
    refused = 0
    for project in waiting:
        try:
            project_transition(actor=users["province"], project=project, action="approve")
        except DomainError:  # a gate said no: counted, not hidden
            refused += 1
    elapsed = time.perf_counter() - started
    rows.append(
        (
            f"approve {len(waiting):,} projects (service, one process)",
            f"{elapsed:.1f} s ({elapsed / max(len(waiting), 1) * 1000:.1f} ms each, {refused} refused by a gate)",
        )
    )
    counts["sample_id"] = sample.pk
    return counts


@contextmanager
def gunicorn(port: int = PORT, *, workers: int | None = None, settings: str | None = None):
    """gunicorn on 127.0.0.1 against the bench database, 2 workers a core plus one
    unless ``workers`` says; ``settings``: another settings module (its static files
    are collected first, the pages name them through the manifest). Yields the worker
    count, stops the server afterwards."""
    env = dict(os.environ, DATABASE_URL=URL, ALLOWED_HOSTS="127.0.0.1")
    if settings:
        env |= {"DJANGO_SETTINGS_MODULE": settings, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "goumai", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    workers = str(workers or 2 * (os.cpu_count() or 1) + 1)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "goumai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(60):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.5)
        yield workers
    finally:
        server.terminate()
        server.wait(timeout=20)


def load(
    paths: list[str], *, port: int = PORT, headers: dict | None = None
) -> tuple[list[float], float, int]:
    """``REQUESTS`` GETs from ``CLIENTS`` threads over ``paths`` in turn: the
    latencies (ms), the elapsed seconds and the number of failures."""
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    per_client = REQUESTS // CLIENTS

    def client(n):
        for i in range(per_client):
            path = paths[(n * 7 + i) % len(paths)]
            t = time.perf_counter()
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", path, headers=headers or {})
                response = c.getresponse()
                response.read()
                ok = response.status == 200
                c.close()
            except OSError:
                ok = False
            with lock:
                samples.append((time.perf_counter() - t) * 1000)
                errors[0] += 0 if ok else 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started, errors[0]


def over_http(rows: list[tuple[str, str]], sample_id: int) -> None:
    with gunicorn() as workers:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.request(
            "POST",
            "/api/v1/auth/token",
            json.dumps({"username": "bench-county", "password": "Bench-pass-2026"}),
            {"Content-Type": "application/json"},
        )
        token = json.loads(conn.getresponse().read())["token"]
        paths = [
            "/api/v1/projects",
            f"/api/v1/projects/{sample_id}",
            "/api/v1/projects?status=performing",
        ]
        samples, elapsed, errors = load(paths, headers={"Authorization": f"Bearer {token}"})
        rows.append(
            (
                f"HTTP, gunicorn {workers} workers, {CLIENTS} concurrent clients, {len(samples):,} requests (list/detail mix, county token)",
                f"{len(samples) / elapsed:.0f} req/s, {percentiles(samples)}, {errors} errors",
            )
        )


def main() -> None:
    rows: list[tuple[str, str]] = []
    try:
        generated = ensure_database()
    except Exception as error:  # noqa: BLE001 — no PostgreSQL: say so and stop
        print(f"\n(PostgreSQL not reachable, province benchmark skipped: {error})")
        return
    if generated:
        rows.append(("goumai generate --scale province", generated))
    counts = in_process(rows)
    over_http(rows, counts["sample_id"])
    print(
        f"\n### Province scale on PostgreSQL ({counts['projects']:,} projects)\n\n| what | figure |\n|---|---|"
    )
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    main()
