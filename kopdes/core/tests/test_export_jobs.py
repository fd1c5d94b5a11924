"""Background export of large lists: queued past KOPDES_EXPORT_SYNC_LIMIT, written by the task with progress, kept
for its owner only, and round-tripping through the import with no change. Plus the export command."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kopdes.core import export_jobs
from kopdes.core.models import ExportJob
from kopdes.formation.io import cooperatives_import
from kopdes.formation.services import milestone_record
from kopdes.tests.factories import PASER_VILLAGE, cooperative

D = datetime.date
EXPORT_URL = reverse("cooperatives:cooperative_export")
LIST_URL = reverse("cooperatives:cooperative_list")


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.KOPDES_EXPORT_SYNC_LIMIT = 2
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def registry(db):
    coops = [cooperative(f"64.02.01.200{i}") for i in range(1, 5)]
    milestone_record(actor=None, cooperative=coops[0], kind="musdesus", date=D(2025, 5, 1))
    milestone_record(actor=None, cooperative=coops[1], kind="musdesus", date=D(2025, 5, 2))
    milestone_record(actor=None, cooperative=coops[1], kind="akta", date=D(2025, 5, 20))
    cooperative(PASER_VILLAGE)
    return coops


def start(client, fmt="xlsx", **query):
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(f"{EXPORT_URL}?{params}", {"format": fmt})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_large_export_runs_in_the_background_and_round_trips(
    client_for, kukar_officer, registry, django_capture_on_commit_callbacks, fmt
):
    client = client_for(kukar_officer)
    html = client.get(LIST_URL, {"region": "64.02.01"}).content.decode()
    assert f'data-export="{fmt}" data-background' in html  # the button posts: it queues a job

    # A plain link (bookmark) to a large export only offers the button.
    response = client.get(EXPORT_URL, {"region": "64.02.01", "format": fmt})
    assert response.status_code == 200 and "4 baris" in response.content.decode()
    assert not ExportJob.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, fmt, region="64.02.01")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:export_job_detail", args=[job.pk])
    assert job.user == kukar_officer and job.format == fmt and job.params["region"] == "64.02.01"
    assert job.status == ExportJob.Status.DONE and (job.rows_total, job.rows_done) == (4, 4)
    assert job.file.name.startswith("exports/") and job.finished_at is not None

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="export-download"' in html and "every 2s" not in html  # finished: no more polling
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'data-status="done"' in fragment

    download = client.get(reverse("core:export_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert f'.{fmt}"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    result = cooperatives_import(actor=kukar_officer, data=content, file_name=f"ekspor.{fmt}")
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (4, 0, 0, 4)


def test_the_job_is_scoped_to_the_user_and_filters(client_for, camat, registry, django_capture_on_commit_callbacks):
    cooperative("64.02.02.2001")  # another kecamatan of Kukar: not the camat's
    cooperative("64.02.01.2005")
    with django_capture_on_commit_callbacks(execute=True):
        start(client_for(camat), "csv")
    job = ExportJob.objects.get()
    text = job.file.open("rb").read().decode("utf-8-sig")
    assert job.rows_total == 5 and "64.02.01.2005" in text
    assert "64.02.02.2001" not in text and PASER_VILLAGE not in text


def test_only_the_owner_sees_and_downloads_a_job(
    client_for, kukar_officer, paser_officer, registry, django_user_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(client_for(kukar_officer))
    job = ExportJob.objects.get()
    colleague = django_user_model.objects.create_user("dinkop.kukar2", role="admin", region_id="64.02")
    for other in (paser_officer, colleague):
        client = client_for(other)
        assert client.get(reverse("core:export_job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:export_job_download", args=[job.pk])).status_code == 404


def test_a_queued_job_polls_and_a_double_click_queues_once(client_for, kukar_officer, registry):
    client = client_for(kukar_officer)
    first = start(client, region="64.02.01")  # on_commit never fires inside the test transaction: stays queued
    second = start(client, region="64.02.01")
    assert first["Location"] == second["Location"] and ExportJob.objects.count() == 1
    job = ExportJob.objects.get()
    html = client.get(first["Location"]).content.decode()
    assert job.status == ExportJob.Status.QUEUED and job.rows_total == 4
    assert 'hx-trigger="every 2s"' in html and 'data-status="queued"' in html
    assert client.get(reverse("core:export_job_download", args=[job.pk])).status_code == 404
    start(client, "csv", region="64.02.01")
    assert ExportJob.objects.count() == 2  # another format is another file


def test_a_failing_job_says_so(client_for, kukar_officer, registry, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr(export_jobs, "write_table", broken)
    client = client_for(kukar_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and "disk penuh" in job.error
    html = client.get(response["Location"]).content.decode()
    assert "Ekspor gagal" in html and "every 2s" not in html


def test_small_lists_still_download_at_once(client_for, kukar_officer, registry):
    response = client_for(kukar_officer).get(EXPORT_URL, {"region": "64.02.01.2001", "format": "csv"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not ExportJob.objects.exists()


def test_bupati_may_export_in_the_background_too(client_for, bupati, registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client_for(bupati))
    assert response.status_code == 302
    assert ExportJob.objects.get().status == ExportJob.Status.DONE


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_command_round_trips(registry, kukar_officer, tmp_path, fmt):
    output = tmp_path / f"kukar.{fmt}"
    call_command("export_cooperatives", "--region", "64.02", "--output", str(output), verbosity=0)
    result = cooperatives_import(actor=kukar_officer, data=output.read_bytes(), file_name=output.name)
    assert result.ok, result.errors
    assert (result.rows, result.unchanged) == (4, 4)
    call_command("export_cooperatives", "--format", fmt, "--output", str(output), verbosity=0)
    result = cooperatives_import(actor=None, data=output.read_bytes(), file_name=output.name, dry_run=True)
    assert (result.rows, result.unchanged) == (5, 5)  # the whole country includes Paser


def test_finished_exports_are_removed_after_a_week(kukar_officer, registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = export_jobs.export_job_start(user=kukar_officer, kind="cooperatives", params={}, fmt="csv")
    old.refresh_from_db()
    path = old.file.path
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        new = export_jobs.export_job_start(
            user=kukar_officer, kind="cooperatives", params={"region": "64.02.01"}, fmt="csv"
        )
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert not os.path.exists(path)
