import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kopdes.exchange.services import snapshot_import


class Command(BaseCommand):
    help = (
        "Import the national system's (SIMKOPDES) statistics from XLSX or CSV: per province, regency, kecamatan or "
        "village (told by the header), matched to Kemendagri codes. The whole file is validated first; if any row "
        "is invalid nothing is written. A second import of the same date replaces that snapshot. Exit status 0 "
        "only when the file was imported (or would be, with --dry-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--snapshot-date",
            type=datetime.date.fromisoformat,
            help="date of the national figures, YYYY-MM-DD (default: today)",
        )
        parser.add_argument("--dry-run", action="store_true", help="validate and match, write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--user", help="import as this user (their scope applies; default: whole country)")

    def handle(self, *args, file: Path, snapshot_date, dry_run: bool, json: bool, user: str | None, **options):
        if not file.exists():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
        result = snapshot_import(
            actor=actor,
            data=file.read_bytes(),
            file_name=file.name,
            snapshot_date=snapshot_date or timezone.localdate(),
            dry_run=dry_run,
        )
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            for note in result.notes:
                self.stdout.write(f"catatan: {note}")
            for error in result.errors:
                where = f"baris {error.row}" if error.row else "berkas"
                column = f", kolom {error.column}" if error.column else ""
                self.stdout.write(f"{where}{column}: {error.message}")
            if result.error_count > len(result.errors):
                self.stdout.write(f"… dan {result.error_count - len(result.errors)} kesalahan lain.")
            for item in result.fuzzy:
                self.stdout.write(
                    f"mirip: {item['level_label']} “{item['name']}” → {item['code']} {item['region_name']} "
                    f"(skor {item['score']})"
                )
            verdict = (
                "DITOLAK, tidak ada yang disimpan"
                if result.error_count
                else "uji coba, tidak ada yang disimpan"
                if dry_run
                else f"disimpan sebagai data {result.snapshot_date:%d-%m-%Y} (menggantikan {result.replaced} baris)"
            )
            methods = ", ".join(f"{name} {count}" for name, count in result.by_method.items())
            self.stdout.write(
                f"{result.rows} baris tingkat {result.level or '?'}: cocok {result.matched} ({methods}), "
                f"belum cocok {result.unmatched}, meragukan {result.ambiguous}, kesalahan {result.error_count} "
                f"— {verdict}."
            )
        if result.error_count:
            raise SystemExit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
