"""Background work of the assessment (django-tasks): the monthly run over a region or the country. Tasks take plain
values and call the service (STYLE.md rule 10)."""

from django_tasks import task

from kopdes.assessment.services import assess_month, parse_month


@task()
def assess_month_task(month: str, region_code: str = "") -> dict:
    """Assess every cooperative under `region_code` ("" = the country) for `month` ("YYYY-MM")."""
    return assess_month(month=parse_month(month), region_code=region_code)
