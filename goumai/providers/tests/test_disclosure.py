import json
from datetime import date
from decimal import Decimal

import pytest

from goumai.catalog.models import CatalogItem
from goumai.providers.disclosure import (
    PRIVATE_FIELDS,
    PUBLIC_FIELDS,
    mask_id_number,
    public_identity,
    public_view,
)
from goumai.providers.models import PerformanceRecord, Provider
from goumai.providers.tests.factories import provider
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


def test_public_view_has_exactly_the_public_fields_and_no_private_value():
    p = provider("示范合作社", kind="farmers_coop")
    p.phone, p.bank_name, p.bank_account = "13800001111", "农村信用社", "6228480402564890018"
    p.legal_representative, p.capacity = "王五", "十名服务人员"
    p.save()
    view = public_view(p)
    assert tuple(view) == PUBLIC_FIELDS
    text = json.dumps(view, ensure_ascii=False)
    for field in PRIVATE_FIELDS:
        value = getattr(p, field)
        assert not value or value not in text, field
    assert view["identifier"] == p.credit_code and view["grades"] == []


def test_an_individual_is_never_shown_unmasked():
    person = provider("赵六", kind="individual")
    view = public_view(person)
    assert person.id_number not in json.dumps(view)
    assert view["identifier"] == mask_id_number(person.id_number)
    assert (
        view["identifier"].startswith(person.id_number[:4]) and "**********" in view["identifier"]
    )


def test_the_identity_a_published_stage_names_reads_no_grades(django_assert_num_queries):
    person = provider("赵六", kind="individual")
    fresh = Provider.objects.get(pk=person.pk)
    with django_assert_num_queries(0):  # no contracts, no grades (and this one has no region)
        identity = public_identity(fresh)
    assert tuple(identity) == ("name", "kind", "identifier", "region")
    assert identity["identifier"] == mask_id_number(person.id_number) != person.id_number


def test_the_public_sees_the_grades_and_why_a_bar_was_lifted():
    p = provider()
    PerformanceRecord.objects.create(
        provider=p,
        catalog_item=CatalogItem.objects.get(code="010401"),
        county=Region.objects.get(code="510131"),
        purchaser_name="某镇人民政府",
        project_code="P-1",
        fiscal_year=2026,
        evaluated_on=date(2026, 12, 1),
        score=Decimal("45.50"),
        grade="poor",
        override_reason="已整改并经县民政局复核，本县暂无其他具备资质的机构。",
    )
    assert public_view(p)["grades"] == [
        {
            "year": 2026,
            "item": "居家养老服务",
            "grade": "差",
            "score": "45.50",
            "bar_lifted_because": "已整改并经县民政局复核，本县暂无其他具备资质的机构。",
        }
    ]
