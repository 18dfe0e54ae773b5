"""The 试点管理 pages: a county drafts, submits and withdraws on the call's page (errors
beside the fields); the province sees every application with its score; another county
and a township see nothing of it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from goumai.conftest import COUNTY_A, COUNTY_B
from goumai.pilots.models import Application
from goumai.pilots.services import call_create, call_set_open
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def call(make_user, time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 9, 0, tzinfo=CST))
    finance = make_user("510000-finance")
    made = call_create(
        actor=finance, title="2027 年试点申报", closes_at=datetime(2027, 2, 28, 17, 0, tzinfo=CST)
    )
    return call_set_open(actor=finance, call=made, is_open=True)


def test_a_county_applies_on_the_page(client, make_user, call):
    client.force_login(make_user(f"{COUNTY_A}-government"))
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "本县申报书" in page and "保存草稿" in page
    other_town = Region.objects.filter(parent__code=COUNTY_B).first()
    bad = client.post(
        f"/pilots/{call.pk}/",
        {
            "form": "save",
            "sectors": ["civil_affairs"],
            "township_ids": [str(other_town.pk)],
            "goals": "",
            "current_spending": "-5",
        },
    )
    assert bad.status_code == 200 and not Application.objects.exists()
    towns = [str(t.pk) for t in Region.objects.filter(parent__code=COUNTY_A).order_by("code")[:2]]
    saved = client.post(
        f"/pilots/{call.pk}/",
        {
            "form": "save",
            "sectors": ["civil_affairs", "justice"],
            "township_ids": towns,
            "goals": "居家养老和法律顾问全覆盖",
            "current_spending": "80000",
        },
    )
    assert saved.status_code == 302
    assert client.post(f"/pilots/{call.pk}/", {"form": "submit"}).status_code == 302
    application = Application.objects.get()
    assert application.status == "submitted" and application.townships.count() == 2
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "撤回" in page and "民政、司法" in page
    assert client.post(f"/pilots/{call.pk}/", {"form": "withdraw"}).status_code == 302
    assert Application.objects.get().status == "draft"


def test_the_province_sees_all_others_nothing(client, make_user, call):
    from goumai.pilots.services import application_save

    application_save(
        actor=make_user(f"{COUNTY_A}-government"),
        call=call,
        sectors=["education"],
        townships=[],
        goals="课后服务",
        current_spending="0",
    )
    client.force_login(make_user("510000-finance"))
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "<td>蒲江县</td>" in page and "评审得分" in page and "本县申报书" not in page
    assert client.post(f"/pilots/{call.pk}/", {"form": "save"}).status_code == 403
    client.force_login(make_user(f"{COUNTY_B}-government"))
    assert "<td>蒲江县</td>" not in client.get(f"/pilots/{call.pk}/").content.decode()
    client.force_login(make_user(f"{COUNTY_A}001-government"))
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "<td>蒲江县</td>" not in page and "本县申报书" not in page
    assert client.post(f"/pilots/{call.pk}/", {"form": "submit"}).status_code == 403
    assert client.get("/pilots/").status_code == 200


def test_target_townships_show_their_merge_count_and_population():
    from goumai.pilots.forms import township_label

    assert township_label(Region(name="西来镇", merged_unit_count=6, population=32000)) == (
        "西来镇（6合一，人口 3.2 万）"
    )
    assert township_label(Region(name="大塘镇", merged_unit_count=1, population=None)) == "大塘镇"
    assert township_label(Region(name="寿安镇", population=8000)) == "寿安镇（人口 0.8 万）"
