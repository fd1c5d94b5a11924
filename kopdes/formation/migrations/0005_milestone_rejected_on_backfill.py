"""Rejected milestones stored before `rejected_on` existed: their rejection day is the local date of `verified_at`
(milestone_reject set both), or failing that the day the row was created. Batched by id."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

BATCH = 2000


def backfill(apps, schema_editor):
    Milestone = apps.get_model("formation", "Milestone")
    zone = ZoneInfo(settings.TIME_ZONE)
    rejected = Milestone.objects.filter(status="rejected", rejected_on__isnull=True).order_by("id")
    last_id = 0
    while True:
        batch = list(rejected.filter(id__gt=last_id).only("id", "verified_at", "created_at")[:BATCH])
        if not batch:
            break
        for milestone in batch:
            moment = milestone.verified_at or milestone.created_at
            milestone.rejected_on = moment.astimezone(zone).date()
        Milestone.objects.bulk_update(batch, ["rejected_on"])
        last_id = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [
        ("formation", "0004_milestone_rejected_on"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
