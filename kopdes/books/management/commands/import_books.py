"""`kopdes import_books VILLAGE_CODE FILE [--dry-run] [--json]`: import a cooperative's existing books from the
template workbook (sheets anggota, simpanan, penjualan, biaya, pembagian_shu). The whole file is checked first;
nothing is written on a dry run or when any row is refused; the same file twice changes nothing. `--json` prints
{"rows", "created", "unchanged", "errors": [{"sheet", "row", "column", "message"}]}."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kopdes.books.workbook import import_books
from kopdes.cooperatives.models import Cooperative


class Command(BaseCommand):
    help = "Impor buku koperasi dari buku kerja templat (anggota, simpanan, penjualan, biaya, pembagian_shu)."

    def add_arguments(self, parser):
        parser.add_argument("village_code")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, tidak menulis apa pun.")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai JSON.")

    def handle(self, *args, **options):
        cooperative = Cooperative.objects.filter(village_id=options["village_code"]).first()
        if cooperative is None:
            raise CommandError(f"Tidak ada koperasi di {options['village_code']}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ada: {path}")
        result = import_books(actor=None, cooperative=cooperative, data=path.read_bytes(), dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            for error in result.errors:
                self.stdout.write(f"{error['sheet']} baris {error['row']} {error['column']}: {error['message']}")
            state = "diperiksa (tidak ditulis)" if options["dry_run"] or result.errors else "diimpor"
            self.stdout.write(
                f"{result.rows} baris {state}: {result.created} baru, {result.unchanged} tetap, "
                f"{len(result.errors)} galat."
            )
        if result.errors:
            raise SystemExit(1)
