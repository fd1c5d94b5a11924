"""kopdes restore FILE [--force]: the backup into this site's (empty) database and MEDIA_ROOT, then the counts of
every table compared with the backup's; exits 1 on any difference."""

import json
from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError

from kopdes.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Pulihkan cadangan ke basis data kosong, lalu bandingkan jumlah baris setiap tabel."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url", default="", help="tujuan lain dari DATABASE_URL (basis data kosong)")
        parser.add_argument("--media-root", type=Path, default=None, help="folder berkas unggahan tujuan")
        parser.add_argument("--force", action="store_true", help="timpa basis data yang sudah berisi")
        parser.add_argument("--json", action="store_true", help="laporan sebagai JSON")

    def handle(self, *args, file: Path, database_url: str, media_root, force: bool, json: bool, **options):
        db = dj_database_url.parse(database_url) if database_url else None
        try:
            report = backup_restore(file, db=db, media_root=media_root, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(report))
        else:
            rows = sum(v for v in report.expected.values() if v > 0)
            self.stdout.write(f"{len(report.expected)} tabel, {rows} baris, {report.files} berkas dipulihkan.")
            for table, (expected, found) in sorted(report.differences.items()):
                self.stdout.write(f"BEDA {table}: cadangan {expected}, dipulihkan {found}")
        if not report.ok:
            raise CommandError("Jumlah baris hasil pemulihan berbeda dengan cadangan.")
        if not json:
            self.stdout.write(self.style.SUCCESS("Pemulihan lengkap: jumlah baris setiap tabel sama dengan cadangan."))


def _dumps(report) -> str:
    return json.dumps({"ok": report.ok, "files": report.files, "expected": report.expected, "found": report.found,
                       "differences": report.differences}, indent=1, sort_keys=True)  # fmt: skip
