"""A Content-Security-Policy that allows this site's own scripts and styles only —
and pages that live with it: no inline script, handler or style in any template."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "inline style"),
    (re.compile(r"<style", re.I), "style element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found += [
            f"{path.relative_to(TEMPLATES)}: {what}"
            for pattern, what in INLINE
            if pattern.search(text)
        ]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/public/", "/accounts/login/", "/api/v1/docs"])
def test_pages_carry_the_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_every_page_has_a_skip_link_and_a_favicon(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<a class="skip" href="#main">跳到正文</a>' in body and 'id="main"' in body
    assert 'rel="icon"' in body
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("goumai/favicon.svg")
