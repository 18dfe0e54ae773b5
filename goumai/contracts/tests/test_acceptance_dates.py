"""A milestone is accepted no earlier than it is due (or earlier with a recorded
reason), never before the contract starts, and never on a date still to come."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from goumai.contracts.models import Milestone
from goumai.contracts.services import check_acceptance_date, milestone_accept
from goumai.core.errors import DomainError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
REASON = "服务对象集中返乡，提前完成全部上门服务"  # at least ten characters


def refused(actor, milestone, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        milestone_accept(actor=actor, milestone=milestone, **kwargs)
    assert Milestone.objects.get(pk=milestone.pk).accepted_at is None  # nothing changed
    return caught.value


def first(contract) -> Milestone:
    return contract.milestones.order_by("due_date").first()  # due 2027-06-30


def test_never_before_the_contract_starts_even_with_a_reason(town_user, performing):
    error = refused(
        town_user, first(performing), accepted_on=date(2027, 2, 28), early_reason=REASON
    )
    assert error.code == "invalid_acceptance_date"
    assert "2027-03-01 起履行" in error.fields["accepted_on"][0]


def test_before_the_due_date_only_with_a_reason(town_user, performing):
    milestone = first(performing)
    on_start = date(2027, 3, 1)  # the contract's first day: allowed, but early
    error = refused(town_user, milestone, accepted_on=on_start)
    assert "提前验收须说明理由" in error.fields["early_reason"][0]
    assert "2027-06-30" in error.fields["early_reason"][0]
    refused(town_user, milestone, accepted_on=on_start, early_reason="提前完成了服务内容")  # 9
    accepted = milestone_accept(
        actor=town_user, milestone=milestone, accepted_on=on_start, early_reason=REASON
    )
    assert accepted.accepted_on == on_start and accepted.early_acceptance_reason == REASON


def test_on_the_due_date_no_reason_is_needed_and_none_is_kept(town_user, performing):
    milestone = first(performing)
    accepted = milestone_accept(
        actor=town_user, milestone=milestone, accepted_on=date(2027, 6, 30), early_reason=REASON
    )
    assert accepted.accepted_at is not None and accepted.early_acceptance_reason == ""


def test_not_on_a_date_still_to_come(town_user, performing, time_machine):
    milestone = first(performing)
    time_machine.move_to(datetime(2027, 6, 29, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    error = refused(town_user, milestone, accepted_on=date(2027, 6, 30))  # the due date
    assert "不能晚于今天（2027-06-29）" in error.fields["accepted_on"][0]
    time_machine.move_to(datetime(2027, 6, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert milestone_accept(actor=town_user, milestone=milestone, accepted_on=date(2027, 6, 30))


def test_the_issue_example_cannot_be_accepted_or_paid_before_the_service(
    town_user, performing, time_machine
):
    """Accepted and paid on the day of signing, before the service had started."""
    time_machine.move_to(datetime(2027, 2, 27, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    for milestone in performing.milestones.all():
        refused(town_user, milestone, accepted_on=date(2027, 2, 27), early_reason=REASON)


def test_through_the_api(api_client, town_user, performing):
    milestone = first(performing)
    url = f"/api/v1/projects/{performing.project_id}/contract/milestones/{milestone.pk}/accept"
    api = api_client.login(town_user)
    response = api.post(url, {"accepted_on": "2027-05-01"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_acceptance_date"
    assert "提前验收" in response.json()["fields"]["early_reason"][0]
    assert Milestone.objects.get(pk=milestone.pk).accepted_at is None
    response = api.post(url, {"accepted_on": "2027-05-01", "early_reason": REASON})
    assert response.status_code == 200
    assert Milestone.objects.get(pk=milestone.pk).early_acceptance_reason == REASON


def test_through_the_page(client, town_user, performing, time_machine):
    milestone = first(performing)
    time_machine.move_to(datetime(2027, 5, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    client.force_login(town_user)
    page = client.get(f"/projects/{performing.project_id}/").content.decode()
    assert 'name="early_reason"' in page  # offered while the milestone is not yet due
    url = f"/projects/{performing.project_id}/milestones/{milestone.pk}/accept/"
    response = client.post(url, {"accepted_on": "2027-05-01"}, follow=True)
    assert "提前验收须说明理由" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).accepted_at is None
    client.post(url, {"accepted_on": "2027-05-01", "early_reason": REASON})
    assert Milestone.objects.get(pk=milestone.pk).early_acceptance_reason == REASON
    assert (
        f"提前验收：{REASON}" in client.get(f"/projects/{performing.project_id}/").content.decode()
    )


def test_a_date_before_the_due_date_typed_after_it_asks_for_the_reason_on_the_page(
    client, town_user, performing
):
    """Today (2028) is past the due date, so the page offers no early reason at first;
    a date typed before the due date brings the field back with its error."""
    milestone = first(performing)
    client.force_login(town_user)
    page = client.get(f"/projects/{performing.project_id}/").content.decode()
    assert f'id="accept-{milestone.pk}-early_reason"' not in page
    url = f"/projects/{performing.project_id}/milestones/{milestone.pk}/accept/"
    response = client.post(url, {"accepted_on": "2027-05-01"}, follow=True).content.decode()
    assert f'id="accept-{milestone.pk}-early_reason"' in response
    assert "提前验收须说明理由" in response


def test_the_messages_name_the_dates(performing):
    milestone = first(performing)
    today = date(2027, 6, 1)
    assert check_acceptance_date(
        milestone=milestone, accepted_on=date(2027, 6, 2), early_reason="", today=today
    ) == {"accepted_on": ["验收日期不能晚于今天（2027-06-01）。"]}
    assert check_acceptance_date(
        milestone=milestone, accepted_on=date(2027, 2, 28), early_reason=REASON, today=today
    ) == {"accepted_on": ["合同自 2027-03-01 起履行，此前不能验收。"]}
    assert check_acceptance_date(
        milestone=milestone, accepted_on=date(2027, 5, 31), early_reason="", today=today
    ) == {
        "early_reason": ["“上半年服务”计划 2027-06-30 完成，提前验收须说明理由（不少于 10 个字）。"]
    }
    assert (
        check_acceptance_date(
            milestone=milestone, accepted_on=date(2027, 5, 31), early_reason="一" * 10, today=today
        )
        == {}
    )
    assert (
        check_acceptance_date(  # exactly today is allowed
            milestone=milestone, accepted_on=today, early_reason="一" * 10, today=today
        )
        == {}
    )
