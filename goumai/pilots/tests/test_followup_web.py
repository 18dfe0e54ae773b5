# ruff: noqa: F811 — pytest fixtures imported from another test module
"""The review, selection, publication and follow-up pages and endpoints, each with
who may not use them."""

import pytest

from goumai.pilots.models import Pilot, PilotTarget, Review, SelectionRun, ToleranceCase
from goumai.pilots.tests.test_followup import pilot, run  # noqa: F401 — fixtures
from goumai.pilots.tests.test_reviewing import setting  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db


def test_an_expert_scores_on_the_review_page_blind_until_its_own(client, setting, make_user):
    call, application = setting["call"], setting["application"]
    first, second = setting["reviewers"][:2]
    client.force_login(first)
    page = client.get(f"/pilots/{call.pk}/review/").content.decode()
    assert "蒲江县" in page and "提交评分" in page
    criteria = list(call.criteria.all())
    bad = client.post(
        f"/pilots/{call.pk}/review/",
        {"application": application.pk, **{f"c{c.pk}": "101" for c in criteria}},
    )
    assert bad.status_code == 200 and not Review.objects.exists()
    ok = client.post(
        f"/pilots/{call.pk}/review/",
        {"application": application.pk, **{f"c{c.pk}": "80" for c in criteria}},
    )
    assert ok.status_code == 302 and Review.objects.get().total == 80
    client.force_login(second)
    page = client.get(f"/pilots/{call.pk}/review/").content.decode()
    assert "80.00" not in page  # the first expert's score is hidden until second scores
    # an official not assigned finds no review page; a conflicted expert sees 回避
    client.force_login(make_user("510521-government"))
    assert client.get(f"/pilots/{call.pk}/review/").status_code == 404
    chengdu = make_user("510100-finance")
    from goumai.pilots.reviewing import reviewer_assign

    reviewer_assign(actor=setting["finance"], call=call, reviewer=chengdu)
    client.force_login(chengdu)
    page = client.get(f"/pilots/{call.pk}/review/").content.decode()
    assert "回避" in page and "提交评分" not in page


def test_the_province_selects_and_publishes_on_the_call_page(client, setting):
    call, application = setting["call"], setting["application"]
    from goumai.pilots.reviewing import review_submit

    review_submit(
        actor=setting["reviewers"][0],
        application=application,
        scores={c.name: 90 for c in call.criteria.all()},
    )
    client.force_login(setting["finance"])
    rules = {
        "form": "select",
        "minimum": "1",
        "maximum": "1",
        "per_city": "",
        "merged_share": "0",
        "civil_affairs": "1",
        "education": "1",
        "agriculture": "0",
        "justice": "0",
        "forced_in": "",
        "forced_out": "",
    }
    assert client.post(f"/pilots/{call.pk}/", rules).status_code == 302
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "无法选出" in page and "教育领域" in page  # nobody applied for 教育; five regions
    rules |= {"education": "0"}
    client.post(f"/pilots/{call.pk}/", rules)
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "入选：蒲江县" not in page  # every economic region needs a pilot: still infeasible
    run = SelectionRun.objects.filter(feasible=True).first()
    assert run is None
    from goumai.pilots.reviewing import selection_run
    from goumai.pilots.selection import Rules

    run = selection_run(
        actor=setting["finance"], call=call, rules=Rules(minimum=1, maximum=1, regions=frozenset())
    )
    page = client.get(f"/pilots/{call.pk}/").content.decode()
    assert "入选：蒲江县" in page and "公布为试点县名单" in page
    assert client.post(f"/pilots/{call.pk}/", {"form": "publish", "run": run.pk}).status_code == 302
    assert Pilot.objects.get().county.code == "510131"
    public = client.get("/public/pilots/").content.decode()
    assert "蒲江县" in public and "成都市" in public


def test_the_public_list_shows_only_published_calls(client, setting, run):
    client.logout()
    assert "尚未公布试点县名单" in client.get("/public/pilots/").content.decode()


