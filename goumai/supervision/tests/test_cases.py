"""典型案例: written by an official of the place, submitted, published or returned by
the province; drafts stay inside the jurisdiction; the public sees only published."""

import pytest

from goumai.audit.models import AuditEntry
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.regions.models import Region
from goumai.supervision import cases
from goumai.supervision.models import GoodCase

pytestmark = pytest.mark.django_db


def _draft(actor, region_code="510131", **changes):
    values = dict(
        region=Region.objects.get(code=region_code),
        sector="civil_affairs",
        title="村委会承接居家养老",
        summary="合并村委会承接上门服务",
        body="做法与成效……",
    )
    values.update(changes)
    return cases.case_save(actor=actor, **values)


def test_write_submit_publish(county_user, finance_user, client):
    for changes, field in (
        ({"title": " "}, "title"),
        ({"region_code": "510521"}, "region"),  # another county
        ({"sector": "nonsense"}, "sector"),
    ):
        code = changes.pop("region_code", "510131")
        with pytest.raises(DomainError) as bad:
            _draft(county_user, code, **changes)
        assert field in bad.value.fields
    assert not GoodCase.objects.exists()
    case = _draft(county_user)
    with pytest.raises(DomainError):
        cases.case_review(actor=finance_user, case=case, publish=True)  # a draft
    cases.case_submit(actor=county_user, case=case)
    with pytest.raises(DomainError):
        _draft(county_user, case=case)  # submitted: locked
    with pytest.raises(PermissionDenied):
        cases.case_review(actor=county_user, case=case, publish=True)
    with pytest.raises(DomainError) as no_reason:
        cases.case_review(actor=finance_user, case=case, publish=False)
    assert "note" in no_reason.value.fields
    returned = cases.case_review(actor=finance_user, case=case, publish=False, note="补充数据")
    assert returned.status == "returned" and returned.published_at is None
    _draft(county_user, case=returned, body="补充了服务人数")
    cases.case_submit(actor=county_user, case=returned)
    published = cases.case_review(actor=finance_user, case=returned, publish=True)
    assert published.status == "published" and published.published_at is not None
    assert AuditEntry.objects.filter(object_type="supervision.goodcase").count() == 6
    assert "村委会承接居家养老" in client.get("/public/cases/").content.decode()
    assert client.get(f"/public/cases/{published.pk}/").status_code == 200


def test_drafts_stay_in_the_jurisdiction(county_user, make_user, client, finance_user):
    case = _draft(county_user)
    other = make_user("510521-government")
    with pytest.raises(NotFound):
        cases.case_get(actor=other, case_id=case.pk)
    assert cases.case_get(actor=make_user("510100-finance"), case_id=case.pk) == case
    assert cases.case_get(actor=finance_user, case_id=case.pk) == case
    # a sector department sees its sector's cases only
    assert not cases.case_list(actor=make_user("510000-education")).exists()
    assert cases.case_list(actor=make_user("510000-civil_affairs")).exists()
    assert client.get(f"/public/cases/{case.pk}/").status_code == 404  # not published
    assert "村委会承接居家养老" not in client.get("/public/cases/").content.decode()
    client.force_login(other)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert "村委会承接居家养老" not in client.get("/cases/").content.decode()


def test_the_pages(client, county_user, finance_user, make_user):
    client.force_login(county_user)
    page = client.get("/cases/").content.decode()
    assert "撰写新案例" in page and "蒲江县" in page and "泸县" not in page
    bad = client.post("/cases/", {"title": "", "region": "510131", "summary": "x", "body": "y"})
    assert "必填" in bad.content.decode()
    made = client.post(
        "/cases/", {"title": "案例", "region": "510131104", "summary": "摘要", "body": "正文"}
    )
    case = GoodCase.objects.get()
    assert made["Location"] == f"/cases/{case.pk}/"
    assert case.region.code == "510131104" and case.sector is None
    assert client.post(f"/cases/{case.pk}/", {"form": "publish"}).status_code == 403
    client.post(f"/cases/{case.pk}/", {"form": "submit"})
    client.force_login(finance_user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "form-review" in page and "form-edit" not in page
    client.post(f"/cases/{case.pk}/", {"form": "publish", "note": ""})
    assert GoodCase.objects.get().status == "published"
    client.force_login(make_user("510131104-government"))  # the township: sees its case
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    client.force_login(make_user("510131105-government"))  # its neighbour: does not
    assert client.get(f"/cases/{case.pk}/").status_code == 404
