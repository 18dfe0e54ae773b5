import json

import pytest

from goumai.providers.disclosure import PRIVATE_FIELDS, PUBLIC_FIELDS, mask_id_number, public_view
from goumai.providers.tests.factories import provider

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
