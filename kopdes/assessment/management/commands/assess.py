"""`kopdes assess --month YYYY-MM [--region CODE] [--background]`: the monthly assessment of every cooperative
(of a region), idempotent; a progress bar on the terminal."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kopdes.assessment.services import assess_month, cooperatives_in, parse_month
from kopdes.regions.models import Region


class Command(BaseCommand):
    help = "Menilai keaktifan setiap koperasi untuk satu bulan (idempoten)."

    def add_arguments(self, parser):
        parser.add_argument("--month", default="", help="TTTT-BB (bawaan: bulan ini)")
        parser.add_argument("--region", default="", help="kode wilayah (bawaan: seluruh Indonesia)")
        parser.add_argument("--background", action="store_true", help="antrekan sebagai tugas latar belakang")

    def handle(self, *args, month: str, region: str, background: bool, **options):
        try:
            day = parse_month(month) if month else timezone.localdate().replace(day=1)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Wilayah {region} tidak dikenal.")
        if background:
            from kopdes.assessment.tasks import assess_month_task

            result = assess_month_task.enqueue(f"{day:%Y-%m}", region)
            self.stdout.write(f"Diantrekan: {result.id}")
            return
        total = cooperatives_in(region)
        done = 0
        tty = self.stdout.isatty() if hasattr(self.stdout, "isatty") else False

        def progress(n: int) -> None:
            nonlocal done
            done += n
            width = 30
            filled = int(width * done / total) if total else width
            line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
            if tty:
                sys.stdout.write(line)
                sys.stdout.flush()

        try:
            counts = assess_month(month=day, region_code=region, progress=progress)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if tty:
            sys.stdout.write("\n")
        self.stdout.write(
            f"{day:%Y-%m} {region or 'ID'}: {done:,} koperasi; " + ", ".join(f"{key} {counts[key]:,}" for key in counts)
        )
