"""Background work of the core. Tasks take ids and call a service (STYLE.md rule 10)."""

from django_tasks import task

from kopdes.core.export_jobs import export_job_run


@task()
def export_job_task(job_id: int) -> None:
    export_job_run(job_id=job_id)
