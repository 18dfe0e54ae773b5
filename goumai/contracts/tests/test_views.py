"""The contract form's milestones as rows: each row checked with its own message, the
rows kept as typed, and nothing signed until every row and the sum are right."""

import re

import pytest

from goumai.contracts.models import Contract

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]

BASE = {
    "number": "HT-1",
    "amount": "28000",
    "signed_on": "2027-03-20",
    "start_date": "2027-04-01",
    "end_date": "2027-12-31",
}


@pytest.fixture
def clerk(client, town_user):
    client.force_login(town_user)
    return client


def sign(client, project, rows):
    data = dict(BASE)
    for key in ("name", "due_date", "amount"):
        data[f"milestone_{key}"] = [row[key] for row in rows]
    return client.post(f"/projects/{project.pk}/contract/", data)


def test_rows_sign_a_contract_with_its_milestones(clerk, awarded):
    response = sign(
        clerk,
        awarded,
        [
            {"name": "上半年", "due_date": "2027-06-30", "amount": "14000"},
            {"name": "下半年", "due_date": "2027-12-31", "amount": "14000.00"},
        ],
    )
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert [(m.name, str(m.amount)) for m in contract.milestones.order_by("due_date")] == [
        ("上半年", "14000.00"),
        ("下半年", "14000.00"),
    ]


def test_a_bad_row_is_named_and_every_row_is_kept_as_typed(clerk, awarded):
    response = sign(
        clerk,
        awarded,
        [
            {"name": "上半年", "due_date": "2027-06-30", "amount": "14000"},
            {"name": "", "due_date": "2027-13-01", "amount": "1万"},
        ],
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Contract.objects.exists()
    assert re.search(
        r'id="ms-error-2" role="alert">第 2 行：请填写节点名称。请选择计划完成日期。', html
    )
    assert 'id="ms-error-1"' not in html
    assert 'value="1万"' in html and 'value="14000"' in html


def test_a_sum_other_than_the_contract_amount_is_refused(clerk, awarded):
    response = sign(clerk, awarded, [{"name": "全年", "due_date": "2027-12-31", "amount": "27000"}])
    assert response.status_code == 200 and not Contract.objects.exists()
    assert "合计" in response.content.decode()


def test_a_page_with_no_rows_asks_for_one(clerk, awarded):
    response = clerk.post(f"/projects/{awarded.pk}/contract/", BASE)
    assert "至少需要一个履约节点" in response.content.decode()
    assert not Contract.objects.exists()
