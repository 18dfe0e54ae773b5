"""Each event tells exactly the right people once, and nobody else; e-mails go after
the commit to those who have an address and want that kind; the inbox is one's own."""

import pytest
from django.core import mail

from goumai.accounts.models import User
from goumai.bidding import services as bidding
from goumai.bidding.tests.test_bidding import CLOSES, PRICE
from goumai.notifications.models import Notification
from goumai.notifications.services import mark_read, notify, set_email_choices
from goumai.procurement.models import Bid
from goumai.procurement.services import award_make
from goumai.projects.models import Project
from goumai.projects.services import project_transition
from goumai.projects.tests.factories import draft_project

pytestmark = pytest.mark.django_db


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_approval_waiting_and_its_result(town_user, township_a, make_user):
    county_approver = make_user("510131-finance", roles=("approver",))
    make_user("510131-finance", roles=("clerk",))  # a clerk of the county: not asked
    make_user("510521-finance", roles=("approver",))  # another county: not asked
    make_user("510000-finance", roles=("approver",))  # the province: the county is nearer
    colleague = make_user(f"{township_a.code}-government", roles=("clerk",))
    make_user(f"{township_a.code}-government", roles=("viewer",))  # not a clerk: not told
    project = draft_project(town_user, township_a)
    project_transition(actor=town_user, project=project, action="submit")
    assert told("approval_waiting") == {county_approver.username}
    project_transition(
        actor=county_approver,
        project=Project.objects.get(pk=project.pk),
        action="return",
        note="预算测算依据不足",
    )
    assert told("approval_result") == {town_user.username, colleague.username}
    assert "预算测算依据不足" in Notification.objects.filter(kind="approval_result").first().body
    # submitted again: a new request to approve (a new event), approved: a new result
    project_transition(actor=town_user, project=Project.objects.get(pk=project.pk), action="submit")
    assert Notification.objects.filter(kind="approval_waiting").count() == 2
    project_transition(
        actor=county_approver, project=Project.objects.get(pk=project.pk), action="approve"
    )
    assert Notification.objects.filter(kind="approval_result").count() == 4  # 2 clerks × 2


def test_invitation_answer_opening_and_award_tell_the_bidders(tender, make_user):
    # the fixture invited 甲 and 乙 (one account each) and published the tender
    assert told("invitation") == {"bidder-1", "bidder-2"}
    question = bidding.question_ask(actor=tender["a"], tender=tender["tender"], text="含节假日？")
    bidding.question_answer(actor=tender["clerk"], question=question, answer="含。")
    assert told("answer") == {"bidder-1", "bidder-2"}  # every bidder, not only the asker
    bidding.bid_submit(actor=tender["a"], tender=tender["tender"], amount=PRICE)
    tender["tm"].move_to(CLOSES)
    bidding.tender_open(actor=tender["clerk"], tender=tender["tender"])
    assert told("bids_opened") == {"bidder-1", "bidder-2"}
    bid = Bid.objects.get()
    award_make(
        actor=tender["clerk"],
        procurement=bid.procurement,
        bid=bid,
        reasons="唯一有效报价",
        awarded_on=CLOSES.date(),
    )
    assert told("award") == {"bidder-1"}  # the bidders: 乙 did not bid
    officials = Notification.objects.filter(user__provider__isnull=True)
    assert not officials.exclude(kind__in=["approval_waiting", "approval_result"]).exists()


def test_an_event_raised_twice_tells_once_and_mails_after_commit(
    town_user, make_user, django_capture_on_commit_callbacks
):
    reader = make_user("510131-finance")
    User.objects.filter(pk=reader.pk).update(email="reader@example.org")
    reader.refresh_from_db()
    quiet = make_user("510131-finance")
    User.objects.filter(pk=quiet.pk).update(email="quiet@example.org")
    quiet.refresh_from_db()
    set_email_choices(actor=quiet, wanted=["approval_result"])  # not deadlines
    with django_capture_on_commit_callbacks(execute=True):
        made = notify(users=[reader, quiet], kind="deadline", key="deadline:x", title="截止临近")
        again = notify(users=[reader, quiet], kind="deadline", key="deadline:x", title="截止临近")
    assert (made, again) == (2, 0)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    assert Notification.objects.get(user=reader).emailed_at is not None
    assert Notification.objects.get(user=quiet).emailed_at is None


def test_the_inbox_is_ones_own(client, town_user, make_user, api_client):
    other = make_user("510521-finance")
    notify(users=[town_user], kind="deadline", key="k1", title="本人的消息")
    notify(users=[other], kind="deadline", key="k2", title="别人的消息")
    theirs = Notification.objects.get(user=other)
    assert mark_read(actor=town_user, ids=[theirs.pk]) == 0  # not its message
    client.force_login(town_user)
    page = client.get("/inbox/").content.decode()
    assert "本人的消息" in page and "别人的消息" not in page
    home = client.get("/").content.decode()
    assert "本人的消息" in home and "1 条未读" in home
    client.post("/inbox/", {"ids": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post("/inbox/", {})
    assert Notification.objects.get(user=town_user).read_at is not None
    api = api_client.login(other)
    assert [n["title"] for n in api.get("/api/v1/notifications").json()] == ["别人的消息"]
    assert api.post("/api/v1/notifications/read", {"ids": None}).json() == {"marked": 1}
    client.post("/inbox/", {"form": "email", "kinds": ["award"]})
    from goumai.notifications.models import EmailChoice

    assert "award" not in set(
        EmailChoice.objects.filter(user=town_user).values_list("kind", flat=True)
    )
