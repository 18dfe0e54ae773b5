"""Each formality flag on data made to trigger it and on data made not to, at its
boundary; clearing by a reviewer; evidence files."""

import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from goumai.core.errors import DomainError, PermissionDenied
from goumai.evaluation.flags import compute, flag_clear, flag_list, similar_groups
from goumai.evaluation.models import Flag, Rule, SurveyAnswer
from goumai.evaluation.services import (
    evaluation_finish,
    evidence_add,
    leaves_of,
    policy,
    scoring_submit,
)
from goumai.evaluation.tests.factories import all_leaves

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
PDF = b"%PDF-1.4 minimal"


def kinds(evaluation) -> dict:
    return dict(compute([evaluation], policy(), today=timezone.localdate())[evaluation.pk])


def scored(ready, town_user, provider_user, *, evidence=True):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    if evidence:
        for indicator, _points in leaves_of(ready.framework):
            if indicator.rule != Rule.FORMULA:
                evidence_add(
                    actor=town_user,
                    evaluation=ready,
                    part="purchaser",
                    indicator_id=indicator.pk,
                    upload=SimpleUploadedFile("台账.pdf", PDF),
                )
    return ready


def test_a_clean_evaluation_raises_no_flag(ready, town_user, provider_user):
    evaluation = evaluation_finish(
        actor=town_user, evaluation=scored(ready, town_user, provider_user)
    )
    assert kinds(evaluation) == {}
    assert not Flag.objects.exists()


def test_self_score_far_above_satisfaction(ready, town_user, provider_user):
    scored(ready, town_user, provider_user)
    # self 94.47, satisfaction 80: 14.47 apart, within 15
    assert "self_above_satisfaction" not in kinds(ready)
    rules = policy()
    rules.self_gap = D("14.47")
    rules.save()
    assert "self_above_satisfaction" not in kinds(ready)  # exactly the gap: not more
    rules.self_gap = D("14.46")
    rules.save()
    assert kinds(ready)["self_above_satisfaction"] == (
        "自评 94.47 分，服务对象满意度 80.00 分，相差 14.47 分（超过 14.46 分）。"
    )


def test_late_evaluation(ready, town_user, provider_user, time_machine):
    scored(ready, town_user, provider_user)
    time_machine.shift(timedelta(days=90))
    assert "late" not in kinds(ready)  # open, 90 days after acceptance
    time_machine.shift(timedelta(days=1))
    assert kinds(ready)["late"] == "2028-06-01 验收，91 天后仍未完成评价（应在 90 天内）。"
    finished = evaluation_finish(actor=town_user, evaluation=ready)
    assert Flag.objects.get(evaluation=finished, kind="late").reason == (
        "2028-06-01 验收，91 天后完成评价（应在 90 天内）。"
    )


def test_missing_evidence(ready, town_user, provider_user):
    scored(ready, town_user, provider_user, evidence=False)
    typed = sum(1 for i, _p in leaves_of(ready.framework) if i.rule != Rule.FORMULA)
    assert kinds(ready)["no_evidence"] == (
        f"购买主体或第三方评价中有 {typed} 项人工评分的指标没有佐证材料。"
    )


def test_too_few_answers(ready, town_user, provider_user):
    scored(ready, town_user, provider_user)
    evaluation = evaluation_finish(actor=town_user, evaluation=ready)
    # 180 served: max(10, ⌈180 × 5 / 100⌉ = 9) = 10 answers needed; there are 10
    assert "few_answers" not in kinds(evaluation)
    SurveyAnswer.objects.filter(pk=evaluation.answers.first().pk).delete()
    assert kinds(evaluation)["few_answers"] == "满意度答卷 9 份，服务 180 人，至少应有 10 份。"
    rules = policy()
    rules.min_answers = 9
    rules.save()
    assert "few_answers" not in kinds(evaluation)
    evaluation.people_served = 181  # ⌈9.05⌉ = 10
    assert "few_answers" in kinds(evaluation)


def test_look_alike_scores_need_enough_projects_within_the_tolerance():
    same = {"服务质量": D(85), "社会效益": D(85)}
    near = {"服务质量": D(86), "社会效益": D("84.5")}
    far = {"服务质量": D("86.01"), "社会效益": D(87)}
    other = {"服务质量": D(85)}
    scorings = {"clerk": [(1, same), (2, near), (3, far), (4, other)]}
    assert similar_groups(scorings, tolerance=D(1), at_least=2) == {1, 2}
    assert similar_groups(scorings, tolerance=D(1), at_least=3) == set()
    # 3 is at most 2 points from 1 on every leaf: with a tolerance of exactly 2, project 1
    # has two look-alikes, so the three are flagged together
    assert similar_groups(scorings, tolerance=D("1.99"), at_least=3) == set()
    assert similar_groups(scorings, tolerance=D(2), at_least=3) == {1, 2, 3}
    # another evaluator's identical scores do not count with these
    assert similar_groups({"a": [(1, same)], "b": [(2, same)]}, tolerance=D(1), at_least=2) == set()


