"""The shared body of `kopdes import_potentials` and `kopdes import_bumdes`."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    importer = None  # a function (actor, data, file_name, dry_run) → ImportResult

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--user", help="import as this user (their scope applies; default: whole country)")

    def handle(self, *args, file: Path, dry_run: bool, json: bool, user: str | None, **options):
        if not file.exists():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
        try:
            result = type(self).importer(actor=actor, data=file.read_bytes(), file_name=file.name, dry_run=dry_run)
        except PermissionDenied as exc:
            raise CommandError(f"Peran {actor.role} tidak boleh mengimpor data ini.") from exc
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            for note in result.notes:
                self.stdout.write(f"catatan: {note}")
            for error in result.errors:
                where = f"baris {error.row}" if error.row else "berkas"
                column = f", kolom {error.column}" if error.column else ""
                self.stdout.write(f"{where}{column}: {error.message}")
            verdict = (
                "DITOLAK, tidak ada yang disimpan"
                if result.errors
                else "uji coba, tidak ada yang disimpan"
                if dry_run
                else "tidak ada perubahan"
                if not (result.created or result.updated)
                else "disimpan"
            )
            self.stdout.write(
                f"{result.rows} baris: baru {result.created}, diubah {result.updated}, tetap {result.unchanged}, "
                f"kesalahan {len(result.errors)} — {verdict}."
            )
        if result.errors:
            raise SystemExit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
