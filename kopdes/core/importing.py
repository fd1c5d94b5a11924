"""What the spreadsheet imports share (STYLE.md rule 9): read the whole file, validate every row against what is
stored, report errors by row and column, and only then write everything in one transaction, so that the same file
twice changes nothing the second time.

- `ImportResult`, `Change` and `RowChange`: the result of an import (or of its dry run) and the preview's units;
- `import_record_create`: the `ImportRecord` every import leaves, applied, dry run or refused;
- `run_import`: the engine of an import planned in one pass (`validate` → plans, errors, counts; `describe` → the
  preview's rows; `apply` → the writes, with history rows carrying the record's change reason);
- `RowCheck`, `check_headers`, `model_errors`, `changes_of`: the checks a `validate` is made of;
- `ImportCommand`: the shared body of the import commands (`import_cooperatives`, `import_potentials`,
  `import_bumdes`, `import_simkopdes`): read the file, resolve --user, run the import, print JSON or a summary, exit
  1 on any error. A command subclasses it and names its importer; it lives here, not under management/commands, so
  it is not a command itself.

The web flow over any registered importer is `kopdes.core.import_views`."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from kopdes.core.models import ImportRecord
from kopdes.core.scoping import scope_for
from kopdes.core.tabular import RowError, Table, TableError, cell_text, parse_date, read_table


@dataclass
class Change:
    """One column a previewed row would change."""

    column: str
    old: object
    new: object
    had_value: bool = True  # False: the row creates what it describes
    milestone: str = ""  # registry: the milestone's label when the change reaches or re-dates a milestone


@dataclass
class RowChange:
    """What one row of a valid file would create or change, for the preview page."""

    row: int
    village: object  # the row's region (its name and code are shown)
    action: str  # created / updated
    subject: str  # what the row describes: a potential's commodity, a BUMDes, one of its units
    changes: list[Change]


@dataclass
class ImportResult:
    """The counts and errors of an import (or of its dry run), and the preview's rows (`changed_rows`, in row
    order, none when the file has errors); an app may add its own."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record: ImportRecord | None = None
    dry_run: bool = False
    changed_rows: list[RowChange] = field(default_factory=list)

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


def import_record_create(kind: str, *, result, actor, file_name: str, sha256: str) -> ImportRecord:
    """The record of one import of `kind` (applied, dry run or refused), kept on `result.record`. Its counts come from
    the result (`error_count` when an import reports more errors than it lists); it is visible in the region of
    the user who ran it, and always to that user."""
    error_count = getattr(result, "error_count", 0) or len(result.errors)
    status = (
        ImportRecord.Status.REFUSED
        if error_count
        else ImportRecord.Status.DRY_RUN
        if result.dry_run
        else ImportRecord.Status.APPLIED
    )
    scope = scope_for(actor) if actor is not None else None
    record = ImportRecord.objects.create(
        kind=kind,
        user=actor if getattr(actor, "pk", None) else None,
        scope_code=(scope.region_code or "") if scope else "",
        file_name=file_name[:255],
        sha256=sha256,
        status=status,
        rows=result.rows,
        created=getattr(result, "created", 0),
        updated=getattr(result, "updated", 0),
        unchanged=getattr(result, "unchanged", 0),
        error_count=error_count,
        errors=[error.__dict__ for error in result.errors[:500]],
    )
    result.record = record
    return record


def record_history(history, record: ImportRecord):
    """The rows of a simple-history manager (`Model.history`) that an applied import wrote: they carry its change
    reason, and they are not older than the record (which bounds the search by the indexed date)."""
    since = record.created_at - datetime.timedelta(minutes=1)
    return history.filter(history_change_reason=record.change_reason, history_date__gte=since)


def region_checker(actor) -> Callable[[str], bool]:
    """Whether a row's region code is one the actor may import into (everything for the CLI without --user)."""
    if actor is None:
        return lambda code: True
    return scope_for(actor).covers_code


