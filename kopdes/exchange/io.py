"""Reading the national system's (SIMKOPDES) statistics files: per province, per regency ("district" in the
source), per kecamatan ("subdistrict") or per village, the level told by the header.

The file is validated whole before anything is matched or stored: missing or unknown columns, empty or
non-numeric or negative figures, a unit id twice, one id with two names, a row of another level (a subtotal
pasted into a village file) are reported per row and column, and the file is refused.

The bytes become rows through the project's one reader, `core.tabular`, with its formats and limits; its
streaming form (`iter_table`), because `read_table` keeps every row as a dict of strings, about 2 KB a row, so
the whole country's village file (83,000 rows) would need some 180 MB before any work is done. Here each row is
kept only as its unit key and a tuple of figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kopdes.core.tabular import RowError, cell_text, iter_table
from kopdes.exchange.matching import name_key
from kopdes.exchange.models import FIGURE_COLUMNS, FIGURE_FIELDS

LEVELS = ("province", "regency", "district", "village")
# Level → (id column, name column) in the national system's files.
ID_COLUMNS = {
    "province": ("province_id", "province"),
    "regency": ("district_id", "district"),
    "district": ("subdistrict_id", "subdistrict"),
    "village": ("village_id", "village"),
}
LEVEL_LABELS = {
    "province": "provinsi",
    "regency": "kabupaten/kota",
    "district": "kecamatan",
    "village": "desa/kelurahan",
}
# Columns the province file carries besides the figures; accepted there and not stored.
PROVINCE_EXTRA_COLUMNS = frozenset(
    {
        "latitude",
        "longitude",
        "health_score",
        "health_status",
        "health_total_cooperative",
        "healthy_count",
        "fairly_healthy_count",
        "unhealthy_count",
        "average_health_index",
    }
)
DECIMAL_FIELDS = frozenset({"transaction_volume"})
VOLUME_QUANTUM = Decimal("0.0001")
MAX_INTEGER = 9_223_372_036_854_775_807
MAX_VOLUME = Decimal("9999999999999999")
MAX_ERRORS = 1000  # kept and shown; all are counted
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(slots=True)
class UnitSpec:
    """A unit named by the file: its key (path of national ids), level, id, name, parent key and first row."""

    key: str
    level: str
    national_id: str
    name: str
    parent_key: str | None
    row: int


@dataclass
class ParsedFile:
    level: str = ""
    units: dict[str, UnitSpec] = field(default_factory=dict)
    # (sheet row number, unit key, figures in FIGURE_FIELDS order)
    rows: list[tuple[int, str, tuple]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    notes: list[str] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))


# ---------------------------------------------------------------------------------------------------------------
# Validation


def detect_level(headers: list[str]) -> str | None:
    """The deepest level whose id or name column is in the header (None: not a national statistics file)."""
    found = None
    for level in LEVELS:
        if any(column in headers for column in ID_COLUMNS[level]):
            found = level
    return found


def expected_columns(level: str) -> list[str]:
    columns = []
    for each in LEVELS[: LEVELS.index(level) + 1]:
        columns.extend(ID_COLUMNS[each])
    return columns + list(FIGURE_COLUMNS.values())


def _integer(value: object) -> int:
    """A count or an amount in rupiah: a whole number ≥ 0 (ValueError with the reason otherwise)."""
    if value is None or value == "":
        raise ValueError(_("wajib diisi (isi 0 bila tidak ada)"))
    if isinstance(value, bool):
        raise ValueError(_("harus bilangan bulat, bukan %(value)s") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("harus bilangan bulat, bukan %(value)s") % {"value": value})
        number = int(value)
    else:
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            if re.fullmatch(r"[+-]?\d+\.0+", text):
                text = text.split(".", 1)[0]
            else:
                raise ValueError(_("harus bilangan bulat, bukan %(value)s") % {"value": text[:40]})
        number = int(text)
    if number < 0:
        raise ValueError(_("tidak boleh negatif (%(value)s)") % {"value": number})
    if number > MAX_INTEGER:
        raise ValueError(_("terlalu besar (%(value)s)") % {"value": number})
    return number


def _volume(value: object) -> Decimal:
    if value is None or value == "":
        raise ValueError(_("wajib diisi (isi 0 bila tidak ada)"))
    if isinstance(value, bool):
        raise ValueError(_("harus angka, bukan %(value)s") % {"value": value})
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(_("harus angka, bukan %(value)s") % {"value": str(value)[:40]}) from None
    if not number.is_finite():
        raise ValueError(_("harus angka, bukan %(value)s") % {"value": value})
    if number < 0:
        raise ValueError(_("tidak boleh negatif (%(value)s)") % {"value": number})
    if number > MAX_VOLUME:
        raise ValueError(_("terlalu besar (%(value)s)") % {"value": number})
    return number.quantize(VOLUME_QUANTUM, rounding=ROUND_HALF_UP)


def parse_file(data: bytes, file_name: str) -> ParsedFile:
    """Read and validate a national statistics file. TableError when it cannot be read at all."""
    parsed = ParsedFile()
    table = iter_table(data, file_name)
    headers, rows = table.headers, table.rows
    parsed.notes.extend(table.notes)
    level = detect_level(headers)
    if level is None:
        parsed.error(
            1,
            "",
            _(
                "Bukan berkas statistik SIMKOPDES: tidak ada kolom province_id/province "
                "(serta district_…, subdistrict_…, village_… untuk tingkat di bawahnya)."
            ),
        )
        return parsed
    parsed.level = level
    expected = expected_columns(level)
    allowed = set(expected) | (PROVINCE_EXTRA_COLUMNS if level == "province" else set())
    seen: set[str] = set()
    for header in headers:
        if not header:
            continue
        if header in seen:
            parsed.error(1, header, _("Kolom %(column)s muncul dua kali.") % {"column": header})
        seen.add(header)
        if header not in allowed:
            parsed.error(
                1,
                header,
                _("Kolom tidak dikenal untuk berkas tingkat %(level)s. Kolom yang dikenal: %(columns)s.")
                % {"level": LEVEL_LABELS[level], "columns": ", ".join(expected)},
            )
    for column in expected:
        if column not in seen:
            parsed.error(1, column, _("Kolom wajib %(column)s tidak ada.") % {"column": column})
    if parsed.error_count:
        return parsed

    position = {header: index for index, header in enumerate(headers) if header}
    path_levels = LEVELS[: LEVELS.index(level) + 1]
    id_positions = [(lvl, position[ID_COLUMNS[lvl][0]], position[ID_COLUMNS[lvl][1]]) for lvl in path_levels]
    figure_positions = [(name, position[FIGURE_COLUMNS[name]]) for name in FIGURE_FIELDS]
    units = parsed.units
    data_rows: dict[str, int] = {}

    for row_number, values in rows:

        def cell(index: int, values=values):
            return values[index] if index < len(values) else None

        row_errors = parsed.error_count
        # The unit path: ids and names from the province down to the file's level.
        keys: list[str] = []
        named: list[tuple[str, str, str]] = []
        own_id = cell_text(cell(id_positions[-1][1]))
        own_name = cell_text(cell(id_positions[-1][2]))
        if not own_id and not own_name and len(id_positions) > 1:
            deepest = next(
                (lvl for lvl, i, n in reversed(id_positions[:-1]) if cell_text(cell(i)) or cell_text(cell(n))), None
            )
            if deepest is not None:
                parsed.error(
                    row_number,
                    ID_COLUMNS[level][0],
                    _("Baris tingkat %(other)s di berkas tingkat %(level)s (kolom %(id)s dan %(name)s kosong).")
                    % {
                        "other": LEVEL_LABELS[deepest],
                        "level": LEVEL_LABELS[level],
                        "id": ID_COLUMNS[level][0],
                        "name": ID_COLUMNS[level][1],
                    },
                )
                continue
        for lvl, id_index, name_index in id_positions:
            national_id = cell_text(cell(id_index))
            name = cell_text(cell(name_index))
            id_column, name_column = ID_COLUMNS[lvl]
            if not national_id:
                parsed.error(row_number, id_column, _("ID %(level)s wajib diisi.") % {"level": LEVEL_LABELS[lvl]})
            elif not _ID.match(national_id):
                parsed.error(
                    row_number,
                    id_column,
                    _("ID %(level)s tidak sah: %(value)s.") % {"level": LEVEL_LABELS[lvl], "value": national_id[:40]},
                )
            if not name:
                parsed.error(row_number, name_column, _("Nama %(level)s wajib diisi.") % {"level": LEVEL_LABELS[lvl]})
            elif len(name) > 200:
                parsed.error(row_number, name_column, _("Nama terlalu panjang (paling banyak 200 karakter)."))
            keys.append(f"{keys[-1]}/{national_id}" if keys else national_id)
            named.append((lvl, national_id, name))

        figures = []
        for name, index in figure_positions:
            try:
                figures.append(_volume(cell(index)) if name in DECIMAL_FIELDS else _integer(cell(index)))
            except ValueError as exc:
                parsed.error(row_number, FIGURE_COLUMNS[name], str(exc))
        if parsed.error_count > row_errors:
            continue

        # A data row's own unit appears once; the same id must always carry the same name.
        own_key = keys[-1]
        if own_key in data_rows:
            parsed.error(
                row_number,
                ID_COLUMNS[level][0],
                _("ID %(level)s %(id)s sudah ada di baris %(row)d.")
                % {"level": LEVEL_LABELS[level], "id": named[-1][1], "row": data_rows[own_key]},
            )
            continue
        data_rows[own_key] = row_number
        consistent = True
        for (lvl, national_id, name), key in zip(named, keys, strict=True):
            known = units.get(key)
            if known is None:
                parent_key = key.rsplit("/", 1)[0] if "/" in key else None
                units[key] = UnitSpec(key, lvl, national_id, name, parent_key, row_number)
            elif known.name != name and name_key(known.name, lvl).key != name_key(name, lvl).key:
                consistent = False
                parsed.error(
                    row_number,
                    ID_COLUMNS[lvl][1],
                    _("ID %(level)s %(id)s bernama “%(first)s” di baris %(row)d, di sini “%(name)s”.")
                    % {
                        "level": LEVEL_LABELS[lvl],
                        "id": national_id,
                        "first": known.name,
                        "row": known.row,
                        "name": name,
                    },
                )
        if consistent:
            parsed.rows.append((row_number, own_key, tuple(figures)))
    if not parsed.rows and not parsed.error_count:
        parsed.error(0, "", _("Berkas hanya berisi judul kolom, tidak ada baris data."))
    return parsed


# ---------------------------------------------------------------------------------------------------------------
# Template: the columns a file of one level must have, with one example row (Janju, Tanah Grogot, Paser, as the
# national system writes it). The format is the national system's; the template only shows it.

EXAMPLE_UNITS = {
    "province": ("23", "KALIMANTAN TIMUR"),
    "regency": ("348", "KAB. PASER"),
    "district": ("4723", "Tanah Grogot"),
    "village": ("52116", "Janju"),
}
EXAMPLE_FIGURES = {
    "cooperatives": 1,
    "accounts_count": 1,
    "npwp_count": 1,
    "nib_count": 1,
    "rat_count": 0,
    "transaction_volume": 0,
    "transaction_value": 0,
    "simpanan_pokok_amount": 2_500_000,
    "simpanan_pokok_members": 25,
    "simpanan_pokok_tx": 25,
    "simpanan_wajib_amount": 250_000,
    "simpanan_wajib_members": 25,
    "simpanan_wajib_tx": 25,
    "savings_total_amount": 2_750_000,
}


def template_table(level: str) -> tuple[list[str], list[list]]:
    """(header, [example row]) of a national statistics file of `level`."""
    header = expected_columns(level)
    example: dict[str, object] = dict(EXAMPLE_FIGURES)
    for each in LEVELS[: LEVELS.index(level) + 1]:
        id_column, name_column = ID_COLUMNS[each]
        example[id_column], example[name_column] = EXAMPLE_UNITS[each]
    return header, [[example[column] for column in header]]


# ---------------------------------------------------------------------------------------------------------------
# Export of the comparison (one column specification for the page's XLSX)

COMPARISON_COLUMNS = [
    ("kode_wilayah", None),
    ("nama", None),
    ("koperasi_kopdes", ("ours", "cooperatives")),
    ("koperasi_simkopdes", ("national", "cooperatives")),
    ("selisih_koperasi", ("difference", "cooperatives")),
    ("akun_simkopdes_kopdes", ("ours", "accounts")),
    ("akun_simkopdes_simkopdes", ("national", "accounts")),
    ("selisih_akun", ("difference", "accounts")),
    ("npwp_kopdes", ("ours", "npwp")),
    ("npwp_simkopdes", ("national", "npwp")),
    ("selisih_npwp", ("difference", "npwp")),
    ("nib_kopdes", ("ours", "nib")),
    ("nib_simkopdes", ("national", "nib")),
    ("selisih_nib", ("difference", "nib")),
    ("rat_simkopdes", ("national", "rat")),
    ("nilai_transaksi_simkopdes", ("national", "transaction_value")),
    ("simpanan_pokok_simkopdes", ("national", "simpanan_pokok_amount")),
    ("simpanan_wajib_simkopdes", ("national", "simpanan_wajib_amount")),
    ("anggota_simpanan_pokok_simkopdes", ("national", "members_pokok")),
    ("anggota_simpanan_wajib_simkopdes", ("national", "members_wajib")),
    ("sumber_simkopdes", ("national", "source")),
    ("tanggal_data_simkopdes", ("national", "snapshot_date")),
]


def comparison_sheet(rows) -> Iterator[list]:
    """Header and one line per ComparisonRow (kopdes.exchange.selectors), our figure next to the national one
    and their difference (ours − national; empty when the national system has no figure for the region)."""
    yield [column for column, _source in COMPARISON_COLUMNS]
    for row in rows:
        differences = row.differences
        line: list = []
        for column, source in COMPARISON_COLUMNS:
            if source is None:
                line.append(row.code if column == "kode_wilayah" else row.name)
                continue
            part, name = source
            if part == "ours":
                line.append(row.ours[name])
            elif part == "difference":
                line.append(differences[name])
            else:
                line.append(row.national[name] if row.national else None)
        yield line
