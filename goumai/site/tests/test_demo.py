import io
import json

import pytest
from django.core.management import call_command
from ocdsmerge import Merger
from stdnum.cn import ric, uscc

from goumai.accounts.models import OrgUnit, User
from goumai.audit.verify import verify_chain
from goumai.budgets.advice import attach_advice
from goumai.budgets.models import BudgetLine
from goumai.contracts.models import Contract
from goumai.disclosure.log import verify
from goumai.disclosure.models import Publication
from goumai.disclosure.releases import schema
from goumai.disclosure.services import log_document
from goumai.disclosure.tests.test_ocds import errors
from goumai.evaluation.models import Evaluation, Flag, Grade, SurveyAnswer
from goumai.procurement.selectors import own_invitations
from goumai.projects.models import Project
from goumai.providers.models import PerformanceRecord, Provider
from goumai.site.demo_accounts import DEMO_COUNTIES, create_demo_accounts
from goumai.site.demo_purchases import create_demo_provider_accounts, create_demo_purchases

pytestmark = pytest.mark.django_db


def test_demo_data_has_every_status_in_every_demo_county(tmp_path):
    create_demo_accounts(password="x-demo-password-1")
    made = create_demo_purchases(county_codes=DEMO_COUNTIES)
    assert made == len(DEMO_COUNTIES) * 2 * len(Project.Status.choices)
    for county in DEMO_COUNTIES:
        statuses = set(
            Project.objects.filter(scope_path__contains=f"/{county}/").values_list(
                "status", flat=True
            )
        )
        assert statuses == set(Project.Status.values), county
    assert create_demo_purchases(county_codes=DEMO_COUNTIES) == 0  # idempotent
    closed = Project.objects.filter(status="closed").first()
    assert closed.paid_amount == closed.contract.amount and closed.reserved_amount == 0
    assert verify_chain().ok
    # evaluation: every grade, every formality flag, survey answers, next year's advice
    assert set(Evaluation.objects.values_list("grade", flat=True)) == set(Grade.values)
    assert set(Flag.objects.values_list("kind", flat=True)) == set(Flag.Kind.values)
    assert SurveyAnswer.objects.count() >= 100
    first_town = OrgUnit.objects.get(code="510131104-government")
    line = BudgetLine.objects.get(org_unit=first_town, fiscal_year=2027)
    assert attach_advice([line])[0].advice
    assert PerformanceRecord.objects.filter(grade="poor").exists()
    accounts = create_demo_provider_accounts(
        password="x-demo-password-1", county_codes=DEMO_COUNTIES
    )
    assert [username for username, _name in accounts] == [f"provider-{c}" for c in DEMO_COUNTIES]
    users = [User.objects.get(username=username) for username, _name in accounts]
    assert len({user.provider_id for user in users}) == len(users)  # three providers
    for user, code in zip(users, DEMO_COUNTIES, strict=True):  # each with contracts there
        assert Contract.objects.filter(
            provider_id=user.provider_id, project__scope_path__contains=f"/{code}/"
        ).exists()
    # the provider portal: logging in as a demo provider shows invitations as well as contracts
    invited = [u.username for u in users if own_invitations(actor=u).exists()]
    assert invited == [u.username for u in users]
    first = User.objects.get(username=accounts[0][0])
    assert Project.objects.filter(
        contract__provider_id=first.provider_id, status=Project.Status.ACCEPTED
    ).exists()
    # hostile input: demo providers went through the registry's validation (18-character codes)
    providers = Provider.objects.all()
    assert providers.count() >= 30
    # pickers: no provider is named by its kind alone ("村民委员会"): pickers tell them apart
    assert not providers.filter(name__in=[label for _, label in Provider.Kind.choices]).exists()
    assert providers.values("name").distinct().count() == providers.count()
    for p in providers:
        assert uscc.is_valid(p.credit_code) if p.credit_code else ric.is_valid(p.id_number), p.name
    # disclosure: what each project has reached is published, bar one stage left due
    assert Publication.objects.count() > 100 and verify(log_document()).ok
    # the demo's OCDS: both packages pass the official schema, every compiled
    # release is what ocdsmerge computes, and buyers that recorded a code carry it
    call_command("ocds", "export", "--out", str(tmp_path / "r.json"), stdout=io.StringIO())
    call_command(
        "ocds", "export", "--records", "--out", str(tmp_path / "c.json"), stdout=io.StringIO()
    )
    package = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    records = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert len(package["releases"]) == Publication.objects.count()
    assert errors("release-package-schema.json", package) == []
    assert errors("record-package-schema.json", records) == []
    merger = Merger(schema=schema())
    for record in records["records"]:
        assert errors("release-schema.json", record["compiledRelease"]) == []
        expected = merger.create_compiled_release(
            sorted(record["releases"], key=lambda r: r["date"])
        )
        assert record["compiledRelease"] == expected, record["ocid"]
    buyers = {p["id"] for r in package["releases"] for p in r["parties"] if "buyer" in p["roles"]}
    assert any(b.startswith("CN-USCC-11") for b in buyers)
    assert any(b.startswith("ocds-goumai-org-") for b in buyers)


