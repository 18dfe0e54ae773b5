from decimal import Decimal

import pytest
from django.db import IntegrityError, connections, transaction

from goumai.audit.models import AuditEntry
from goumai.budgets.models import BudgetLine, BudgetMovement
from goumai.budgets.services import (
    _apply,
    budget_consume,
    budget_line_adjust,
    budget_line_create,
    budget_release,
    budget_reserve,
)
from goumai.budgets.tests.factories import budget_line
from goumai.catalog.models import CatalogItem, CountyCatalogEntry
from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def entry(county_code, item_code="010401"):
    return CountyCatalogEntry.objects.create(
        county=Region.objects.get(code=county_code),
        item=CatalogItem.objects.get(code=item_code),
        purchase_level="township",
    )


def create(actor, org_unit, **overrides):
    values = dict(
        actor=actor,
        org_unit=org_unit,
        fiscal_year=2027,
        code="2027-01",
        name="居家养老服务经费",
        funding_source="own",
        amount="120000.00",
    )
    values.update(overrides)
    return budget_line_create(**values)


def test_county_budgets_for_its_township_with_catalog_items(county_user, township_a):
    org_unit = township_a.org_units.get()
    line = create(county_user, org_unit, catalog_entries=[entry(COUNTY_A)])
    assert line.amount == Decimal("120000.00") and line.available == Decimal("120000.00")
    assert list(line.catalog_entries.values_list("item__code", flat=True)) == ["010401"]
    assert line.movements.get().kind == BudgetMovement.Kind.ADJUST


def test_a_township_does_not_set_its_own_budget(town_user, township_a, township_a2):
    with pytest.raises(PermissionDenied):
        create(town_user, township_a.org_units.get())
    with pytest.raises(NotFound):
        create(town_user, township_a2.org_units.get())
    assert not BudgetLine.objects.exists()


