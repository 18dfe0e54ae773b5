from decimal import Decimal as D

import pytest

from goumai.evaluation.models import Evaluation, Rule
from goumai.evaluation.services import evaluation_assign, leaves_of
from goumai.evaluation.tests.test_services import evaluator_org, evaluator_user
from goumai.projects.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def shown(response) -> str:
    return response.content.decode()


def form_for(evaluation, level: int) -> dict:
    data = {}
    for indicator, _points in leaves_of(evaluation.framework):
        if indicator.rule == Rule.LEVELS:
            data[f"leaf_{indicator.pk}_level"] = str(level)
    return data


def test_the_purchaser_evaluates_on_the_page(client, town_user, accepted):
    client.force_login(town_user)
    base = f"/projects/{accepted.pk}/evaluation/"
    assert "开展绩效评价" in shown(client.get(f"/projects/{accepted.pk}/"))
    client.post(f"{base}open/")
    client.post(f"{base}facts/", {"people_served": "180"})
    bad = client.post(f"{base}answers/", {"lines": "5 5 5 5\n4 4 9 4 好"}, follow=True)
    assert "第 2 行：“服务及时性”应为 1 至 5 的整数。" in shown(bad)
    evaluation = Evaluation.objects.get(project=accepted)
    assert not evaluation.answers.exists()
    client.post(f"{base}answers/", {"lines": "\n".join(["4 4 4 4 服务周到"] * 10)})
    assert evaluation.answers.count() == 10
    page = shown(client.get(base))
    assert "已支付 28,000.00 元 ÷ 项目预算 30,000.00 元 × 100" in page
    missing = client.post(f"{base}score/purchaser/", {}, follow=True)
    assert "请选择一个评分档次" in shown(missing)
    client.post(f"{base}score/purchaser/", form_for(evaluation, 1))
    client.post(f"{base}score/self/", form_for(evaluation, 0))
    done = client.post(f"{base}finish/", follow=True)
    page = shown(done)
    assert "综合得分 87.02 分" in page and "纸质代录" in page
    assert Project.objects.get(pk=accepted.pk).status == "evaluated"
    project_page = shown(client.get(f"/projects/{accepted.pk}/"))
    assert "综合得分 <b>87.02</b> 分" in project_page
    assert (
        "购买主体评价 85.77 分" in project_page
        and "服务对象满意度 80.00 分（10 份答卷）" in project_page
    )


def test_the_provider_scores_itself_from_its_portal(client, provider_user, town_user, accepted):
    client.force_login(town_user)
    client.post(f"/projects/{accepted.pk}/evaluation/open/")
    client.post(f"/projects/{accepted.pk}/evaluation/facts/", {"people_served": "180"})
    client.post(f"/projects/{accepted.pk}/evaluation/answers/", {"lines": "3 3 3 3"})
    client.force_login(provider_user)
    assert f"/projects/{accepted.pk}/evaluation/" in shown(client.get("/providers/portal/"))
    page = shown(client.get(f"/projects/{accepted.pk}/evaluation/"))
    assert "承接主体自评" in page and "完成绩效评价" not in page
    evaluation = Evaluation.objects.get(project=accepted)
    client.post(f"/projects/{accepted.pk}/evaluation/score/self/", form_for(evaluation, 3))
    scoring = evaluation.scorings.get(part="self")
    assert scoring.submitted_by == provider_user.username and scoring.total < D(60)
    # the provider still cannot read the project page itself
    assert client.get(f"/projects/{accepted.pk}/").status_code == 404


def test_an_evaluator_reaches_only_its_assignment(client, town_user, evaluation):
    agency, other = evaluator_org(), evaluator_org("EV-2")
    evaluation_assign(actor=town_user, evaluation=evaluation, third_party=agency)
    pid = evaluation.project_id
    client.force_login(evaluator_user(other))
    for path in (
        f"/projects/{pid}/evaluation/",
        f"/projects/{pid}/",
        "/projects/evaluations/assigned/",
    ):
        response = client.get(path)
        assert response.status_code == 404 or evaluation.project.title not in shown(response)
    assert client.get(f"/projects/{pid}/evaluation/").status_code == 404
    assert client.post(f"/projects/{pid}/evaluation/score/third_party/", {}).status_code == 404
    assert client.get("/").url == "/projects/evaluations/assigned/"
    client.force_login(evaluator_user(agency))
    assert evaluation.project.title in shown(client.get("/projects/evaluations/assigned/"))
    page = shown(client.get(f"/projects/{pid}/evaluation/"))
    assert "第三方评价" in page and "完成绩效评价" not in page
    assert client.get(f"/projects/{pid}/").status_code == 404


def test_another_township_gets_nothing(client, make_user, township_a2, evaluation):
    client.force_login(make_user(f"{township_a2.code}-government"))
    pid = evaluation.project_id
    assert client.get(f"/projects/{pid}/evaluation/").status_code == 404
    assert client.post(f"/projects/{pid}/evaluation/finish/").status_code == 404
    assert (
        client.post(f"/projects/{pid}/evaluation/answers/", {"lines": "5 5 5 5"}).status_code == 404
    )
    assert not evaluation.answers.exists()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("post", "open/"),
        ("post", "facts/"),
        ("post", "assign/"),
        ("post", "answers/"),
        ("post", "answers/import/"),
        ("get", "answers/template.xlsx"),
        ("post", "codes/"),
        ("post", "score/purchaser/"),
        ("post", "finish/"),
        ("get", "report.pdf"),
        ("get", "report.docx"),
    ],
)
def test_every_evaluation_page_is_404_for_a_neighbour(
    client, make_user, township_a2, evaluation, method, suffix
):
    client.force_login(make_user(f"{township_a2.code}-government"))
    url = f"/projects/{evaluation.project_id}/evaluation/{suffix}"
    response = getattr(client, method)(
        url, {"count": "5", "people_served": "1", "lines": "5 5 5 5"}
    )
    assert response.status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.people_served is None and not evaluation.codes.exists()
    assert not evaluation.answers.exists()
