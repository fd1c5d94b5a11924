"""kopdes backup [--dir DIR] [--keep N] [--no-media]: one .tar with the database and the uploads (docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kopdes.operations.backup import BackupError, backup_create, backups_prune, default_backup_dir


class Command(BaseCommand):
    help = "Cadangkan basis data (pg_dump / SQLite backup) dan berkas unggahan ke satu berkas .tar."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="folder cadangan (KOPDES_BACKUP_DIR, var/backups)")
        parser.add_argument("--keep", type=int, default=0, help="simpan N cadangan terbaru saja (0: semua)")
        parser.add_argument("--no-media", action="store_true", help="tanpa berkas unggahan")

    def handle(self, *args, dir: Path | None, keep: int, no_media: bool, **options):
        directory = dir or default_backup_dir()
        try:
            path = backup_create(directory, media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        removed = backups_prune(directory, keep=keep) if keep else []
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(f"{path} ({size:.1f} MB)")
        for old in removed:
            self.stdout.write(f"dihapus (lebih lama dari {keep} terbaru): {old.name}")