def test_another_county_and_sector_departments_cannot(
    county_user, civil_user, township_b, township_a
):
    with pytest.raises(NotFound):
        create(county_user, township_b.org_units.get())
    with pytest.raises(PermissionDenied):
        create(civil_user, township_a.org_units.get())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"code": " "}, "code"),
        ({"funding_source": "lottery"}, "funding_source"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(county_user, township_a, overrides, field):
    with pytest.raises(DomainError) as caught:
        create(county_user, township_a.org_units.get(), **overrides)
    assert field in caught.value.fields
    assert not BudgetLine.objects.exists()


def test_catalog_items_of_another_county_are_refused(county_user, township_a):
    with pytest.raises(DomainError) as caught:
        create(county_user, township_a.org_units.get(), catalog_entries=[entry(COUNTY_B)])
    assert "catalog_entries" in caught.value.fields


def test_a_duplicate_code_is_refused(county_user, township_a):
    create(county_user, township_a.org_units.get())
    with pytest.raises(DomainError) as caught:
        create(county_user, township_a.org_units.get())
    assert caught.value.code == "budget_code_taken"


def test_reserve_release_consume_keep_the_figures_and_the_ledger(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "100000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("60000.00"), reference="P1")
        budget_consume(actor=county_user, line=line, amount=Decimal("20000.00"), reference="P1")
        budget_release(actor=county_user, line=line, amount=Decimal("10000.00"), reference="P1")
    line.refresh_from_db()
    assert (line.reserved, line.spent, line.available) == (
        Decimal("30000.00"),
        Decimal("20000.00"),
        Decimal("50000.00"),
    )
    kinds = list(line.movements.order_by("id").values_list("kind", "amount"))
    assert kinds == [
        ("reserve", Decimal("60000.00")),
        ("consume", Decimal("20000.00")),
        ("release", Decimal("10000.00")),
    ]


def test_reserving_more_than_available_says_how_much_is_missing(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "100000.00")
    with pytest.raises(DomainError) as caught, transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("123456.78"), reference="P1")
    assert caught.value.code == "budget_insufficient"
    message = "预算不足：“测试预算B001”可用 100,000.00 元，需要 123,456.78 元，还差 23,456.78 元。"
    assert caught.value.message == message
    assert caught.value.fields == {"budget_line": [message]}
    line.refresh_from_db()
    assert line.reserved == 0 and not line.movements.exists()


def test_payments_cannot_exceed_what_was_reserved(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "100000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("1000.00"), reference="P1")
    with pytest.raises(DomainError) as caught, transaction.atomic():
        budget_consume(actor=county_user, line=line, amount=Decimal("1000.01"), reference="P1")
    assert caught.value.code == "payment_exceeds_reserved"


def test_adjusting_below_commitments_is_refused(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "100000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("80000.00"), reference="P1")
    with pytest.raises(DomainError) as caught:
        budget_line_adjust(actor=county_user, line=line, amount="79999.99", reason="压减")
    assert caught.value.code == "budget_below_commitments" and "80,000.00" in caught.value.message
    line = budget_line_adjust(actor=county_user, line=line, amount="150000", reason="追加")
    assert line.amount == Decimal("150000.00") and line.version == 2
    assert line.movements.filter(kind="adjust").get().amount == Decimal("50000.00")


def test_a_stale_form_gets_a_conflict(township_a, county_user):
    line = budget_line(f"{township_a.code}-government")
    budget_line_adjust(actor=county_user, line=line, amount="1", reason="x", expected_version=1)
    with pytest.raises(DomainError) as caught:
        budget_line_adjust(actor=county_user, line=line, amount="2", reason="y", expected_version=1)
    assert caught.value.code == "stale" and caught.value.status == 409


def test_the_database_itself_refuses_overcommitment(township_a):
    line = budget_line(f"{township_a.code}-government", "100.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(reserved=Decimal("100.01"))


def test_the_boundaries_are_exact(township_a, county_user):
    """Exactly the available amount can be reserved, exactly what is reserved can be
    released or paid, and a line can be cut to exactly its commitments."""
    line = budget_line(f"{township_a.code}-government", "1000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("1000.00"), reference="P")
    line.refresh_from_db()
    assert line.available == 0
    with pytest.raises(DomainError) as caught, transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("0.01"), reference="P")
    assert caught.value.code == "budget_insufficient" and "还差 0.01 元" in caught.value.message
    with pytest.raises(DomainError) as caught, transaction.atomic():
        budget_release(actor=county_user, line=line, amount=Decimal("1000.01"), reference="P")
    assert caught.value.code == "release_exceeds_reserved"
    assert caught.value.message == "释放金额超过已预留金额。"
    with transaction.atomic():
        budget_consume(actor=county_user, line=line, amount=Decimal("400.00"), reference="P")
        budget_release(actor=county_user, line=line, amount=Decimal("600.00"), reference="P")
    line.refresh_from_db()
    assert (line.reserved, line.spent) == (Decimal("0.00"), Decimal("400.00"))
    release = line.movements.get(kind="release")
    assert (release.amount, release.actor_label) == (Decimal("600.00"), county_user.username)
    line = budget_line_adjust(actor=county_user, line=line, amount="400.00", reason="压减")
    assert line.amount == Decimal("400.00") and line.available == 0


def test_the_constraint_is_reported_as_insufficient_budget(township_a, county_user, monkeypatch):
    """If the database refuses an overcommitment the check missed (a stale line), the
    user still gets budget_insufficient and nothing is written."""
    line = budget_line(f"{township_a.code}-government", "100.00")
    with pytest.raises(DomainError) as caught, transaction.atomic():
        _apply(county_user, line, "reserve", Decimal("100.01"), "P", reserved=Decimal("100.01"))
    assert (caught.value.code, caught.value.message) == ("budget_insufficient", "预算不足。")
    assert not line.movements.exists()
    assert BudgetLine.objects.get(pk=line.pk).reserved == 0
    # Outside a transaction a movement is refused before it writes anything.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    with pytest.raises(RuntimeError) as outside:
        _apply(county_user, line, "reserve", Decimal("1"), "P", reserved=Decimal("1"))
    assert str(outside.value) == "budget movements must run inside the caller's transaction"


def test_every_movement_is_audited_with_the_line(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("10.00"), reference="P9")
    entries = AuditEntry.objects.filter(
        object_type__in=["budgets.budgetline", "budgets.budgetmovement"]
    )
    assert {e.object_type for e in entries} == {"budgets.budgetline", "budgets.budgetmovement"}
    update = entries.get(object_type="budgets.budgetline")
    assert update.before == {"reserved": "0.00"} and update.after == {"reserved": "10.00"}
    assert {e.actor_id for e in entries} == {county_user.pk}
    movement = line.movements.get()
    assert (movement.reference, movement.actor_label) == ("P9", county_user.username)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "请填写以元为单位、最多两位小数的金额。"),
        ("1.001", "请填写以元为单位、最多两位小数的金额。"),
        ("1e13", "金额过大（最多 12 位整数）。"),
        ("-0.01", "金额不能为负数。"),
    ],
)
def test_a_bad_amount_is_named_and_nothing_changes(township_a, county_user, amount, message):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    with pytest.raises(DomainError) as caught:
        budget_line_adjust(actor=county_user, line=line, amount=amount, reason="调整")
    assert caught.value.code == "invalid_amount"
    assert caught.value.message == message and caught.value.fields == {"amount": [message]}
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("1000.00")


@pytest.mark.parametrize("amount", ["0", "0.5"])
def test_zero_and_small_amounts_are_budgets_too(township_a, county_user, amount):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    line = budget_line_adjust(actor=county_user, line=line, amount=amount, reason="压减")
    assert line.amount == Decimal(amount).quantize(Decimal("0.01"))


def test_movements_name_who_made_them_or_the_system(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "1000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("1.00"), reference="P")
        budget_reserve(actor=None, line=line, amount=Decimal("2.00"), reference="R" * 150)
    budget_line_adjust(actor=county_user, line=line, amount="900", reason="调" * 250)
    rows = list(line.movements.order_by("id").values_list("actor_label", "reference", "note"))
    assert rows == [
        (county_user.username, "P", ""),  # a reservation has a reference, no note
        ("system", "R" * 100, ""),  # cut to the column's length
        (county_user.username, "", "调" * 200),  # an adjustment has a note, no reference
    ]


def test_a_payment_beyond_the_reservation_says_both_figures(township_a, county_user):
    line = budget_line(f"{township_a.code}-government", "100000.00")
    with transaction.atomic():
        budget_reserve(actor=county_user, line=line, amount=Decimal("1000.00"), reference="P1")
    with pytest.raises(DomainError) as caught, transaction.atomic():
        budget_consume(actor=county_user, line=line, amount=Decimal("1200.50"), reference="P1")
    assert caught.value.message == "支付金额 1,200.50 元超过该项目在预算中的预留 1,000.00 元。"
    with transaction.atomic():
        budget_consume(actor=county_user, line=line, amount=Decimal("1000.00"), reference="P1")
    consume = line.movements.get(kind="consume")
    assert (consume.amount, consume.actor_label) == (Decimal("1000.00"), county_user.username)
