import datetime

from django.utils import timezone

from kopdes.core.importing import ImportCommand
from kopdes.exchange.services import snapshot_import


class Command(ImportCommand):
    help = (
        "Import the national system's (SIMKOPDES) statistics from XLSX or CSV: per province, regency, kecamatan or "
        "village (told by the header), matched to Kemendagri codes. The whole file is validated first; if any row "
        "is invalid nothing is written. A second import of the same date replaces that snapshot. Exit status 0 "
        "only when the file was imported (or would be, with --dry-run)."
    )
    importer = staticmethod(snapshot_import)
    dry_run_help = "validate and match, write nothing"

    def add_import_arguments(self, parser):
        parser.add_argument(
            "--snapshot-date",
            type=datetime.date.fromisoformat,
            help="date of the national figures, YYYY-MM-DD (default: today)",
        )

    def import_options(self, options):
        return {"snapshot_date": options["snapshot_date"] or timezone.localdate()}

    def write_details(self, result):
        if result.error_count > len(result.errors):
            self.stdout.write(f"… dan {result.error_count - len(result.errors)} kesalahan lain.")
        for item in result.fuzzy:
            self.stdout.write(
                f"mirip: {item['level_label']} “{item['name']}” → {item['code']} {item['region_name']} "
                f"(skor {item['score']})"
            )

    def failed(self, result):
        return bool(result.error_count)

    def summary(self, result, *, dry_run):
        verdict = (
            "DITOLAK, tidak ada yang disimpan"
            if result.error_count
            else "uji coba, tidak ada yang disimpan"
            if dry_run
            else f"disimpan sebagai data {result.snapshot_date:%d-%m-%Y} (menggantikan {result.replaced} baris)"
        )
        methods = ", ".join(f"{name} {count}" for name, count in result.by_method.items())
        return (
            f"{result.rows} baris tingkat {result.level or '?'}: cocok {result.matched} ({methods}), "
            f"belum cocok {result.unmatched}, meragukan {result.ambiguous}, kesalahan {result.error_count} "
            f"— {verdict}."
        )
