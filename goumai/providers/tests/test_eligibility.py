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
    assert [r.code for r in reasons] == ["blacklisted"] and "信用中国（四川）" in reasons[0].message


def test_a_major_violation_counts_for_three_years():
    recent, old = provider("近期违法"), provider("早年违法")
    CreditRecord.objects.create(
        provider=recent, kind="major_violation", source="市场监管", recorded_on=date(2024, 5, 11)
    )
    CreditRecord.objects.create(
        provider=old, kind="major_violation", source="市场监管", recorded_on=date(2024, 5, 10)
    )
    assert codes(recent) == ["major_violation"]
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
    assert [r.code for r in reasons] == ["qualification_expired"] and "2027-05-09" in reasons[
        0
    ].message
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
