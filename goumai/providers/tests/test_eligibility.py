from datetime import date, timedelta

import pytest

from goumai.catalog.models import CatalogItem
from goumai.core.errors import DomainError
from goumai.providers.eligibility import check_eligibility, ensure_eligible
from goumai.providers.models import CreditRecord, Qualification
from goumai.providers.tests.factories import provider

pytestmark = pytest.mark.django_db
TODAY = date(2027, 5, 10)


@pytest.fixture
def elderly_care():
    item = CatalogItem.objects.get(code="010401")
    item.required_qualifications = ["养老服务机构备案"]
    item.save()
    return item


def codes(p, item=None, on=TODAY):
    return [r.code for r in check_eligibility(p, item=item, on=on)]


def test_an_ordinary_provider_is_eligible():
    assert codes(provider()) == []


@pytest.mark.parametrize("kind", ["public_institution_class_1", "budget_funded_mass_org"])
def test_class_one_institutions_and_budget_funded_mass_organisations_never(kind):
    assert codes(provider(kind=kind)) == ["type_never_allowed"]


def test_individuals_only_where_the_item_allows(elderly_care):
    person = provider(kind="individual")
    assert "individual_not_allowed" in codes(person, elderly_care)
    assert "该服务事项不允许由个人承接。" in [
        r.message for r in check_eligibility(person, item=elderly_care, on=TODAY)
    ]
    elderly_care.allows_individuals = True
    assert "individual_not_allowed" not in codes(person, elderly_care)


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("independent_liability", "no_independent_liability"),
        ("tax_paid", "tax_unpaid"),
        ("social_insurance_paid", "social_insurance_unpaid"),
    ],
)
def test_legal_status_tax_and_social_insurance(field, code):
    p = provider()
    setattr(p, field, False)
    assert codes(p) == [code]
    messages = {
        "no_independent_liability": "不能独立承担民事责任。",
        "tax_unpaid": "未依法缴纳税收。",
        "social_insurance_unpaid": "未依法缴纳社会保险。",
    }
    assert [r.message for r in check_eligibility(p, item=None, on=TODAY)] == [messages[code]]


def test_a_blacklisting_that_ended_yesterday_no_longer_counts_but_one_ending_tomorrow_does():
    ended, ending = provider("昨日移出"), provider("明日移出")
    CreditRecord.objects.create(
        provider=ended,
        kind="blacklist",
        source="信用中国（四川）",
        recorded_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=1),
    )
    CreditRecord.objects.create(
        provider=ending,
        kind="blacklist",
        source="信用中国（四川）",
        recorded_on=TODAY - timedelta(days=400),
        expires_on=TODAY + timedelta(days=1),
    )
    assert codes(ended) == []
    reasons = check_eligibility(ending, item=None, on=TODAY)
    since, until = TODAY - timedelta(days=400), TODAY + timedelta(days=1)
    assert [r.message for r in reasons] == [
        f"列入失信惩戒名单（来源：信用中国（四川），{since.isoformat()} 至 {until.isoformat()}）。"
    ]


def test_a_major_violation_counts_for_three_years():
    recent, old = provider("近期违法"), provider("早年违法")
    CreditRecord.objects.create(
        provider=recent, kind="major_violation", source="市场监管", recorded_on=date(2024, 5, 11)
    )
    CreditRecord.objects.create(
        provider=old, kind="major_violation", source="市场监管", recorded_on=date(2024, 5, 10)
    )
    assert codes(recent) == ["major_violation"]
    assert [r.message for r in check_eligibility(recent, item=None, on=TODAY)] == [
        "近三年内有重大违法记录（市场监管，2024-05-11）。"
    ]
    assert codes(old) == []


def test_required_qualifications_must_be_held_and_unexpired(elderly_care):
    p = provider()
    assert codes(p, elderly_care) == ["qualification_missing"]
    Qualification.objects.create(
        provider=p,
        name="养老服务机构备案",
        valid_from=date(2025, 1, 1),
        valid_until=TODAY - timedelta(days=1),
    )
    reasons = check_eligibility(p, item=elderly_care, on=TODAY)
    assert [r.message for r in reasons] == ["资质“养老服务机构备案”已于 2027-05-09 过期。"]
    Qualification.objects.create(
        provider=p, name="养老服务机构备案", valid_from=date(2027, 1, 1), valid_until=None
    )
    assert codes(p, elderly_care) == []


