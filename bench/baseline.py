"""The framework's ceiling beside goumai (issue 13), over HTTP on the province database.

gunicorn serves goumai and, in the same processes, a bare django-ninja endpoint over
the same projects table (``bench/baseline/urls.py``: same scope filter, same joins, 50
rows, no auth, no count). ``wrk`` (Debian's package; a native load generator, so the
client is not what caps the figures) loads each pair in turn with the same settings,
and the table gives goumai's requests per second as a share of the bare endpoint's.

    make bench            # runs this after the other benchmarks
    python bench/baseline.py

Needs PostgreSQL and ``goumai_bench_scale`` (``bench/scale.py`` fills it); skips with
a message when wrk is missing.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.accounts import PASSWORD, accounts, token  # noqa: E402
from bench.scale import URL, ensure_database, gunicorn  # noqa: E402

PORT = int(os.environ.get("GOUMAI_BENCH_PORT", "8766"))
CONNECTIONS = int(os.environ.get("GOUMAI_BENCH_CONNECTIONS", "16"))
SECONDS = int(os.environ.get("GOUMAI_BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("GOUMAI_BENCH_WORKERS", "4"))
TOWNSHIP = "/510000/510100/510131/510131104/"
COUNTY = "/510000/510100/510131/"


def session_cookie(username: str) -> str:
    """Log in through the login page as a browser would; the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    middleware = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={middleware}"
    conn.request(
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{PORT}/accounts/login/",
        },
    )
    answer = conn.getresponse()
    answer.read()
    cookies = answer.getheader("Set-Cookie") or ""
    return "sessionid=" + re.search(r"sessionid=([^;]+)", cookies).group(1)


def wrk(path: str, headers: dict | None = None) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency (ms)."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{path}: {bad.group(1)} failed responses\n{output}")
    return rate, float(p99.group(1)) * scale


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipping the baseline")
        return
    generated = ensure_database()
    if generated:
        print(f"generated the province in {generated}")
    info = accounts()
    with gunicorn(PORT, workers=WORKERS, settings="bench.baseline.settings"):
        auth = {
            who: {"Authorization": f"Bearer {token(name, PORT)}"}
            for who, name in info["names"].items()
        }
        cookie = {"Cookie": session_cookie(info["names"]["county"])}
        sample = info["sample"]
        cases = [
            (
                "township list",
                "/api/v1/projects",
                auth["township"],
                f"/bare/projects?scope={TOWNSHIP}",
            ),
            ("county list", "/api/v1/projects", auth["county"], f"/bare/projects?scope={COUNTY}"),
            (
                "province list",
                "/api/v1/projects",
                auth["province"],
                "/bare/projects?scope=/510000/",
            ),
            (
                "project page (API)",
                f"/api/v1/projects/{sample}",
                auth["township"],
                f"/bare/projects/{sample}",
            ),
            (
                "province dashboard",
                "/api/v1/projects/dashboard",
                auth["province"],
                "/bare/dashboard?scope=/510000/",
            ),
            ("county list page (HTML)", "/projects/", cookie, f"/bare/projects?scope={COUNTY}"),
        ]
        print(
            f"wrk: 2 threads, {CONNECTIONS} connections, {SECONDS} s each; gunicorn {WORKERS} workers; {URL.rsplit('/', 1)[1]}"
        )
        print("| what | goumai req/s | p99 ms | bare req/s | p99 ms | ratio |")
        print("|---|---|---|---|---|---|")
        for label, path, headers, bare_path in cases:
            ours, ours_p99 = wrk(path, headers)
            theirs, theirs_p99 = wrk(bare_path)
            print(
                f"| {label} | {ours:.0f} | {ours_p99:.0f} | {theirs:.0f} | {theirs_p99:.0f} | "
                f"{ours / theirs:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