def run_import(
    kind: str,
    *,
    actor,
    data: bytes,
    file_name: str,
    dry_run: bool,
    validate: Callable[[Table, object], tuple[list, list[RowError], Counter]],
    apply: Callable[..., None],
    describe: Callable[[list], list[RowChange]],
) -> ImportResult:
    """Read the file, `validate(table, actor)` it whole, and unless dry_run or any error `apply(plans, user=,
    reason=)` in one transaction with the record. The preview's rows come from `describe(plans)`."""
    result = ImportResult(dry_run=dry_run)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        table = read_table(data, file_name)
    except TableError as exc:
        result.errors.append(RowError(0, "", str(exc)))
        import_record_create(kind, result=result, actor=actor, file_name=file_name, sha256=sha256)
        return result
    result.notes.extend(table.notes)
    result.rows = len(table.rows)
    plans, errors, counts = validate(table, actor)
    result.errors = errors
    if not errors:
        result.created, result.updated, result.unchanged = counts["created"], counts["updated"], counts["unchanged"]
        result.changed_rows = sorted(describe(plans), key=lambda change: change.row)
    if errors or dry_run:
        import_record_create(kind, result=result, actor=actor, file_name=file_name, sha256=sha256)
        return result
    with transaction.atomic():
        record = import_record_create(kind, result=result, actor=actor, file_name=file_name, sha256=sha256)
        apply(plans, user=actor if getattr(actor, "pk", None) else None, reason=record.change_reason)
    return result


# --- the checks a validate is made of ----------------------------------------------------------------------------


def parse_number(value: object) -> Decimal:
    """12, 12.5, "1.500.000" (Indonesian thousands), "12,5" (decimal comma), "Rp 3.000.000" → Decimal."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = re.sub(r"(?i)^rp\.?|\s", "", str(value))
    if "." in raw and "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def parse_choice(value: object, choices) -> str | None:
    """The key of a TextChoices from a cell holding the key (any case, spaces for underscores) or the label."""
    text = cell_text(value)
    key = text.lower().replace(" ", "_")
    if key in choices.values:
        return key
    by_label = {str(label).lower(): k for k, label in choices.choices}
    return by_label.get(text.lower())


def check_headers(table: Table, columns: list[str], required, errors: list[RowError]) -> bool:
    """Unknown columns are errors; returns False when a required column is missing (the rows cannot be read)."""
    for header in table.headers:
        if header and header not in columns:
            errors.append(RowError(1, header, _("Kolom tidak dikenal. Kolom yang dikenal: %s.") % ", ".join(columns)))
    missing = [column for column in required if column not in table.headers]
    for column in missing:
        errors.append(RowError(1, column, _("Kolom wajib %(column)s tidak ada.") % {"column": column}))
    return not missing


class RowCheck:
    """One row's errors, appended to the file's list; `count` says whether this row has any."""

    def __init__(self, number: int, errors: list[RowError]):
        self.number = number
        self.errors = errors
        self.count = 0

    def err(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.count += 1

    def value(self, row: dict, column: str, kind: str, choices=None):
        """The parsed cell of `kind` (text, date, choice, int, decimal), None when empty or invalid (an error is
        recorded for invalid). Numbers may not be negative."""
        raw = row.get(column)
        if raw in (None, ""):
            return None
        try:
            if kind == "text":
                return cell_text(raw)
            if kind == "date":
                return parse_date(raw)
            if kind == "choice":
                found = parse_choice(raw, choices)
                if found is None:
                    raise ValueError(raw)
                return found
            number = parse_number(raw)
        except (ValueError, TypeError):
            if kind == "date":
                self.err(column, _("Tanggal %(value)s tidak dapat dibaca (contoh: 2025-06-10).") % {"value": raw})
            elif kind == "choice":
                self.err(column, _("Harus salah satu dari: %s.") % ", ".join(choices.values))
            else:
                self.err(column, _("%(value)s bukan angka.") % {"value": raw})
            return None
        if number < 0:
            self.err(column, _("Tidak boleh negatif."))
            return None
        if kind == "int":
            if number != number.to_integral_value():
                self.err(column, _("Harus bilangan bulat."))
                return None
            return int(number)
        return number


def model_errors(row: RowCheck, instance, column_of: dict[str, str], exclude=()) -> None:
    """Field checks of the model (lengths, validators) reported against the file's columns."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.err(column_of.get(name, name), message)


def changes_of(instance, values: dict, column_of: dict, *, had_value: bool) -> list[Change]:
    """Column by column: the stored value (when there was one) and the file's."""
    return [
        Change(column_of.get(name, name), getattr(instance, name) if had_value else None, value, had_value=had_value)
        for name, value in values.items()
    ]


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
