from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kopdes.regions.services import regions_count_rows, regions_load


class Command(BaseCommand):
    help = "Load (upsert by code) the Kemendagri regions shipped in data/wilayah; a second run changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="only this province (repeatable)",
        )
        parser.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")

    def handle(self, *args, provinces=None, no_progress=False, **options):
        for code in provinces or []:
            if len(code) != 2 or not code.isdigit():
                raise CommandError(f"Kode provinsi tidak valid: {code!r} (contoh: 64)")
        total = regions_count_rows(provinces=provinces)
        if total == 0:
            raise CommandError("Tidak ada wilayah untuk kode provinsi itu.")
        with tqdm(total=total, unit="wilayah", disable=no_progress or options["verbosity"] == 0) as bar:
            result = regions_load(provinces=provinces, progress=bar.update)
        levels = ", ".join(f"{level}: {count}" for level, count in result.by_level.items())
        self.stdout.write(
            f"{result.total} wilayah ({levels}); baru {result.created}, diubah {result.updated}, "
            f"tetap {result.unchanged}."
        )
