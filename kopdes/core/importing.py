"""What the spreadsheet imports share. `ImportResult` and `Change` are the result and the preview's unit of the
registry, potentials and BUMDes imports; `ImportCommand` is the shared body of the import commands
(`import_cooperatives`, `import_potentials`, `import_bumdes`, `import_simkopdes`): read the file, resolve --user,
run the import, print JSON or a summary, exit 1 on any error. A command subclasses it and names its importer; it
lives here, not under management/commands, so it is not a command itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from kopdes.core.models import ImportRecord
from kopdes.core.tabular import RowError


@dataclass
class Change:
    """One column a previewed row would change."""

    column: str
    old: object
    new: object
    had_value: bool = True  # False: the row creates what it describes
    milestone: str = ""  # registry: the milestone's label when the change reaches or re-dates a milestone


@dataclass
class ImportResult:
    """The counts and errors of an import (or of its dry run); apps add their preview's rows."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record: ImportRecord | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


class ImportCommand(BaseCommand):
    importer = None  # a function (*, actor, data, file_name, dry_run, **extra) → a result with errors, notes, as_dict()
    dry_run_help = "validate and report, write nothing"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        self.add_import_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--user", help="import as this user (their scope applies; default: whole country)")

    def add_import_arguments(self, parser) -> None:
        """Options of one command, between the file and --dry-run."""

    def import_options(self, options: dict) -> dict:
        """Extra keyword arguments for the importer, from this command's own options."""
        return {}

    def handle(self, *args, file: Path, dry_run: bool, json: bool, user: str | None, **options):
        if not file.exists():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna tidak dikenal: {user}")
        try:
            result = type(self).importer(
                actor=actor,
                data=file.read_bytes(),
                file_name=file.name,
                dry_run=dry_run,
                **self.import_options(options),
            )
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
            self.write_details(result)
            self.stdout.write(self.summary(result, dry_run=dry_run))
        if self.failed(result):
            raise SystemExit(1)

    def write_details(self, result) -> None:
        """Lines of one command between the errors and the summary."""

    def failed(self, result) -> bool:
        return bool(result.errors)

    def summary(self, result, *, dry_run: bool) -> str:
        verdict = (
            "DITOLAK, tidak ada yang disimpan"
            if result.errors
            else "uji coba, tidak ada yang disimpan"
            if dry_run
            else "tidak ada perubahan"
            if not (result.created or result.updated)
            else "disimpan"
        )
        return (
            f"{result.rows} baris: baru {result.created}, diubah {result.updated}, tetap {result.unchanged}, "
            f"kesalahan {len(result.errors)} — {verdict}."
        )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
