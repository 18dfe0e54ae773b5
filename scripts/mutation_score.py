"""Summarise `mutmut results` per module, leaving out the mutants that docs/testing.md
lists as equivalent (each with its reason). Run by `make mutation`."""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = set(
    re.findall(r"`(goumai\.[^`]+__mutmut_\d+)`", (ROOT / "docs/testing.md").read_text())
)


def module_of(name: str) -> str:
    return name.split(".x")[0] if ".x" in name else name.rsplit(".", 1)[0]


def main() -> int:
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    counts: dict[str, Counter] = defaultdict(Counter)
    survivors = []
    for line in out.splitlines():
        if ":" not in line:
            continue
        name, status = (part.strip() for part in line.rsplit(":", 1))
        if status == "survived" and name in EQUIVALENT:
            status = "equivalent"
        counts[module_of(name)][status] += 1
        if status in ("survived", "no tests", "timeout", "suspicious"):
            survivors.append((name, status))
    print(
        f"{'module':32} {'killed':>7} {'surv.':>6} {'equiv.':>7} {'other':>6}"
        f" {'unrun':>6} {'score':>7}"
    )
    total = Counter()
    for module in sorted(counts):
        c = counts[module]
        total.update(c)
        _print_row(module, c)
    _print_row("all", total)
    if survivors:
        print("\nNot killed (list the equivalent ones in docs/testing.md with why):")
        for name, status in survivors:
            print(f"  {name}: {status}")
    return 0


def _print_row(module: str, c: Counter) -> None:
    """score = killed / (killed + survived + other); equivalent and not yet run are
    left out (other: timeouts, no covering test, suspicious)."""
    killed, survived, equivalent = c["killed"], c["survived"], c["equivalent"]
    unrun = c["not checked"]
    known = ("killed", "survived", "equivalent", "not checked")
    other = sum(v for k, v in c.items() if k not in known)
    judged = killed + survived + other
    score = f"{100 * killed / judged:.1f}%" if judged else "—"
    print(f"{module:32} {killed:>7} {survived:>6} {equivalent:>7} {other:>6} {unrun:>6} {score:>7}")


if __name__ == "__main__":
    sys.exit(main())