def test_look_alike_scores_are_found_in_the_database(ready, town_user, provider_user):
    scored(ready, town_user, provider_user)
    rules = policy()
    rules.similar_projects = 2
    rules.save()
    assert "similar_scores" not in kinds(ready)  # one project only
    rules.similar_projects = 1
    rules.save()
    assert "similar_scores" in kinds(ready)


def test_a_reviewer_clears_a_flag_with_a_note(
    ready, town_user, provider_user, county_user, make_user, township_b
):
    scored(ready, town_user, provider_user, evidence=False)
    evaluation = evaluation_finish(actor=town_user, evaluation=ready)
    flag = Flag.objects.get(evaluation=evaluation, kind="no_evidence")
    assert list(flag_list(actor=town_user)) == []
    assert list(flag_list(actor=make_user("510521-finance", roles=("clerk",)))) == []
    assert list(flag_list(actor=county_user)) == [flag]
    with pytest.raises(PermissionDenied):
        flag_clear(actor=town_user, flag=flag, note="已核实台账")
    with pytest.raises(DomainError) as caught:
        flag_clear(actor=county_user, flag=flag, note="已核实")
    assert caught.value.code == "note_required"
    cleared = flag_clear(actor=county_user, flag=flag, note="已现场核实服务台账")
    assert cleared.cleared_by == county_user.username
    assert list(flag_list(actor=county_user)) == []
    assert list(flag_list(actor=county_user, cleared=True)) == [flag]


def test_the_flags_page_shows_only_ones_jurisdiction(
    client, ready, town_user, provider_user, county_user, make_user
):
    scored(ready, town_user, provider_user, evidence=False)
    evaluation_finish(actor=town_user, evaluation=ready)
    client.force_login(county_user)
    assert "评分缺少佐证材料" in client.get("/projects/evaluations/flags/").content.decode()
    client.force_login(make_user("510521-finance", roles=("clerk",)))
    assert "评分缺少佐证材料" not in client.get("/projects/evaluations/flags/").content.decode()
    client.force_login(town_user)
    assert client.get("/projects/evaluations/flags/").status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.exe", b"MZ", "佐证材料只接受 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件。"),
        ("a.pdf", b"\x89PNG\r\n\x1a\n", "文件“a.pdf”的内容与其类型不符。"),
        ("a.pdf", b"", "文件“a.pdf”的内容与其类型不符。"),
        ("a.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "文件过大，不能超过 5 MB。"),
    ],
)
def test_unsafe_evidence_is_refused(ready, town_user, name, content, message):
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready))
    leaf = next(i for i, _p in leaves_of(ready.framework) if i.rule == Rule.LEVELS)
    with pytest.raises(DomainError) as caught:
        evidence_add(
            actor=town_user,
            evaluation=ready,
            part="purchaser",
            indicator_id=leaf.pk,
            upload=SimpleUploadedFile(name, content),
        )
    assert caught.value.message == message


def test_evidence_is_read_only_by_who_sees_the_evaluation(
    client, ready, town_user, provider_user, make_user, township_a2
):
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready))
    leaf = next(i for i, _p in leaves_of(ready.framework) if i.rule == Rule.LEVELS)
    evidence = evidence_add(
        actor=town_user,
        evaluation=ready,
        part="purchaser",
        indicator_id=leaf.pk,
        upload=SimpleUploadedFile("台账.pdf", PDF),
    )
    url = f"/projects/{ready.project_id}/evaluation/evidence/{evidence.pk}/"
    client.force_login(provider_user)
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(make_user(f"{township_a2.code}-government"))
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=provider_user,
            evaluation=ready,
            part="purchaser",
            indicator_id=leaf.pk,
            upload=SimpleUploadedFile("x.pdf", PDF),
        )


def test_the_nightly_refresh_raises_the_late_flag_as_days_pass(
    ready, town_user, provider_user, time_machine
):
    scored(ready, town_user, provider_user)
    assert not Flag.objects.filter(kind="late").exists()
    time_machine.shift(timedelta(days=91))
    call_command("evaluation_flags", "--year", "2027", stdout=io.StringIO())
    assert Flag.objects.get(kind="late").evaluation_id == ready.pk
    call_command("evaluation_flags", "--year", "2026", stdout=io.StringIO())
    assert Flag.objects.filter(kind="late").count() == 1
