"""The project form's catalog picker follows the chosen budget line: an entry the line's
money is not for is refused at 保存草稿, beside the picker, and the page tells the script
which entries each line allows."""

import re

import pytest

from goumai.budgets.tests.factories import budget_line
from goumai.projects.models import Project
from goumai.projects.tests.factories import county_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client, town_user, township_a):
    client.force_login(town_user)
    line = budget_line(f"{township_a.code}-government", "100000.00")
    funded = county_entry(township_a.parent, "010401")
    other = county_entry(township_a.parent, "010402")
    return client, line, funded, other


def post(client, line, entry):
    return client.post(
        "/projects/new/",
        {
            "title": "居家养老上门服务",
            "fiscal_year": 2027,
            "catalog_entry": entry.pk,
            "budget_line": line.pk,
            "budget_amount": "30000.00",
            "content": "每周上门两次",
        },
    )


def test_an_entry_the_line_does_not_fund_is_refused_beside_the_picker(setup):
    client, line, funded, other = setup
    line.catalog_entries.set([funded])
    response = post(client, line, other)
    assert response.status_code == 200 and not Project.objects.exists()
    html = response.content.decode()
    assert re.search(r'id="id_catalog_entry_error">.*?资金不用于该目录条目', html, re.S)
    assert post(client, line, funded).status_code == 302


def test_a_line_for_no_entry_in_particular_funds_any(setup):
    client, line, _, other = setup
    assert post(client, line, other).status_code == 302


def test_each_line_option_names_the_entries_it_allows(setup):
    client, line, funded, other = setup
    line.catalog_entries.set([funded, other])
    html = client.get("/projects/new/").content.decode()
    option = re.search(rf'<option value="{line.pk}"[^>]*>', html).group(0)
    assert f'data-allows="{" ".join(str(p) for p in sorted([funded.pk, other.pk]))}"' in option
    assert 'data-limits="id_catalog_entry"' in html
