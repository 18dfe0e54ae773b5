"""Publishing the stages of a project: frozen snapshots, corrections that keep the
old version, the public log and its verification, overdue stages, and no private
value in anything published."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from goumai.core.errors import DomainError, PermissionDenied
from goumai.disclosure import log
from goumai.disclosure.models import Publication
from goumai.disclosure.services import due_stages, log_document, overdue, publish
from goumai.disclosure.tests.conftest import PRIVATE, SECRET_COMMENT
from goumai.projects.models import Project
from goumai.projects.tests.factories import draft_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_2028")]


def publish_all(actor, project):
    return [publish(actor=actor, project=project, stage=stage) for stage in due_stages(project)]


def test_every_stage_is_published_with_no_private_value(evaluated, town_user):
    published = publish_all(town_user, evaluated)
    assert [p.seq for p in published] == [1, 2, 3, 4, 5, 6]
    text = json.dumps(log_document(), ensure_ascii=False)
    for value in [*PRIVATE.values(), SECRET_COMMENT]:
        assert value not in text, value
    award = Publication.objects.get(stage="award").snapshot["award"]
    assert award["reasons"] == "最低评标价" and award["amount"] == "28000.00"
    result = Publication.objects.get(stage="evaluation").snapshot["evaluation"]
    assert (result["score"], result["grade"]) == ("87.02", "良")
    assert result["satisfaction"] == {"answers": 10, "score": "80.00"}


def test_a_stage_not_reached_cannot_be_published(town_user, township_a):
    project = draft_project(town_user, township_a)
    with pytest.raises(DomainError) as caught:
        publish(actor=town_user, project=project, stage="plan")
    assert caught.value.message == "项目尚未到“购买计划与预算”阶段，不能公开。"
    assert due_stages(Project.objects.get(pk=project.pk)) == {}


def test_only_the_purchaser_publishes(evaluated, make_user, township_a2, county_user):
    for actor in (make_user(f"{township_a2.code}-government"), county_user):
        with pytest.raises(PermissionDenied):
            publish(actor=actor, project=evaluated, stage="plan")
    assert not Publication.objects.exists()


def test_a_correction_keeps_the_old_version_readable(evaluated, town_user):
    first = publish(actor=town_user, project=evaluated, stage="plan")
    with pytest.raises(DomainError) as caught:
        publish(actor=town_user, project=evaluated, stage="plan", reason="更正服务标准的错别字")
    assert caught.value.code == "unchanged"
    Project.objects.filter(pk=evaluated.pk).update(standards="每周上门两次，每次不少于一小时")
    with pytest.raises(DomainError) as caught:
        publish(actor=town_user, project=evaluated, stage="plan", reason="更正")
    assert caught.value.code == "reason_required"
    second = publish(
        actor=town_user, project=evaluated, stage="plan", reason="更正服务标准：每周两次"
    )
    first.refresh_from_db()
    assert (second.version, first.superseded_at is not None) == (2, True)
    assert first.snapshot["plan"]["standards"] == "" and second.snapshot["plan"]["standards"]
    assert second.prev_hash == first.entry_hash
    assert log.verify(log_document()).ok


def test_the_log_verifies_and_names_the_first_altered_entry(evaluated, town_user, tmp_path):
    publish_all(town_user, evaluated)
    good = tmp_path / "log.json"
    call_command("disclosure", "export", "--out", str(good))
    out = io.StringIO()
    call_command("disclosure", "verify", str(good), stdout=out)
    assert out.getvalue().strip() == "公开日志完整：共 6 条，逐条核对一致。"
    # someone quietly changes the award's reasons in the database
    award = Publication.objects.get(stage="award")
    award.snapshot["award"]["reasons"] = "另行说明"
    award.save(update_fields=["snapshot"])
    bad = tmp_path / "bad.json"
    call_command("disclosure", "export", "--out", str(bad))
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("disclosure", "verify", str(bad), stderr=err)
    assert exit_code.value.code == 1
    assert err.getvalue().strip() == (
        f"公开日志不一致：第 {award.seq} 条 — 公开内容与其摘要不符（内容被改动）（前 {award.seq - 1} 条一致）。"
    )


def test_a_deleted_or_reordered_entry_is_found():
    document = {"head": {"seq": 0, "hash": log.GENESIS_HASH}, "entries": []}
    assert log.verify(document).ok
    previous, entries = log.GENESIS_HASH, []
    for seq, snapshot in enumerate([{"a": 1}, {"b": "公开"}, {"c": [1, 2]}], start=1):
        digest = log.snapshot_digest(snapshot)
        entry = log.entry_digest(seq=seq, prev_hash=previous, snapshot_hash=digest)
        entries.append(
            {
                "seq": seq,
                "prev_hash": previous,
                "snapshot_hash": digest,
                "entry_hash": entry,
                "snapshot": snapshot,
            }
        )
        previous = entry
    whole = {"head": {"seq": 3, "hash": previous}, "entries": entries}
    assert log.verify(whole) == log.Result(True, 3)
    cut = {"head": whole["head"], "entries": entries[:2]}
    assert log.verify(cut).first_bad == 3
    gap = {"head": whole["head"], "entries": [entries[0], entries[2]]}
    assert log.verify(gap).first_bad == 3 and log.verify(gap).checked == 1
    forged = json.loads(json.dumps(whole))
    forged["entries"][1]["entry_hash"] = "f" * 64
    assert log.verify(forged).first_bad == 2


def test_a_stage_due_too_long_is_overdue(evaluated, town_user, settings):
    settings.GOUMAI_DISCLOSURE_DAYS = 20
    project = Project.objects.get(pk=evaluated.pk)
    days = due_stages(project)
    contract_day = days["contract"]
    assert contract_day == date(2027, 3, 1)
    # 20 days later is Sunday 21 March: the period runs to Monday 22 March
    for last in (20, 21):
        on_time = overdue(project, today=contract_day + timedelta(days=last))
        assert "contract" not in [stage for stage, _day in on_time]
    late = overdue(project, today=contract_day + timedelta(days=22))
    assert ("contract", contract_day) in late
    publish(actor=town_user, project=project, stage="contract")
    assert "contract" not in [
        s for s, _d in overdue(project, today=contract_day + timedelta(days=400))
    ]
