"""Disclosure at province scale (issue 10), on PostgreSQL: `make bench` runs it after
scale.py, on the same database (``goumai_bench_scale``).

1. Seeds the publications when there are none: every stage each generated project
   has reached, its snapshot made by the real builders (``disclosure.snapshots``) in
   worker processes, chained by the real log arithmetic (``disclosure.log``) in this
   one and bulk-inserted with the portal's rows (``disclosure.services.listing``).
   Not through ``services.publish`` (about 28 ms a publication: hours for the
   province) and not audited: bench data only. ``goumai disclosure verify`` is run
   on a slice of the seeded log to show it is a real chain.
2. The portal over HTTP: gunicorn, concurrent clients (threads on this machine,
   loopback), search by words, pinyin initials and filters, and project pages:
   median, p99, requests per second.
3. ``goumai ocds export`` (releases) and ``--records`` (compiled with ocdsmerge),
   and ``ocdskit compile --package`` on the very file the first one wrote: releases
   per second and peak memory (maximum resident set of each process).
"""

from __future__ import annotations

import http.client
import os
import random
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import CLIENTS, ROOT, URL, ensure_database, gunicorn, load, percentiles  # noqa: E402

PORT = int(os.environ.get("GOUMAI_BENCH_PORT", "8766"))
CHUNK = 2000
WORKERS = max(1, (os.cpu_count() or 2))


def setup() -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()


# --- 1. seeding -------------------------------------------------------------------------


def _snapshots(ids: list[int]) -> list[tuple]:
    """In a worker: the snapshots of these projects' reached stages, with digests."""
    from django.db import connection

    from goumai.disclosure.log import snapshot_digest
    from goumai.disclosure.models import Stage
    from goumai.disclosure.services import listing
    from goumai.disclosure.snapshots import build
    from goumai.projects.models import Project

    ended = {Project.Status.WITHDRAWN, Project.Status.TERMINATED}
    accepted = {Project.Status.ACCEPTED, Project.Status.EVALUATED, Project.Status.CLOSED}
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related(
            "purchaser__region",
            "catalog_entry__item",
            "budget_line",
            "procurement__award__provider",
            "contract__provider",
            "evaluation__framework",
            "evaluation__third_party",
        )
        .prefetch_related(
            "service_areas",
            "procurement__invitations__provider",
            "contract__milestones",
            "contract__amendments",
            "evaluation__scorings",
        )
        .order_by("id")
    )
    out = []
    for project in projects:
        stages = [Stage.PLAN]
        proc = getattr(project, "procurement", None)
        if proc is not None:
            stages.append(Stage.NOTICE)
            if getattr(proc, "award", None) is not None:
                stages.append(Stage.AWARD)
        if getattr(project, "contract", None) is not None:
            stages.append(Stage.CONTRACT)
            if project.status in accepted:
                stages.append(Stage.ACCEPTANCE)
        finished = getattr(project, "evaluation", None)
        if finished is not None and finished.finished_at is not None:
            stages.append(Stage.EVALUATION)
        if project.status in ended:
            stages.append(Stage.ENDING)
        snapshots = {stage: build(project, stage) for stage in stages}
        out.append(
            (
                project.pk,
                project.scope_path,
                project.sector,
                [(stage, snap, snapshot_digest(snap)) for stage, snap in snapshots.items()],
                listing(snapshots),
            )
        )
    connection.close()
    return out


