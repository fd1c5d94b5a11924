"""Writes to the cooperative registry. Views, the API, commands and the demo loader all come through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kopdes.cooperatives.choices import CooperativeKind
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import business_unit_errors, cooperative_kind_for, governance_warnings
from kopdes.cooperatives.signals import business_units_changed
from kopdes.core.exceptions import ConflictError
from kopdes.core.uploads import inspect_upload
from kopdes.regions.choices import RegionLevel
from kopdes.regions.geo import check_location
from kopdes.regions.models import Region

COOPERATIVE_EDITABLE_FIELDS = (
    "name",
    "scheme",
    "predecessor",
    "akta_number",
    "notary",
    "sk_ahu_number",
    "nik_koperasi",
    "nib",
    "npwp",
    "bank_name",
    "bank_account",
    "simkopdes_id",
    "address",
    "latitude",
    "longitude",
)
NULLABLE_IDENTIFIERS = ("sk_ahu_number", "nik_koperasi", "nib", "npwp", "simkopdes_id")


def default_cooperative_name(village: Region) -> str:
    kkmp = cooperative_kind_for(village.kind) == CooperativeKind.KKMP
    prefix = "Koperasi Kelurahan Merah Putih" if kkmp else "Koperasi Desa Merah Putih"
    return f"{prefix} {village.name}"


def _clean_identifiers(values: dict[str, Any]) -> dict[str, Any]:
    """Empty identifiers are stored as NULL so that the uniqueness constraints ignore them."""
    for field in NULLABLE_IDENTIFIERS:
        if field in values and isinstance(values[field], str):
            values[field] = values[field].strip() or None
    return values


def _save_with_history(instance, *, actor, update_fields=None) -> None:
    instance._history_user = actor
    instance.save(update_fields=update_fields)


@transaction.atomic
def cooperative_register(*, actor, village: Region, name: str = "", **fields: Any) -> Cooperative:
    """Register the Koperasi Merah Putih of a desa (KDMP) or kelurahan (KKMP)."""
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError(
            {"village": _("Kode %(code)s bukan kode desa/kelurahan.") % {"code": village.code}},
            code="not_village",
        )
    if Cooperative.objects.filter(village=village).exists():
        raise ValidationError(
            {"village": _("Desa/kelurahan ini sudah memiliki Koperasi Merah Putih.")}, code="duplicate"
        )
    kind = cooperative_kind_for(village.kind)
    unknown = set(fields) - set(COOPERATIVE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_location(Cooperative(village=village), fields)
    cooperative = Cooperative(
        village=village,
        kind=kind,
        name=name.strip() or default_cooperative_name(village),
        **_clean_identifiers(fields),
    )
    cooperative.full_clean()
    _save_with_history(cooperative, actor=actor)
    cooperative_refresh_warnings(cooperative)
    return cooperative


@transaction.atomic
def cooperative_update(*, actor, cooperative: Cooperative, version: int, data: dict[str, Any]) -> Cooperative:
    """Change the profile. `version` is the one the user saw: if someone saved in between, ConflictError (409) and
    nothing is written, so the newer data is kept."""
    unknown = set(data) - set(COOPERATIVE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({field: _("Kolom tidak dikenal.") for field in unknown})
    data = _clean_identifiers(dict(data))
    _check_location(cooperative, data)
    claimed = Cooperative.objects.filter(pk=cooperative.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(
            _("Data koperasi ini sudah diubah orang lain sejak Anda membukanya. Muat ulang dan ulangi perubahan Anda."),
            current=Cooperative.objects.get(pk=cooperative.pk),
        )
    for field, value in data.items():
        setattr(cooperative, field, value)
    cooperative.version = version + 1
    cooperative.full_clean()
    _save_with_history(cooperative, actor=actor, update_fields=[*data.keys(), "version", "updated_at"])
    return cooperative


def _check_location(cooperative: Cooperative, data: dict[str, Any]) -> None:
    """A changed location must lie in the cooperative's village (or within the tolerance), and be no placeholder
    (0,0; −6.2,106.8) nor outside Indonesia: `kopdes.regions.geo.check_location` (issue 19)."""
    if "latitude" not in data and "longitude" not in data:
        return
    latitude = data.get("latitude", cooperative.latitude)
    longitude = data.get("longitude", cooperative.longitude)
    if latitude is None or longitude is None:
        return
    if (latitude, longitude) == (cooperative.latitude, cooperative.longitude):
        return
    check = check_location(cooperative.village_id, float(latitude), float(longitude))
    if check.refused:
        raise ValidationError({"latitude": check.label})


# Identifiers a formation step gives the cooperative (the akta's number, the SK AHU's, the NIB…): written once when
# the step is recorded, never typed again under "Ubah data".
IDENTIFIER_FIELDS = (
    "akta_number",
    "notary",
    "sk_ahu_number",
    "nik_koperasi",
    "nib",
    "npwp",
    "bank_name",
    "bank_account",
)
UNIQUE_IDENTIFIERS = ("sk_ahu_number", "nik_koperasi", "nib", "npwp")


def cooperative_identifiers_set(*, actor, cooperative: Cooperative, values: dict[str, Any]) -> list[str]:
    """Store identifiers on the cooperative (inside the caller's transaction, the cooperative row locked by it).
    Empty values are left out, so recording a step never erases a number. A number another cooperative holds is
    refused with a message naming the field and the number. The version moves on, so an "Ubah data" form opened
    before cannot put the old values back. Returns the fields that changed."""
    unknown = set(values) - set(IDENTIFIER_FIELDS)
    if unknown:
        raise ValidationError({field: _("Kolom tidak dikenal.") for field in unknown})
    values = {field: value.strip() for field, value in values.items() if isinstance(value, str) and value.strip()}
    errors = {}
    for field in UNIQUE_IDENTIFIERS:
        value = values.get(field)
        if value and Cooperative.objects.filter(**{field: value}).exclude(pk=cooperative.pk).exists():
            label = Cooperative._meta.get_field(field).verbose_name
            errors[field] = _("%(label)s %(value)s sudah tercatat untuk koperasi lain; periksa kembali nomornya.") % {
                "label": label,
                "value": value,
            }
    if errors:
        raise ValidationError(errors, code="identifier_taken")
    changed = [field for field, value in values.items() if getattr(cooperative, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(cooperative, field, values[field])
    cooperative.version += 1
    cooperative.full_clean()
    _save_with_history(cooperative, actor=actor, update_fields=[*changed, "version", "updated_at"])
    return changed


def cooperative_refresh_warnings(cooperative: Cooperative) -> int:
    """Recount the governance warnings of the current board (a derived column, so lists can filter on it)."""
    from kopdes.cooperatives.selectors import current_officials

    count = len(governance_warnings(current_officials(cooperative)))
    if count != cooperative.warning_count:
        Cooperative.objects.filter(pk=cooperative.pk).update(warning_count=count)
        cooperative.warning_count = count
    return count


@transaction.atomic
def official_create(*, actor, cooperative: Cooperative, **fields: Any) -> Official:
    official = Official(cooperative=cooperative, **fields)
    official.full_clean()
    _save_with_history(official, actor=actor)
    cooperative_refresh_warnings(cooperative)
    return official


@transaction.atomic
def official_update(*, actor, official: Official, data: dict[str, Any]) -> Official:
    for field, value in data.items():
        setattr(official, field, value)
    official.full_clean()
    _save_with_history(official, actor=actor, update_fields=list(data.keys()))
    cooperative_refresh_warnings(official.cooperative)
    return official


@transaction.atomic
def official_delete(*, actor, official: Official) -> None:
    cooperative = official.cooperative
    official._history_user = actor
    official.delete()
    cooperative_refresh_warnings(cooperative)


@transaction.atomic
def business_unit_create(*, actor, cooperative: Cooperative, **fields: Any) -> BusinessUnit:
    unit = BusinessUnit(cooperative=cooperative, **fields)
    _business_unit_clean(unit)
    _save_with_history(unit, actor=actor)
    _refresh_phase(cooperative)
    return unit


@transaction.atomic
def business_unit_update(*, actor, unit: BusinessUnit, data: dict[str, Any]) -> BusinessUnit:
    for field, value in data.items():
        setattr(unit, field, value)
    _business_unit_clean(unit)
    _save_with_history(unit, actor=actor, update_fields=list(data.keys()))
    _refresh_phase(unit.cooperative)
    return unit


def _business_unit_clean(unit: BusinessUnit) -> None:
    errors = business_unit_errors(status=unit.status, since=unit.since)
    if errors:
        raise ValidationError(errors)
    unit.full_clean()


def _refresh_phase(cooperative: Cooperative) -> None:
    """Let the apps that derive facts from the gerai (formation: the phase) recompute them in this transaction."""
    business_units_changed.send(sender=Cooperative, cooperative=cooperative)


@transaction.atomic
def document_upload(*, actor, cooperative: Cooperative, kind: str, uploaded_file, title: str = "") -> Document:
    """Store evidence after checking its real type and size; its sha256 is kept to prove it was not altered."""
    content_type, extension, sha256 = inspect_upload(uploaded_file)
    original_name = (getattr(uploaded_file, "name", "") or f"dokumen.{extension}").rsplit("/", 1)[-1][:255]
    document = Document(
        cooperative=cooperative,
        kind=kind,
        title=title.strip(),
        original_name=original_name,
        content_type=content_type,
        size=uploaded_file.size,
        sha256=sha256,
        uploaded_by=actor,
    )
    document.file.save(f"{sha256[:16]}.{extension}", uploaded_file, save=False)
    try:
        document.full_clean()
    except ValidationError:
        document.file.delete(save=False)
        raise
    _save_with_history(document, actor=actor)
    return document
