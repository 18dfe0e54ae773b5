"""Single-use survey codes, the public survey page and its throttle, and answers
from paper or Excel."""

import io
import re

import pytest
from openpyxl import Workbook

from goumai.core.errors import DomainError, PermissionDenied
from goumai.evaluation import surveys
from goumai.evaluation.formulas import satisfaction_score
from goumai.evaluation.models import SurveyAnswer, SurveyCode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
STARS = {"overall": "5", "quality": "4", "timeliness": "4", "attitude": "3"}


def test_codes_are_long_random_and_stored_only_as_hashes(evaluation, town_user):
    codes = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=50)
    assert len(set(codes)) == 50
    assert all(re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}", c) for c in codes)
    stored = set(SurveyCode.objects.values_list("code_hash", flat=True))
    assert stored == {surveys.code_hash(c) for c in codes}
    assert not any(c in h for c in codes for h in stored)
    again = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=1)
    assert SurveyCode.objects.get(code_hash=surveys.code_hash(again[0])).batch == 2


@pytest.mark.parametrize("count", [0, 501, -1])
def test_a_batch_is_1_to_500(evaluation, town_user, count):
    with pytest.raises(DomainError) as caught:
        surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=count)
    assert caught.value.message == "每次可生成 1 至 500 个调查码。"
    assert not SurveyCode.objects.exists()


def test_only_the_purchaser_issues_codes(evaluation, provider_user):
    with pytest.raises(PermissionDenied):
        surveys.survey_codes_issue(actor=provider_user, evaluation=evaluation, count=1)


def test_a_code_works_once_and_the_answer_is_not_linked_to_it(evaluation, town_user):
    code = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=1)[0]
    typed = surveys.pretty(code).lower()  # as typed from the slip
    surveys.survey_answer_submit(code=typed, address="10.0.0.1", ratings=STARS)
    answer = SurveyAnswer.objects.get()
    assert (answer.overall, answer.source) == (5, "online")
    assert {f.name for f in SurveyAnswer._meta.get_fields()} == {
        "id",
        "evaluation",
        "overall",
        "quality",
        "timeliness",
        "attitude",
        "comment",
        "source",
        "answered_on",
    }
    with pytest.raises(DomainError) as caught:
        surveys.survey_answer_submit(code=code, address="10.0.0.1", ratings=STARS)
    assert (caught.value.code, caught.value.message) == ("invalid_code", "调查码无效或已使用。")
    assert SurveyAnswer.objects.count() == 1
    # (5 + 4 + 4 + 3) / 4 stars × 20 = 80
    assert satisfaction_score(evaluation) == (1, 80)


def test_a_rating_out_of_range_changes_nothing(evaluation, town_user):
    code = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=1)[0]
    with pytest.raises(DomainError) as caught:
        surveys.survey_answer_submit(
            code=code, address="10.0.0.1", ratings={**STARS, "attitude": "6"}
        )
    assert caught.value.message == "“服务态度”应为 1 至 5 的整数。"
    assert not SurveyAnswer.objects.exists()
    assert SurveyCode.objects.get().used_on is None


def test_wrong_codes_are_throttled_per_address(evaluation, town_user, settings):
    settings.GOUMAI_SURVEY_FAILURES = 3
    code = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=1)[0]
    for _ in range(3):
        with pytest.raises(DomainError) as caught:
            surveys.survey_code_find(code="AAAAAAAAAA", address="10.0.0.9")
        assert caught.value.status == 404
    with pytest.raises(DomainError) as caught:  # even the right code, from that address
        surveys.survey_code_find(code=code, address="10.0.0.9")
    assert (caught.value.code, caught.value.status) == ("too_many_attempts", 429)
    assert surveys.survey_code_find(code=code, address="10.0.0.10") == evaluation


def test_the_window_passes(evaluation, town_user, settings, time_machine):
    settings.GOUMAI_SURVEY_FAILURES = 1
    with pytest.raises(DomainError):
        surveys.survey_code_find(code="BBBBBBBBBB", address="10.0.0.9")
    assert surveys.is_throttled("10.0.0.9")
    time_machine.shift(9 * 60)
    assert surveys.is_throttled("10.0.0.9")
    time_machine.shift(61)
    assert not surveys.is_throttled("10.0.0.9")


def test_the_survey_page_without_login(client, evaluation, town_user):
    code = surveys.survey_codes_issue(actor=town_user, evaluation=evaluation, count=1)[0]
    page = client.get(f"/s/{code}/")
    assert page.status_code == 200 and evaluation.project.title in page.content.decode()
    done = client.post(f"/s/{code}/", {**STARS, "comment": "很好"})
    assert "谢谢您" in done.content.decode()
    assert client.get(f"/s/{code}/").status_code == 404
    assert client.get("/s/", {"code": "ab3cd-ef4gh"}).url == "/s/AB3CDEF4GH/"


def test_the_code_sheet_is_shown_once_with_qr_codes(client, evaluation, town_user):
    client.force_login(town_user)
    sheet = client.post(f"/projects/{evaluation.project_id}/evaluation/codes/", {"count": "3"})
    page = sheet.content.decode()
    assert page.count("<svg") == 3 and SurveyCode.objects.count() == 3
    shown = re.findall(r"<b class=\"mono\">([0-9A-Z]{5}-[0-9A-Z]{5})</b>", page)
    assert {surveys.code_hash(c) for c in shown} == set(
        SurveyCode.objects.values_list("code_hash", flat=True)
    )


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "answers.xlsx"
    return data


def test_an_excel_import_is_all_or_nothing_naming_the_row(client, evaluation, town_user):
    client.force_login(town_user)
    url = f"/projects/{evaluation.project_id}/evaluation/answers/import/"
    header = ["总体满意度", "服务质量", "服务及时性", "服务态度", "意见建议"]
    bad = xlsx([header, [5, 5, 5, 5, ""], [4, 4, 0, 4, "太慢"], [5, 4, 4, 4, ""]])
    page = client.post(url, {"file": bad}, follow=True).content.decode()
    assert "第 3 行：“服务及时性”应为 1 至 5 的整数。" in page
    assert not SurveyAnswer.objects.exists()
    good = xlsx([header, [5, 5, 5, 5, ""], [4, 4, 3, 4, "太慢"]])
    client.post(url, {"file": good})
    assert list(SurveyAnswer.objects.values_list("timeliness", "source", "comment")) == [
        (5, "import", ""),
        (3, "import", "太慢"),
    ]
