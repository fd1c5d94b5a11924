"""kopdes rollups: build the region roll-ups ahead (kopdes/dashboard/rollups.py), so that even the first reader of
the country's or a province's summary gets the kept copy. Run it every few minutes (deploy/systemd/kopdes-rollups.*),
with the regions the server's readers open: the country and its provinces on a national server, one regency on a
regency's."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from kopdes.core.scoping import system_region
from kopdes.dashboard.rollups import fresh_seconds, rollup_store
from kopdes.dashboard.selectors import SUMMARY_LEVELS
from kopdes.regions.choices import NATIONAL_CODE, RegionLevel
from kopdes.regions.models import Region


class Command(BaseCommand):
    help = "Hitung ringkasan wilayah di muka (ID = nasional), agar pembaca pertama tidak menunggu."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", default=[NATIONAL_CODE], help="kode wilayah (bawaan: ID)")
        parser.add_argument("--provinces", action="store_true", help="juga setiap provinsi")

    def handle(self, *args, codes, provinces, **options):
        if fresh_seconds() <= 0:
            raise CommandError("KOPDES_ROLLUP_FRESH_SECONDS = 0: ringkasan tidak disimpan.")
        regions = []
        for code in codes:
            code = code.strip()
            if code in ("", NATIONAL_CODE):
                regions.append(None)
                continue
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"Kode wilayah tidak dikenal: {code}")
            regions.append(region)
        if provinces:
            regions += list(Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code"))
        today = timezone.localdate()
        for region in regions:
            # The summary builds the progress document too; kecamatan and villages keep only the document.
            name = "summary" if (region.level if region else None) in SUMMARY_LEVELS else "progress"
            for language, _label in settings.LANGUAGES:
                start = time.perf_counter()
                with translation.override(language):
                    rollup_store(name, system_region(region), today=today)
                self.stdout.write(
                    f"{region.code if region else NATIONAL_CODE} {language} {name}: {time.perf_counter() - start:.1f} s"
                )
