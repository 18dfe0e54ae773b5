"""The bench users on the province database, and their API tokens."""

from __future__ import annotations

import http.client
import json
import os

from bench.scale import URL

PASSWORD = "Bench-pass-2026"  # noqa: S105 — bench accounts on the bench database only
TOWNSHIP = "/510000/510100/510131/510131104/"


def setup() -> None:
    """Django on the bench database."""
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goumai.settings")
    import django

    django.setup()


def user(name: str, unit: str, roles: list[str]) -> str:
    """A bench user of org unit ``unit`` with ``PASSWORD``, made when missing."""
    from goumai.accounts.models import OrgUnit, User
    from goumai.accounts.services import user_create

    found = User.objects.filter(username=name).first()
    if found is None:
        found = user_create(
            actor=None,
            username=name,
            password=PASSWORD,
            roles=roles,
            org_unit=OrgUnit.objects.get(code=unit),
        )
    found.set_password(PASSWORD)
    found.save(update_fields=["password"])
    return found.username


def accounts() -> dict:
    """The three bench users, a sample project and the township's path."""
    setup()
    from goumai.projects.models import Project

    names = {
        "township": user("bench-township", "510131104-government", ["clerk"]),
        "county": user("bench-county", "510131-finance", ["approver"]),
        "province": user("bench-province", "510000-finance", ["approver", "clerk"]),
    }
    sample = Project.objects.filter(scope_path__startswith=TOWNSHIP).order_by("-id").first()
    return {"names": names, "sample": sample.pk}


def token(username: str, port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"username": username, "password": PASSWORD})
    conn.request("POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"})
    return json.loads(conn.getresponse().read())["token"]
