from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from goumai.evaluation.models import Flag, Framework, Rule
from goumai.evaluation.services import (
    evaluation_assign,
    evaluation_finish,
    leaves_of,
    scoring_submit,
)
from goumai.evaluation.tests.factories import all_leaves
from goumai.evaluation.tests.test_services import evaluator_org, evaluator_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def api_client_post_file(api, path, upload):
    return Client().post(path, {"file": upload}, headers=api.headers)


def as_json(leaves: dict) -> dict:
    return {str(k): v for k, v in leaves.items()}


def test_the_evaluation_through_the_api(api_client, town_user, provider_user, accepted):
    clerk = api_client.login(town_user)
    base = f"/api/v1/projects/{accepted.pk}/evaluation"
    opened = clerk.post(base, {})
    assert opened.status_code == 201 and opened.json()["my_parts"] == ["purchaser", "self"]
    assert clerk.patch(f"{base}/facts", {"people_served": 180}).status_code == 200
    bad = clerk.post(
        f"{base}/answers",
        {
            "rows": [
                {"overall": 4, "quality": 4, "timeliness": 4, "attitude": 4},
                {"overall": 6, "quality": 4, "timeliness": 4, "attitude": 0},
            ]
        },
    )
    assert bad.status_code == 400
    assert (
        bad.json()["message"]
        == "第 2 行：“总体满意度”应为 1 至 5 的整数。；“服务态度”应为 1 至 5 的整数。"
    )
    rows = [{"overall": 4, "quality": 4, "timeliness": 4, "attitude": 4}] * 10
    assert clerk.post(f"{base}/answers", {"rows": rows}).json() == {"count": 10}
    evaluation = accepted.evaluation
    leaves = all_leaves(evaluation)
    wrong = dict(leaves)
    quality = next(i for i, _p in leaves_of(evaluation.framework) if i.name == "服务质量")
    wrong[quality.pk] = {"level": 9}
    refused = clerk.post(f"{base}/scorings/purchaser", {"leaves": as_json(wrong)})
    assert refused.status_code == 400
    assert refused.json()["fields"] == {f"leaf_{quality.pk}": ["请选择一个评分档次。"]}
    done = clerk.post(f"{base}/scorings/purchaser", {"leaves": as_json(all_leaves(evaluation, 1))})
    assert done.status_code == 201 and done.json()["total"] == "85.77"
    provider = api_client.login(provider_user)
    mine = provider.post(f"{base}/scorings/self", {"leaves": as_json(all_leaves(evaluation, 0))})
    assert mine.status_code == 201 and mine.json()["total"] == "94.47"
    clerk = api_client.login(town_user)
    finished = clerk.post(f"{base}/finish", {})
    assert finished.status_code == 200
    assert (finished.json()["score"], finished.json()["grade"]) == ("87.02", "good")
    assert clerk.get(f"/api/v1/projects/{accepted.pk}").json()["status"] == "evaluated"


def test_an_evaluator_gets_404_on_a_project_it_was_not_assigned(api_client, town_user, evaluation):
    agency, other = evaluator_org(), evaluator_org("EV-2")
    evaluation_assign(actor=town_user, evaluation=evaluation, third_party=agency)
    outsider = api_client.login(evaluator_user(other))
    pid = evaluation.project_id
    for path in (
        f"/api/v1/projects/{pid}/evaluation",
        f"/api/v1/projects/{pid}",
        f"/api/v1/projects/{pid}/contract",
    ):
        assert outsider.get(path).status_code in (404, 405)
    assert outsider.get(f"/api/v1/projects/{pid}/evaluation").json()["code"] == "not_found"
    assert outsider.get("/api/v1/projects").json()["count"] == 0
    assert outsider.get("/api/v1/evaluator/evaluations").json() == []
    answer = outsider.post(
        f"/api/v1/projects/{pid}/evaluation/scorings/third_party",
        {"leaves": as_json(all_leaves(evaluation))},
    )
    assert answer.status_code == 404
    insider = api_client.login(evaluator_user(agency))
    seen = insider.get(f"/api/v1/projects/{pid}/evaluation").json()
    assert seen["my_parts"] == ["third_party"]
    assert [a["project_id"] for a in insider.get("/api/v1/evaluator/evaluations").json()] == [pid]
    # the agency still sees no project list and no other project
    assert insider.get("/api/v1/projects").json()["count"] == 0
    assert insider.get(f"/api/v1/projects/{pid}").status_code == 404


