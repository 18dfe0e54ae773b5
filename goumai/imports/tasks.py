"""Background work of the imports app (Django's task API, database queue)."""

from django_tasks import task

from goumai.imports.services import import_job_run


@task()
def run_import_job(job_id: str) -> str:
    return import_job_run(job_id).status
