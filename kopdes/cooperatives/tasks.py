"""Background work of the registry. Tasks take ids and call a service (STYLE.md rule 10)."""

from django_tasks import task

from kopdes.cooperatives.export_jobs import export_job_run


@task()
def cooperative_export(job_id: int) -> None:
    export_job_run(job_id=job_id)
