"""The region search's normalised name column, filled for the regions already loaded (one UPDATE on PostgreSQL, in
batches elsewhere), and its prefix index."""

import re

from django.db import migrations, models

SEARCH_KEY_SQL = "trim(regexp_replace(lower(name), '[^0-9a-z]+', ' ', 'g'))"
NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fill_search_name(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE regions_region SET search_name = {SEARCH_KEY_SQL}")
        return
    batch = []
    for region in Region.objects.only("code", "name").iterator(chunk_size=5000):
        region.search_name = NOT_ALNUM.sub(" ", region.name.lower()).strip()
        batch.append(region)
        if len(batch) >= 5000:
            Region.objects.bulk_update(batch, ["search_name"])
            batch.clear()
    if batch:
        Region.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_parent_index_without_like"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=120, verbose_name="nama untuk pencarian"),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="region",
            index=models.Index(
                fields=["search_name"], name="region_search_name_idx", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
