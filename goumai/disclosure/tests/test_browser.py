"""The portal in a real browser (Debian's Chromium through Playwright) at 375 px:
screenshots of the search page and a project page, and axe-core (GB/T 37668 is
WCAG-based) with no serious or critical violation on the portal's pages.

Skipped when Chromium is not installed, unless CI=true (then it fails): `.ci/run`
installs Debian's chromium when it is missing."""

import pytest

from goumai.disclosure.services import due_stages, publish
from goumai.tests.browser import SHOTS, serious, too_wide

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("map_loaded", "in_2028"),
]


def test_the_portal_on_a_phone(browser, live_server, evaluated, town_user):
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # axe-core is injected as an inline script: this page lets it past the policy
    page = browser.new_page(viewport={"width": 375, "height": 800}, locale="zh-CN", bypass_csp=True)
    problems = {}
    for name, path in (
        ("search", "/public/?q=jjyl"),
        ("project", f"/public/projects/{evaluated.code}/"),
        ("provider", f"/public/providers/{evaluated.contract.provider_id}/"),
        ("data", "/public/data/"),
        ("county", "/public/counties/510131/"),
        ("counties", "/public/counties/"),
        ("catalog", "/public/catalog/?city=510100"),
        ("county-catalog", "/public/catalog/510131/"),
    ):
        page.goto(f"{live_server.url}{path}")
        if name == "county":  # ECharts drew the three charts from the local copy
            page.wait_for_selector("#chart-grades canvas")
            assert page.locator(".chart canvas").count() == 3
        if name in ("search", "project", "county"):
            page.screenshot(path=str(SHOTS / f"public-{name}-375.png"), full_page=True)
        found = serious(page) + (["the page scrolls sideways at 375 px"] if too_wide(page) else [])
        if found:
            problems[path] = found
    assert problems == {}
    # choosing a 市州, then a county, offers its counties, then its townships
    page.goto(f"{live_server.url}/public/")
    page.select_option("select[name=city]", "510100")
    page.wait_for_selector("select[name=county]")
    page.select_option("select[name=county]", "510131")
    page.wait_for_selector("select[name=town]")
    assert evaluated.title in page.content()


def test_the_portal_lives_with_its_content_security_policy(
    browser, live_server, evaluated, town_user
):
    """Under the real policy: no violation reported, and the charts and the filter
    script (static files) still work."""
    for stage in due_stages(evaluated):
        publish(actor=town_user, project=evaluated, stage=stage)
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    for path in (
        "/public/",
        "/public/counties/510131/",
        f"/public/projects/{evaluated.code}/",
        f"/public/projects/{evaluated.code}/notice/",
        "/accounts/login/",
        "/api/v1/docs",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/public/counties/510131/")
    page.wait_for_selector("#chart-grades canvas")
    page.goto(f"{live_server.url}/public/")
    page.select_option("select[name=city]", "510100")
    page.wait_for_selector("select[name=county]")
    assert refused == []
    assert (SHOTS / "public-project-375.png").stat().st_size > 10_000
