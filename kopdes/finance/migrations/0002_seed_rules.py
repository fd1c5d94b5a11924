"""Seed the financing rules table with PMK 49/2025 and Permendes 10/2025 as in force on 21 July / 12 August 2025.
Later changes are edits of these rows (kept in their history), not new migrations."""

from django.db import migrations

from kopdes.finance.migrations._defaults import RULES



def seed(apps, schema_editor):
    rule = apps.get_model("finance", "FinancingRule")
    for key, value, text, source, note in RULES:
        rule.objects.get_or_create(key=key, defaults={"value": value, "text": text, "legal_source": source, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("finance", "FinancingRule").objects.filter(key__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_finance")]

    operations = [migrations.RunPython(seed, unseed)]