def test_other_jurisdictions_and_providers_get_nothing(
    api_client, make_user, township_a2, evaluation, provider_user
):
    pid = evaluation.project_id
    neighbour = api_client.login(make_user(f"{township_a2.code}-government"))
    assert neighbour.get(f"/api/v1/projects/{pid}/evaluation").status_code == 404
    assert neighbour.post(f"/api/v1/projects/{pid}/evaluation/finish", {}).status_code == 404
    own = api_client.login(provider_user)
    assert own.get(f"/api/v1/projects/{pid}/evaluation").json()["my_parts"] == ["self"]


def test_framework_revision_through_the_api(api_client, civil_user, town_user):
    framework = Framework.objects.get(sector="civil_affairs", is_current=True)
    clerk = api_client.login(town_user)
    tree = clerk.get(f"/api/v1/evaluation/frameworks/{framework.pk}").json()
    assert [n["name"] for n in tree["indicators"]] == ["决策", "过程", "产出", "效益", "满意度"]
    refused = clerk.put(
        f"/api/v1/evaluation/frameworks/{framework.pk}", {"indicators": tree["indicators"]}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    civil = api_client.login(civil_user)
    indicators = tree["indicators"]
    indicators[0]["weight"] = "20"
    response = civil.put(
        f"/api/v1/evaluation/frameworks/{framework.pk}", {"indicators": indicators}
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "一级指标": ["“一级指标”下各指标权重合计为 110，应为 100。"]
    }
    indicators[2]["weight"] = "30"
    response = civil.put(
        f"/api/v1/evaluation/frameworks/{framework.pk}", {"indicators": indicators}
    )
    assert response.status_code == 200 and response.json()["indicators"][0]["weight"] == "20.00"
    assert Framework.objects.get(pk=framework.pk).indicators.get(name="产出").weight == D(30)


def test_flags_evidence_and_summary_through_the_api(
    api_client, town_user, provider_user, county_user, ready, make_user
):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    leaf = next(i for i, _p in leaves_of(ready.framework) if i.rule == Rule.LEVELS)
    clerk = api_client.login(town_user)
    base = f"/api/v1/projects/{ready.project_id}/evaluation/scorings/purchaser/leaves/{leaf.pk}"
    response = api_client_post_file(clerk, f"{base}/evidence", SimpleUploadedFile("a.exe", b"MZ"))
    assert response.status_code == 400 and response.json()["code"] == "unsupported_file"
    response = api_client_post_file(
        clerk, f"{base}/evidence", SimpleUploadedFile("台账.pdf", b"%PDF-1.4")
    )
    assert response.status_code == 201 and len(response.json()["sm3"]) == 64
    evaluation_finish(actor=town_user, evaluation=ready)
    flag = Flag.objects.get(kind="no_evidence")
    county = api_client.login(county_user)
    assert [f["kind"] for f in county.get("/api/v1/evaluation/flags").json()] == ["no_evidence"]
    assert (
        county.post(f"/api/v1/evaluation/flags/{flag.pk}/clear", {"note": "短"}).status_code == 400
    )
    done = county.post(f"/api/v1/evaluation/flags/{flag.pk}/clear", {"note": "已核实服务台账"})
    assert done.status_code == 200 and done.json()["cleared_by"] == county_user.username
    summary = county.get("/api/v1/evaluation/summary", year=2027).json()
    assert summary["count"] == 1 and summary["mean"] == "87.02"
    other = api_client.login(make_user("510521-finance", roles=("clerk",)))
    assert other.get("/api/v1/evaluation/flags", cleared="true").json() == []
    assert other.get("/api/v1/evaluation/summary").json()["count"] == 0
    assert (
        other.post(
            f"/api/v1/evaluation/flags/{flag.pk}/clear", {"note": "已核实服务台账"}
        ).status_code
        == 404
    )