def test_the_pilot_page_and_who_may_see_and_write(client, setting, pilot, make_user):
    client.force_login(setting["finance"])
    url = f"/pilots/counties/{pilot.pk}/"
    bad = client.post(
        url, {"form": "target", "year": "2027", "indicator": "local_share", "target": "120"}
    )
    assert "0 至 100" in bad.content.decode() and not PilotTarget.objects.exists()
    client.post(url, {"form": "target", "year": "2027", "indicator": "local_share", "target": "60"})
    case = {
        "form": "case",
        "title": "程序瑕疵",
        "happened_on": "2027-02-01",
        "what_happened": "询价仅两家",
        "assessment": "探索中的失误",
        "decision": "exempt",
        "decided_by": "四川省财政厅",
        "decided_on": "2027-01-01",
    }
    assert "不能早于发生日期" in client.post(url, case).content.decode()
    client.post(url, case | {"decided_on": "2027-02-10"})
    assert ToleranceCase.objects.count() == 1
    county = make_user("510131-government")
    client.force_login(county)
    page = client.get(url, {"year": "2027"}).content.decode()
    assert "本地承接占比" in page and "程序瑕疵" in page and "登记案例" not in page
    assert client.post(url, case).status_code == 403
    for outsider in (make_user("510521-government"), make_user("510500-finance")):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_follow_up_over_the_api(api_client, setting, pilot, make_user):
    finance = api_client.login(setting["finance"])
    bad = finance.put(
        f"/api/v1/pilots/{pilot.pk}/targets",
        {"year": 2027, "indicator": "projects", "target": "-1"},
    )
    assert bad.status_code == 400 and "target" in bad.json()["fields"]
    ok = finance.put(
        f"/api/v1/pilots/{pilot.pk}/targets", {"year": 2027, "indicator": "projects", "target": "0"}
    )
    assert ok.json()["progress"] == [
        {"year": 2027, "indicator": "projects", "target": "0.00", "actual": "0", "met": True}
    ]
    county = api_client.login(make_user("510131-government"))
    assert [p["county_code"] for p in county.get("/api/v1/pilots").json()] == ["510131"]
    refused = county.put(
        f"/api/v1/pilots/{pilot.pk}/targets", {"year": 2027, "indicator": "projects", "target": "1"}
    )
    assert refused.status_code == 403
    other = api_client.login(make_user("510521-government"))
    assert other.get("/api/v1/pilots").json() == []
    assert other.get(f"/api/v1/pilots/{pilot.pk}").status_code == 404
    assert other.post(f"/api/v1/pilot-calls/{pilot.call_id}/runs/1/publish", {}).status_code == 404
    assert (
        other.post(f"/api/v1/pilot-calls/{pilot.call_id}/reviewers", {"username": "x"}).status_code
        == 403
    )


def test_criteria_and_reviewers_over_the_api(api_client, setting, make_user):
    call = setting["call"]
    finance = api_client.login(setting["finance"])
    expert = make_user("511300-finance")
    made = finance.post(f"/api/v1/pilot-calls/{call.pk}/reviewers", {"username": expert.username})
    assert made.status_code == 201
    assert call.assignments.filter(reviewer=expert).exists()
    unknown = finance.post(f"/api/v1/pilot-calls/{call.pk}/reviewers", {"username": "nobody"})
    assert unknown.status_code == 404
    bad = finance.put(f"/api/v1/pilot-calls/{call.pk}/criteria", [{"name": "方案", "weight": "90"}])
    assert bad.status_code == 400 and "合计" in str(bad.json()["fields"])
    county = api_client.login(make_user("510131-government"))
    refused = county.put(
        f"/api/v1/pilot-calls/{call.pk}/criteria", [{"name": "方案", "weight": "100"}]
    )
    assert refused.status_code == 403


def test_tolerance_cases_over_the_api_are_the_provinces(api_client, setting, pilot, make_user):
    case = {
        "title": "程序瑕疵",
        "happened_on": "2027-02-01",
        "what_happened": "询价仅两家",
        "assessment": "探索中的失误",
        "decision": "exempt",
        "decided_by": "四川省财政厅",
        "decided_on": "2027-02-10",
    }
    county = api_client.login(make_user("510131-government"))
    assert county.post(f"/api/v1/pilots/{pilot.pk}/tolerance-cases", case).status_code == 403
    other = api_client.login(make_user("510521-government"))
    assert other.post(f"/api/v1/pilots/{pilot.pk}/tolerance-cases", case).status_code == 404
    assert not ToleranceCase.objects.exists()
    finance = api_client.login(setting["finance"])
    made = finance.post(f"/api/v1/pilots/{pilot.pk}/tolerance-cases", case)
    assert made.status_code == 201 and made.json()["cases"][0]["decision"] == "exempt"
    county = api_client.login(make_user("510131-finance"))
    seen = county.get(f"/api/v1/pilots/{pilot.pk}").json()
    assert [c["title"] for c in seen["cases"]] == ["程序瑕疵"]


def test_an_assigned_expert_reads_an_application_outside_its_jurisdiction(
    api_client, client, setting
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goumai.documents.services import attach

    application = setting["application"]
    document = attach(
        actor=setting["finance"],
        owner=application,
        upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan"),
    )
    expert = setting["reviewers"][3]  # 泸州市财政局: 蒲江县 is not in its jurisdiction
    api = api_client.login(expert)
    assert api.get(f"/api/v1/pilot-applications/{application.pk}").status_code == 200
    files = api.get(f"/api/v1/pilot-applications/{application.pk}/files")
    assert [f["name"] for f in files.json()] == ["方案.pdf"]
    client.force_login(expert)
    url = f"/pilots/applications/{application.pk}/files/{document.pk}/"
    assert client.get(url).content == b"%PDF-1.4 plan"
