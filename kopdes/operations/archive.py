"""A cooperative's own data as one archive (UU PDP 27/2022: the data subject's copy; also what a cooperative takes
when it changes system): every table that belongs to the cooperative, found through the models rather than listed
by hand, so an app added later is in the archive without a change here.

The archive is a ZIP with `koperasi.csv` (the registry row), one CSV per model that has a `cooperative` foreign key
(board, gerai, milestones, documents, books' members, savings, sales, costs, journal, training participants, …),
one CSV per model that hangs below one of those (journal lines below journal entries, …), the uploaded files under
`berkas/`, and `README.txt` saying what is in it. Historical (simple-history) tables are left out: the archive is the
data as it stands. Whole NIKs are in it (it is the cooperative's own data) and the export is logged as NIK views."""

from __future__ import annotations

import io
import zipfile

from django.apps import apps
from django.db import models
from django.utils import timezone

from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.selectors import nik_shown
from kopdes.core.exports import write_csv

MAX_FILE_BYTES = 50 * 1024 * 1024  # one uploaded file larger than this is listed, not copied


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") or model._meta.app_label == "simple_history"


def owned_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the cooperative): direct `cooperative` FKs first, then one level below them."""
    direct: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models():
        if _is_history(model) or model is Cooperative:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Cooperative:
                direct.append((model, field.name))
                break
    direct_models = dict(direct)
    below: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models():
        if _is_history(model) or model in direct_models or model is Cooperative:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model in direct_models:
                below.append((model, f"{field.name}__{direct_models[field.related_model]}"))
                break
    key = lambda pair: (pair[0]._meta.app_label, pair[0]._meta.model_name)  # noqa: E731
    return sorted(direct, key=key) + sorted(below, key=key)


def _value(obj, field) -> object:
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return "" if value is None else value


def _write_csv(archive: zipfile.ZipFile, name: str, fields, rows) -> int:
    buffer = io.BytesIO()
    count = 0

    def values():
        nonlocal count
        for obj in rows:
            count += 1
            yield [_value(obj, field) for field in fields]

    # The one CSV writer: a name typed as "=HYPERLINK(…)" is written as text, never as a formula.
    write_csv(buffer, [field.attname for field in fields], values())
    archive.writestr(name, buffer.getvalue())
    return count


def cooperative_archive(*, user, cooperative: Cooperative, target) -> dict[str, int]:
    """Write the archive of `cooperative` into the binary file `target`; return the row count per file. The caller
    has checked scope and capability."""
    counts: dict[str, int] = {}
    file_fields: list[tuple[str, object]] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        coop_fields = list(Cooperative._meta.concrete_fields)
        counts["koperasi.csv"] = _write_csv(archive, "koperasi.csv", coop_fields, [cooperative])
        for model, lookup in owned_models():
            fields = list(model._meta.concrete_fields)
            rows = model._default_manager.filter(**{lookup: cooperative}).order_by("pk")
            name = f"{model._meta.app_label}/{model._meta.model_name}.csv"
            with_files = [f for f in fields if isinstance(f, models.FileField)]
            nik_field = next((f for f in fields if f.name == "nik"), None)
            listed = list(rows.iterator(chunk_size=2000))
            for obj in listed:
                for field in with_files:
                    value = getattr(obj, field.attname)
                    if value:
                        file_fields.append((f"berkas/{model._meta.app_label}/{value.name}", getattr(obj, field.name)))
            counts[name] = _write_csv(archive, name, fields, listed)
            if nik_field is not None and listed:
                label = lambda o: str(getattr(o, "name", o.pk))  # noqa: E731
                nik_shown(user, [(model._meta.model_name, o.pk, label(o), o.nik, cooperative.pk) for o in listed])
        copied = 0
        for arcname, fieldfile in file_fields:
            try:
                if fieldfile.size > MAX_FILE_BYTES:
                    continue
                with fieldfile.open("rb") as handle:
                    archive.writestr(arcname, handle.read())
                copied += 1
            except (OSError, ValueError):
                continue  # a file missing from storage is named in its CSV row; the archive still completes
        counts["berkas/"] = copied
        archive.writestr("README.txt", _readme(cooperative, counts))
    return counts


def _readme(cooperative: Cooperative, counts: dict[str, int]) -> str:
    lines = [
        f"Arsip data {cooperative.name} (kode desa {cooperative.village_id})",
        f"Dibuat {timezone.localtime():%Y-%m-%d %H:%M} WIB oleh Kopdes.",
        "",
        "Setiap berkas CSV berisi satu tabel data milik koperasi ini (baris pertama: nama kolom).",
        "Berkas unggahan (akta, SK, bukti) ada di folder berkas/. Arsip ini memuat NIK lengkap:",
        "simpan dengan aman (UU 27/2022 tentang Pelindungan Data Pribadi).",
        "",
    ]
    lines += [f"{name}: {count}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"