def test_ensure_eligible_lists_every_reason_in_chinese():
    p = provider("多项不符", kind="budget_funded_mass_org")
    p.tax_paid = False
    with pytest.raises(DomainError) as caught:
        ensure_eligible(p, item=None, on=TODAY)
    assert caught.value.code == "provider_ineligible"
    assert caught.value.fields["provider"] == [
        "财政供养的群团组织不得作为政府购买服务的承接主体。",
        "未依法缴纳税收。",
    ]


def blacklist(p, *, recorded_on, expires_on=None):
    CreditRecord.objects.create(
        provider=p,
        kind="blacklist",
        source="信用中国（四川）",
        recorded_on=recorded_on,
        expires_on=expires_on,
    )


def test_a_blacklisting_ending_today_still_counts_today():
    p = provider()
    blacklist(p, recorded_on=TODAY - timedelta(days=30), expires_on=TODAY)
    assert codes(p) == ["blacklisted"]
    assert codes(p, on=TODAY + timedelta(days=1)) == []


def test_a_blacklisting_counts_from_its_first_day_not_before():
    p = provider()
    blacklist(p, recorded_on=TODAY + timedelta(days=1))
    assert codes(p) == []
    assert codes(p, on=TODAY + timedelta(days=1)) == ["blacklisted"]
    day = (TODAY + timedelta(days=1)).isoformat()
    assert [r.message for r in check_eligibility(p, item=None, on=TODAY + timedelta(days=1))] == [
        f"列入失信惩戒名单（来源：信用中国（四川），{day} 至 长期）。"
    ]


def test_a_violation_recorded_after_the_day_does_not_count_yet():
    p = provider()
    CreditRecord.objects.create(
        provider=p, kind="major_violation", source="市场监管", recorded_on=TODAY + timedelta(days=1)
    )
    assert codes(p) == []
    assert codes(p, on=TODAY + timedelta(days=1)) == ["major_violation"]


def test_a_qualification_expiring_today_is_valid_today_and_one_not_yet_valid_is_not(
    elderly_care,
):
    p = provider()
    Qualification.objects.create(
        provider=p, name="养老服务机构备案", valid_from=date(2025, 1, 1), valid_until=TODAY
    )
    assert codes(p, elderly_care) == []
    assert codes(p, elderly_care, on=TODAY + timedelta(days=1)) == ["qualification_expired"]
    later = provider("明日取证")
    Qualification.objects.create(
        provider=later, name="养老服务机构备案", valid_from=TODAY + timedelta(days=1)
    )
    assert codes(later, elderly_care) == ["qualification_missing"]
    assert codes(later, elderly_care, on=TODAY + timedelta(days=1)) == []


def test_a_parent_services_qualifications_are_required_too(elderly_care):
    child = CatalogItem(
        code="01040199",
        name="助餐服务",
        level=elderly_care.level + 1,
        parent=elderly_care,
        required_qualifications=["食品经营许可证"],
    )
    p = provider()
    reasons = check_eligibility(p, item=child, on=TODAY)
    assert [r.code for r in reasons] == ["qualification_missing", "qualification_missing"]
    assert "食品经营许可证" in reasons[0].message and "养老服务机构备案" in reasons[1].message
    Qualification.objects.create(provider=p, name="食品经营许可证", valid_from=date(2025, 1, 1))
    assert [r.message for r in check_eligibility(p, item=child, on=TODAY)] == [
        "缺少该服务要求的资质“养老服务机构备案”。"
    ]


def test_an_inactive_provider_is_not_eligible():
    p = provider()
    p.is_active = False
    assert codes(p) == ["inactive"]
    assert check_eligibility(p, item=None, on=TODAY)[0].message == "该承接主体已停用。"


def test_a_single_reason_stops_the_provider(elderly_care):
    p = provider("某社工中心")
    p.social_insurance_paid = False
    with pytest.raises(DomainError) as caught:
        ensure_eligible(p, item=None, on=TODAY)
    assert caught.value.fields["provider"] == ["未依法缴纳社会保险。"]
    p.social_insurance_paid = True
    with pytest.raises(DomainError) as caught:  # the item's own requirements count
        ensure_eligible(p, item=elderly_care, on=TODAY)
    assert (
        caught.value.message
        == "“某社工中心”不符合承接条件：缺少该服务要求的资质“养老服务机构备案”。"
    )
    p.tax_paid = False
    with pytest.raises(DomainError) as caught:
        ensure_eligible(p, item=elderly_care, on=TODAY)
    assert caught.value.message.endswith("未依法缴纳税收。缺少该服务要求的资质“养老服务机构备案”。")
