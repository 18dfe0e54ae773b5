import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from goumai.accounts.models import RoleAssignment
from goumai.conftest import COUNTY_A
from goumai.core.errors import DomainError, NotFound, PermissionDenied
from goumai.core.tests.test_upload_bombs import BOMBS
from goumai.imports.models import ImportJob
from goumai.imports.services import (
    import_job_get,
    import_job_run,
    import_progress,
    import_submit,
)
from goumai.regions.models import Region
from goumai.regions.tests.test_importing import xlsx as upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_rows_run_at_once(settings):
    settings.GOUMAI_IMPORT_BACKGROUND_ROWS = 3
    cache.clear()


def townships(n):
    return list(Region.objects.filter(parent__code=COUNTY_A).order_by("code")[:n])


def populations(rows):
    return {t.code: t.population for t in Region.objects.filter(code__in=[r[0] for r in rows])}


def rows_for(n, population=30000):
    return [[t.code, "", "", population + i, ""] for i, t in enumerate(townships(n))]


def test_a_file_of_exactly_the_limit_is_imported_at_once(county_user):
    rows = rows_for(3)
    count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows))
    assert (count, job) == (3, None)
    assert populations(rows) == {r[0]: r[3] for r in rows}


def test_one_row_more_waits_for_the_worker_and_writes_nothing_yet(county_user):
    rows = rows_for(4)
    count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows))
    assert count is None and job.status == "queued" and job.user == county_user
    assert bytes(job.data)[:2] == b"PK" and job.file_name == "townships.xlsx"
    assert all(p != r[3] for p, r in zip(populations(rows).values(), rows, strict=True))


def test_the_worker_imports_the_job_and_reports_progress(county_user):
    rows = rows_for(4)
    _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows))
    job = import_job_run(job.pk)
    assert (job.status, job.count, job.message) == (
        "done",
        4,
        "导入成功：共 4 行；与现有数据相同的行未作改动。",
    )
    assert bytes(job.data) == b"" and job.finished_at is not None
    assert populations(rows) == {r[0]: r[3] for r in rows}
    assert import_progress(job) == (4, 4)


def test_a_bad_row_fails_the_whole_job_with_row_errors_and_writes_nothing(county_user):
    rows = [*rows_for(3), ["999999999", "", "", 1, ""]]
    before = populations(rows)
    _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows))
    job = import_job_run(job.pk)
    assert job.status == "failed" and job.message.startswith("导入失败，共 1 处错误")
    assert job.row_errors == ["第 5 行「乡镇代码」：“999999999”不是您管辖范围内的乡镇（街道）。"]
    assert populations(rows) == before


def test_permission_is_checked_before_the_file_is_read_or_queued(civil_user):
    class Unreadable:
        name, size = "townships.xlsx", 10

        def read(self):
            raise AssertionError("read before the permission check")

    with pytest.raises(PermissionDenied):
        import_submit(actor=civil_user, kind="townships", upload=Unreadable())
    assert not ImportJob.objects.exists()


def test_a_job_is_seen_only_by_whoever_started_it(county_user, make_user):
    _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows_for(4)))
    assert import_job_get(actor=county_user, job_id=job.pk) == job
    colleague = make_user(f"{COUNTY_A}-government", roles=("unit_admin",))
    with pytest.raises(NotFound):
        import_job_get(actor=colleague, job_id=job.pk)


def test_a_job_whose_user_lost_the_right_meanwhile_fails_and_writes_nothing(county_user):
    rows = rows_for(4)
    before = populations(rows)
    _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows))
    RoleAssignment.objects.filter(user=county_user).delete()
    job = import_job_run(job.pk)
    assert job.status == "failed" and "没有执行此导入的权限" in job.message
    assert populations(rows) == before


def test_a_job_runs_once(county_user):
    _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows_for(4)))
    first = import_job_run(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(message="")
    again = import_job_run(job.pk)
    assert first.status == "done" and again.message == ""  # the second call did nothing


def test_a_queued_job_is_handed_to_the_task_queue_when_the_upload_commits(
    county_user, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        _count, job = import_submit(actor=county_user, kind="townships", upload=upload(rows_for(4)))
    job.refresh_from_db()
    assert job.status == "done" and job.count == 4


@pytest.mark.parametrize("kind", BOMBS)
def test_a_bomb_is_refused_at_once_and_never_queued(county_user, kind):
    bomb = SimpleUploadedFile("townships.xlsx", BOMBS[kind]())
    with pytest.raises(DomainError) as caught:
        import_submit(actor=county_user, kind="townships", upload=bomb)
    assert caught.value.code == "file_too_complex"
    assert not ImportJob.objects.exists()
