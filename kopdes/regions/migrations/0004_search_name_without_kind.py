"""The search name drops a leading "kabupaten"/"kota" (what people type is then a prefix the index answers): the
stored names are computed again, as in 0003."""

import re

from django.db import migrations

SEARCH_KEY_SQL = "regexp_replace(trim(regexp_replace(lower(name), '[^0-9a-z]+', ' ', 'g')), '^(kabupaten|kota) ', '')"
NOT_ALNUM = re.compile(r"[^0-9a-z]+")
KIND_PREFIX = re.compile(r"^(kabupaten|kota) ")


def fill_search_name(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE regions_region SET search_name = {SEARCH_KEY_SQL}")
        return
    batch = []
    for region in Region.objects.filter(level="regency").only("code", "name").iterator(chunk_size=5000):
        region.search_name = KIND_PREFIX.sub("", NOT_ALNUM.sub(" ", region.name.lower()).strip())
        batch.append(region)
    Region.objects.bulk_update(batch, ["search_name"], batch_size=5000)
    # Villages and kecamatan named "Kota …" too.
    batch = []
    for region in Region.objects.filter(search_name__regex=r"^(kabupaten|kota) ").only("code", "name"):
        region.search_name = KIND_PREFIX.sub("", NOT_ALNUM.sub(" ", region.name.lower()).strip())
        batch.append(region)
    Region.objects.bulk_update(batch, ["search_name"], batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_region_search_name"),
    ]

    operations = [
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
    ]