def seed(rows: list[tuple[str, str]]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from goumai.disclosure.log import GENESIS_HASH, entry_digest
    from goumai.disclosure.models import LogHead, Publication, PublicProject
    from goumai.projects.models import Project

    if Publication.objects.exists():
        return
    ids = list(
        Project.objects.exclude(status__in=["draft", "submitted"])
        .order_by("id")
        .values_list("id", flat=True)
    )
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    started = time.perf_counter()
    seq, previous, published = 0, GENESIS_HASH, 0
    from django.db import connection

    connection.close()  # before forking: each worker opens a connection of its own
    with get_context("fork").Pool(WORKERS) as pool:
        for done, batch in enumerate(pool.imap(_snapshots, chunks), start=1):
            now = timezone.now()
            publications, listed = [], []
            for project_id, scope_path, sector, stages, fields in batch:
                for stage, snap, digest in stages:
                    seq += 1
                    entry = entry_digest(seq=seq, prev_hash=previous, snapshot_hash=digest)
                    publications.append(
                        Publication(
                            project_id=project_id,
                            stage=stage,
                            version=1,
                            snapshot=snap,
                            snapshot_hash=digest,
                            published_at=now,
                            published_by="bench-seed",
                            seq=seq,
                            prev_hash=previous,
                            entry_hash=entry,
                            scope_path=scope_path,
                            sector=sector,
                        )
                    )
                    previous = entry
                listed.append(
                    PublicProject(
                        project_id=project_id,
                        scope_path=scope_path,
                        last_published_at=now,
                        **fields,
                    )
                )
            with transaction.atomic():
                Publication.objects.bulk_create(publications, batch_size=1000)
                PublicProject.objects.bulk_create(listed, batch_size=1000)
                LogHead.objects.update_or_create(
                    pk=1, defaults={"last_seq": seq, "last_hash": previous}
                )
            published += len(publications)
            if done % 20 == 0:
                print(f"  seeded {published:,} publications ({done}/{len(chunks)} chunks)")
    elapsed = time.perf_counter() - started
    rows.append(
        (
            f"seed {published:,} publications of {len(ids):,} projects (real snapshot builders, {WORKERS} workers, bulk insert)",
            f"{elapsed:.0f} s ({published / elapsed:,.0f} a second)",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE disclosure_publication; ANALYZE disclosure_publicproject")


# --- 2. the portal over HTTP -------------------------------------------------------------


def portal_paths() -> list[str]:
    from goumai.disclosure.models import PublicProject

    rng = random.Random(2026)
    count = PublicProject.objects.count()
    codes = [
        PublicProject.objects.order_by("id").values_list("code", flat=True)[rng.randrange(count)]
        for _ in range(50)
    ]
    searches = [
        "/public/",
        "/public/?q=%E5%B1%85%E5%AE%B6%E5%85%BB%E8%80%81",  # 居家养老
        "/public/?q=jjyl",
        "/public/?q=jjyl&year=2026&city=510100",
        "/public/?county=510131&sector=civil_affairs",
        "/public/?stage=evaluation&page=3",
        "/public/?item=0104",
    ]
    return searches, [f"/public/projects/{code}/" for code in codes]


def over_http(rows: list[tuple[str, str]]) -> None:
    env = dict(os.environ, DATABASE_URL=URL)
    subprocess.run(
        [sys.executable, "-m", "goumai", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    searches, projects = portal_paths()
    with gunicorn(PORT) as workers:
        for label, paths in (("search", searches), ("project page", projects)):
            for path in paths:  # warm every worker's caches a little, and check each page
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                c.request("GET", path)
                response = c.getresponse()
                response.read()
                assert response.status == 200, (path, response.status)
            samples, elapsed, errors = load(paths, port=PORT)
            rows.append(
                (
                    f"portal {label} over HTTP ({len(paths)} different URLs), gunicorn {workers} workers, {CLIENTS} concurrent clients, {len(samples):,} requests",
                    f"{len(samples) / elapsed:.0f} req/s, {percentiles(samples)}, {errors} errors",
                )
            )


# --- 3. OCDS export against ocdskit ------------------------------------------------------

# Runs a command and prints its peak resident memory (KiB on Linux) as the last line.
MEASURE = (
    "import resource, subprocess, sys\n"
    "stdin = open(sys.argv[1], 'rb') if sys.argv[1] != '-' else None\n"
    "stdout = open(sys.argv[2], 'wb') if sys.argv[2] != '-' else subprocess.DEVNULL\n"
    "subprocess.run(sys.argv[3:], stdin=stdin, stdout=stdout, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measured(command: list[str], stdin: str = "-", stdout: str = "-") -> tuple[float, int]:
    env = dict(os.environ, DATABASE_URL=URL)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, stdin, stdout, *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def ocds(rows: list[tuple[str, str]]) -> None:
    from goumai.disclosure.models import Publication
    from goumai.disclosure.releases import SCHEMAS

    total = Publication.objects.count()
    goumai = [sys.executable, "-m", "goumai", "ocds", "export"]
    ocdskit = Path(sys.executable).with_name("ocdskit")
    with tempfile.TemporaryDirectory() as folder:
        releases_file, records_file = f"{folder}/releases.json", f"{folder}/records.json"
        figures = [
            ("goumai ocds export (release package)", measured([*goumai, "--out", releases_file])),
            (
                "goumai ocds export --records (compiled with ocdsmerge)",
                measured([*goumai, "--records", "--out", records_file]),
            ),
            (
                "ocdskit compile --package on the same releases",
                measured(
                    [
                        str(ocdskit),
                        "compile",
                        "--package",
                        "--schema",
                        str(SCHEMAS / "release-schema.json"),
                    ],
                    stdin=releases_file,
                    stdout=f"{folder}/ocdskit.json",
                ),
            ),
        ]
        size = Path(releases_file).stat().st_size
    for label, (elapsed, peak_kib) in figures:
        rows.append(
            (
                f"{label}, {total:,} releases",
                f"{elapsed:.0f} s, {total / elapsed:,.0f} releases/s, peak memory {peak_kib / 1024:.0f} MiB",
            )
        )
    ratio = figures[2][1][0] / figures[1][1][0]
    rows.append(
        (
            "records: goumai's speed relative to ocdskit compile",
            f"{ratio:.2f}× (release package file {size / 2**20:,.0f} MiB)",
        )
    )


def verify_slice(rows: list[tuple[str, str]]) -> None:
    """The seeded log is a real chain: the first 20,000 entries verify."""
    from goumai.disclosure.log import verify
    from goumai.disclosure.services import log_document

    document = log_document(after=0, limit=20000)
    entries = document["entries"]
    document["head"] = {"seq": entries[-1]["seq"], "hash": entries[-1]["entry_hash"]}
    started = time.perf_counter()
    result = verify(document)
    elapsed = time.perf_counter() - started
    assert result.ok, result
    rows.append(
        (
            f"verify the first {len(entries):,} log entries (SM3 of each snapshot and entry)",
            f"{elapsed:.1f} s ({len(entries) / elapsed:,.0f} entries/s)",
        )
    )


def main() -> None:
    rows: list[tuple[str, str]] = []
    try:
        ensure_database()
    except Exception as error:  # noqa: BLE001 — no PostgreSQL: say so and stop
        print(f"\n(PostgreSQL not reachable, disclosure benchmark skipped: {error})")
        return
    setup()
    from goumai.disclosure.models import Publication, PublicProject

    parts = sys.argv[1:] or ["seed", "verify", "http", "ocds"]  # e.g. `disclosure.py http`
    for part, run in (
        ("seed", seed),
        ("verify", verify_slice),
        ("http", over_http),
        ("ocds", ocds),
    ):
        if part in parts:
            run(rows)
    print(
        f"\n### Disclosure at province scale on PostgreSQL ({PublicProject.objects.count():,} published projects, {Publication.objects.count():,} publications)\n\n| what | figure |\n|---|---|"
    )
    for what, figure in rows:
        print(f"| {what} | {figure} |")


if __name__ == "__main__":
    main()
