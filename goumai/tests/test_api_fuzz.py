"""The API fuzzed from its own OpenAPI document (schemathesis).

Two runs over every operation, derandomised (the same requests on every run):

* **generated requests**: ``GOUMAI_FUZZ_EXAMPLES`` (20 in ``make test``; ``make
  fuzz`` runs many more) requests per operation, each as one of four callers — a
  township clerk, a county approver, the province's finance department, a
  provider;
* **boundary requests**: schemathesis's coverage phase (missing and extra fields,
  wrong types, empty and over-long strings, extreme numbers) as the caller each
  operation is for, so the boundaries reach the services, not only the 403.

Ids in paths are swapped for real ones from a small world (a draft project, an
approved one, one in performance with a contract) in about half of the cases. A
run fails on any 5xx and on any response that does not match the document.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error, response_schema_conformance

from goumai.accounts.services import token_issue, user_create
from goumai.conftest import PASSWORD
from goumai.contracts.tests.factories import sign
from goumai.procurement.tests.factories import approved_project, awarded_project
from goumai.projects.tests.factories import draft_project
from goumai.providers.tests.factories import provider

EXAMPLES = int(os.environ.get("GOUMAI_FUZZ_EXAMPLES", "20"))
ACTORS = ["township", "county", "province", "provider"]
CHECKS = [not_a_server_error, response_schema_conformance]
FIXED = dict(
    derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def natural_actor(label: str) -> str:
    """The caller an operation is for (the boundary run calls it as them)."""
    method, path = label.split(" ", 1)
    if path.startswith("/api/v1/provider/"):
        return "provider"
    if "/approve" in path or "/reject" in path:
        return "county"
    province_writes = (
        "/catalog/items",
        "/evaluation/frameworks",
        "/evaluation/policy",
        "/evaluation/poor-grade-bars",
        "/evaluation/flags",
    )
    if method != "GET" and path.startswith(tuple("/api/v1" + p for p in province_writes)):
        return "province"
    return "township"


class World:
    def __init__(self, make_user, township_a, rf):
        clerk = make_user(f"{township_a.code}-government", roles=("clerk", "unit_admin"))
        approver = make_user("510131-finance", roles=("approver",))
        province = make_user("510000-finance", roles=("unit_admin", "approver", "clerk"))
        draft = draft_project(clerk, township_a, amount="30000.00")
        approved = approved_project(
            clerk, township_a, approver, amount="20000.00", title="助餐服务"
        )
        winner = provider()
        performing = awarded_project(
            clerk, township_a, approver, amount="40000.00", provider=winner, reasons="最低价"
        )
        bid = performing.procurement.award.bid
        contract = sign(clerk, performing)
        supplier = user_create(
            actor=None,
            username="fuzz-provider",
            password=PASSWORD,
            org_unit=None,
            roles=["clerk"],
            provider=winner,
        )
        self.ids = {
            "project_id": [draft.pk, approved.pk, performing.pk],
            "bid_id": [bid.pk],
            "milestone_id": list(contract.milestones.values_list("pk", flat=True)),
        }
        self.headers = {}
        for name, user in zip(ACTORS, [clerk, approver, province, supplier], strict=True):
            text, _token = token_issue(
                request=rf.post("/"), username=user.username, password=PASSWORD
            )
            self.headers[name] = {"Authorization": f"Bearer {text}"}

    def call(self, case, actor: str):
        """Call as ``actor``, with a real id in place of a generated even one."""
        for key, value in (case.path_parameters or {}).items():
            if key in self.ids and isinstance(value, int) and value % 2 == 0:
                choices = self.ids[key]
                case.path_parameters[key] = choices[value // 2 % len(choices)]
        response = case.call(headers=self.headers[actor])
        case.validate_response(response, checks=CHECKS)


@pytest.fixture
def world(make_user, township_a, rf):
    # The requests go to the WSGI application itself, not Django's test client:
    # like the test client, keep the test's connection (and its transaction) open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield World(make_user, township_a, rf)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@schema.given(actor=st.sampled_from(ACTORS))
@settings(max_examples=EXAMPLES, **FIXED)
def test_generated_requests_get_no_server_error_and_match_the_document(case, actor, world):
    world.call(case, actor)


@schema.parametrize()
@settings(max_examples=1, **FIXED)
def test_boundary_requests_get_no_server_error_and_match_the_document(case, world):
    world.call(case, natural_actor(case.operation.label))