@pytest.mark.django_db
def test_demo_tasks_are_in_every_state_for_the_demo_townships():
    from datetime import date

    from goumai.site.demo_tasks import create_demo_tasks
    from goumai.supervision.flags import DUE_SOON, OVERDUE, flag
    from goumai.supervision.loader import load_work_plan
    from goumai.supervision.models import Task

    load_work_plan()
    today = date(2026, 11, 30)
    assert create_demo_tasks(county_codes=["510131"], today=today) == 4
    assert create_demo_tasks(county_codes=["510131"], today=today) == 0  # once
    town = Task.objects.filter(scope_path="/510000/510100/510131/")
    marks = {flag(status=t.status, deadline=t.deadline, today=today, soon_days=14) for t in town}
    assert marks == {DUE_SOON, OVERDUE, None}
    assert town.filter(status="done").get().reports.exists()
    units = {u.code for t in town for u in t.responsible_units.all()}
    assert units == {"510131104-government", "510131105-government"}  # the demo accounts'


@pytest.mark.django_db
def test_demo_tasks_for_several_counties_number_their_own_break_downs():
    from datetime import date

    from goumai.site.demo_tasks import create_demo_tasks
    from goumai.supervision.loader import load_work_plan
    from goumai.supervision.models import Task

    load_work_plan()
    assert create_demo_tasks(county_codes=["510131", "510521"], today=date(2026, 11, 30)) == 7
    assert set(
        Task.objects.filter(scope_path="/510000/510500/510521/").values_list("number", flat=True)
    ) == {"1", "2", "3"}


def test_demo_pilot_programme_and_assessment():
    """A closed call with 20+ counties in all five economic regions, five experts'
    reviews, a stored and published run; an assessment year with computed scores."""
    from django.utils import timezone

    from goumai.pilots.models import Pilot, PilotCall, Review, SelectionRun, ToleranceCase
    from goumai.site.demo_pilots import create_demo_assessment, create_demo_pilots
    from goumai.supervision.models import Assessment, AssessmentScore

    create_demo_accounts(password="x-demo-password-1")
    create_demo_purchases(county_codes=DEMO_COUNTIES)
    assert create_demo_pilots() == 24
    assert create_demo_pilots() == 0  # once
    call = PilotCall.objects.get()
    assert call.closes_at < timezone.now() and not call.is_open
    applications = call.applications.filter(status="submitted").select_related(
        "county__parent__economic_region"
    )
    assert applications.count() >= 20
    assert len({a.county.parent.economic_region.code for a in applications}) == 5
    reviewers = set(Review.objects.values_list("reviewer__username", flat=True))
    assert len(reviewers) >= 5
    assert Review.objects.count() == applications.count() * len(reviewers)
    run = SelectionRun.objects.get()
    assert run.feasible and 10 <= len(run.chosen) <= 12 and call.published_run == run
    assert set(Pilot.objects.values_list("county__code", flat=True)) == set(run.chosen)
    assert ToleranceCase.objects.count() == 1
    assert create_demo_assessment(year=2026, as_of=timezone.localdate())
    assessment = Assessment.objects.get()
    assert assessment.status == "computed"
    computed = AssessmentScore.objects.exclude(indicator__source="manual")
    assert computed.filter(value__isnull=False).exists()
    # 蒲江县's demo contracts make 成都 score on the local-provider share
    chengdu = assessment.subjects.get(region__code="510100")
    assert chengdu.scores.get(indicator__code="local_share").value is not None
    assert not AssessmentScore.objects.filter(
        indicator__source="manual", points__isnull=True
    ).exists()
    from goumai.site.demo_pilots import create_demo_cases
    from goumai.supervision.models import GoodCase

    assert create_demo_cases() == 2 and create_demo_cases() == 0
    assert set(GoodCase.objects.values_list("status", flat=True)) == {"published", "submitted"}


def test_demo_bidding_files_and_notifications():
    """One tender open with two sealed bids, one opened with its sheet, an answered
    question, files on every kind of record, unread messages for the demo accounts."""
    from goumai.bidding.models import SealedBid, Tender
    from goumai.documents.models import Document
    from goumai.notifications.models import Notification
    from goumai.site.demo_bidding import create_demo_bidding

    create_demo_accounts(password="x-demo-password-1")
    create_demo_purchases(county_codes=DEMO_COUNTIES)
    create_demo_provider_accounts(password="x-demo-password-1", county_codes=DEMO_COUNTIES)
    assert create_demo_bidding(password="x-demo-password-1") == [
        ("provider-510131-b", User.objects.get(username="provider-510131-b").provider.name)
    ]
    assert create_demo_bidding(password="x-demo-password-1") == []  # once
    sealed, opened = Tender.objects.order_by("id")
    assert sealed.opened_at is None and SealedBid.objects.filter(tender=sealed).count() == 2
    from goumai.bidding.models import SealedFile

    assert SealedFile.objects.filter(bid__tender=sealed).count() == 2  # still sealed
    assert opened.opened_at is not None and len(opened.opening_sheet) == 2
    assert sealed.questions.exclude(answered_at=None).exists()
    kinds = set(Document.objects.values_list("owner_type", flat=True))
    assert kinds >= {
        "procurement.bid",  # the opened tender's bid documents, unsealed
        "projects.project",
        "procurement.procurement",
        "contracts.contract",
        "contracts.milestone",
        "evaluation.evaluation",
    }
    for username in ("town-510131104", "county-510131", "provider-510131", "provider-510131-b"):
        assert Notification.objects.filter(user__username=username, read_at=None).exists()
