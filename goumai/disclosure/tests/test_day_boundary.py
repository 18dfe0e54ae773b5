"""Every published date is the day in Beijing. At 23:30 UTC it is already 07:30 the
next morning in China: an evaluation finished, a contract terminated or a stage
published then carries the Chinese date on the portal, in the snapshot and in OCDS."""

import json
from datetime import UTC, datetime

import pytest

from goumai.disclosure.releases import ocid_of
from goumai.disclosure.services import publish
from goumai.evaluation.services import evaluation_finish, scoring_submit
from goumai.evaluation.tests.factories import all_leaves
from goumai.projects.models import Project
from goumai.projects.services import project_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]
LATE_UTC = datetime(2028, 6, 1, 23, 30, tzinfo=UTC)  # 2028-06-02 07:30 in Beijing


def test_an_evaluation_finished_at_2330_utc_is_published_with_the_beijing_date(
    ready, town_user, provider_user, time_machine, client
):
    scoring_submit(actor=provider_user, evaluation=ready, part="self", leaves=all_leaves(ready, 0))
    scoring_submit(actor=town_user, evaluation=ready, part="purchaser", leaves=all_leaves(ready, 1))
    time_machine.move_to(LATE_UTC, tick=False)
    evaluation_finish(actor=town_user, evaluation=ready)
    project = Project.objects.get(pk=ready.project_id)
    publication = publish(actor=town_user, project=project, stage="evaluation")
    assert publication.snapshot["evaluation"]["finished_on"] == "2028-06-02"
    package = json.loads(client.get(f"/ocds/records/{ocid_of(project.pk)}.json").content)
    release = [r for r in package["records"][0]["releases"] if r["date"].startswith("2028-06-02")]
    assert release and release[-1]["date"] == "2028-06-02T07:30:00+08:00"
    evaluation = package["records"][0]["compiledRelease"]["performanceEvaluation"]
    assert evaluation["finishedDate"] == "2028-06-02T00:00:00+08:00"
    page = client.get(f"/public/projects/{project.code}/").content.decode()
    assert "2028-06-02" in page and "2028-06-01" not in page.split("绩效评价")[-1]


def test_a_termination_at_2330_utc_is_dated_in_beijing(performing, town_user, time_machine, client):
    time_machine.move_to(LATE_UTC, tick=False)
    project = project_transition(
        actor=town_user,
        project=Project.objects.get(pk=performing.project_id),
        action="terminate",
        note="承接主体无法继续履约，双方协商解除",
    )
    publication = publish(actor=town_user, project=project, stage="ending")
    assert publication.snapshot["ending"]["date"] == "2028-06-02"
    assert publication.published_at.astimezone(UTC).date().isoformat() == "2028-06-01"
