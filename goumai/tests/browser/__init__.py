"""Browser tests' common pieces: Debian's Chromium through Playwright, and axe-core
(vendored here, ``axe.min.js``, npm ``axe-core``; GB/T 37668 is WCAG-based).

Without Chromium the tests skip, unless CI=true (then they fail): `.ci/run` installs
Debian's chromium when it is missing. Screenshots go to ``var/screenshots/``
(``GOUMAI_SCREENSHOTS``), kept as CI artefacts."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent / "axe.min.js"
SHOTS = Path(os.environ.get("GOUMAI_SCREENSHOTS", "var/screenshots"))


@pytest.fixture
def browser(monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # for this test only
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def serious(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            n["target"][0] + " " + n.get("failureSummary", "")[-80:] for n in v["nodes"][:3]
        )
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def too_wide(page) -> bool:
    """Whether the page scrolls sideways (wider than the window)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
