"""Writes of the assessment: the monthly run over a region (or the country) in chunks of cooperatives, the
recomputation of one cooperative when its evidence changes, the regency's weights, and field visits (the GPS
position checked against the village, refused when outside it). A refusal is a ValidationError naming the field
(400), PermissionDenied for someone who may not (403), ConflictError for a stale weights page (409).

The run is idempotent: a month's rows are keyed (cooperative, month); a row whose result did not change is not
written again (its `computed_at` stays), so running a month twice gives the same rows."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Capability
from kopdes.assessment import rules
from kopdes.assessment.choices import CHECKLIST, Category, LocationStatus, Verdict
from kopdes.assessment.evidence import gather
from kopdes.assessment.models import Assessment, Visit, WeightSettings
from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import code_prefix_q, scope_for, user_can
from kopdes.core.uploads import inspect_upload
from kopdes.regions.choices import RegionLevel
from kopdes.regions.geo import check_location
from kopdes.regions.models import Region

log = logging.getLogger(__name__)
CHUNK = 2000
FIELDS = ("score", "category", "trend", "reasons", "missing", "evidence_day")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> datetime.date:
    """ "2026-11" → 1 November 2026; ValidationError otherwise."""
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m").date()
    except (ValueError, AttributeError):
        raise ValidationError({"month": _("Bulan ditulis TTTT-BB, misalnya 2026-11.")}) from None


def weights_by_regency(codes: Iterable[str]) -> dict[str, dict]:
    return dict(WeightSettings.objects.filter(regency_id__in=set(codes)).values_list("regency_id", "weights"))


def _chunks(region_code: str, cooperative_ids: list[int] | None) -> Iterator[list[tuple[int, str]]]:
    if cooperative_ids is not None:
        rows = list(Cooperative.objects.filter(pk__in=cooperative_ids).values_list("pk", "village_id").order_by("pk"))
        for i in range(0, len(rows), CHUNK):
            yield rows[i : i + CHUNK]
        return
    rows = Cooperative.objects.filter(code_prefix_q("village__code", region_code)).values_list("pk", "village_id")
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def cooperatives_in(region_code: str) -> int:
    return Cooperative.objects.filter(code_prefix_q("village__code", region_code)).count()


def assess_month(
    *,
    month: datetime.date,
    region_code: str = "",
    cooperative_ids: list[int] | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Assess every cooperative under `region_code` ("" = the country), or the given ones, for `month`, in chunks
    of 2,000 (each a dozen aggregates and at most one insert and one update). Returns the count of each category
    and of rows "created", "updated" and "unchanged"; `progress(n)` is called after each chunk."""
    month = month_start(month)
    today = today or timezone.localdate()
    if month > today:
        raise ValidationError({"month": _("Bulan ini belum dimulai.")})
    day = rules.month_end(month, today)
    previous = previous_month(month)
    counts = dict.fromkeys(Category.values, 0) | {"created": 0, "updated": 0, "unchanged": 0}
    now = timezone.now()
    for chunk in _chunks(region_code, cooperative_ids):
        ids = [pk for pk, _village in chunk]
        evidence = gather(ids, day)
        weights = weights_by_regency(village[:5] for _pk, village in chunk)
        before = dict(
            Assessment.objects.filter(month=previous, cooperative_id__in=ids).values_list("cooperative_id", "score")
        )
        existing = {row.cooperative_id: row for row in Assessment.objects.filter(month=month, cooperative_id__in=ids)}
        new, changed = [], []
        for pk, village in chunk:
            result = rules.assess(evidence[pk], weights.get(village[:5]))
            data = result.as_json()
            values = {
                "score": result.score,
                "category": result.category,
                "trend": rules.trend(result.score, before.get(pk)),
                "reasons": data["reasons"],
                "missing": data["missing"],
                "evidence_day": day,
            }
            counts[result.category] += 1
            row = existing.get(pk)
            if row is None:
                new.append(Assessment(cooperative_id=pk, village_id=village, month=month, computed_at=now, **values))
            elif any(getattr(row, name) != value for name, value in values.items()) or row.village_id != village:
                for name, value in values.items():
                    setattr(row, name, value)
                row.village_id = village
                row.computed_at = now
                changed.append(row)
            else:
                counts["unchanged"] += 1
        with transaction.atomic():
            Assessment.objects.bulk_create(new, batch_size=1000)
            Assessment.objects.bulk_update(changed, [*FIELDS, "village", "computed_at"], batch_size=1000)
        counts["created"] += len(new)
        counts["updated"] += len(changed)
        if progress:
            progress(len(chunk))
    return counts


def assess_cooperative(*, cooperative_id: int, today: datetime.date | None = None) -> Assessment | None:
    """Recompute one cooperative's assessment of the current month at once (its evidence changed), and of the next
    month's trend if any (none: the current month is the latest)."""
    today = today or timezone.localdate()
    month = month_start(today)
    assess_month(month=month, cooperative_ids=[cooperative_id], today=today)
    return Assessment.objects.filter(cooperative_id=cooperative_id, month=month).first()


def assess_months(
    *, first: datetime.date, last: datetime.date, region_code: str = "", today: datetime.date | None = None
) -> dict[str, int]:
    """Every month from `first` to `last` in order (so each month's trend reads the month before)."""
    totals: dict[str, int] = {}
    month = month_start(first)
    while month <= month_start(last):
        for key, n in assess_month(month=month, region_code=region_code, today=today).items():
            totals[key] = totals.get(key, 0) + n
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return totals


# --- weights ----------------------------------------------------------------------------------------------------


def settings_for(regency_code: str) -> WeightSettings:
    """The regency's settings, or an unsaved row with the defaults."""
    return WeightSettings.objects.filter(regency_id=regency_code).first() or WeightSettings(regency_id=regency_code)


@transaction.atomic
def weights_save(
    *, actor, regency: Region, weights: dict[str, int], visit_radius_m: int, version: int | None
) -> WeightSettings:
    """Save a regency's weights (all indicators, adding up to 100) and the visit radius. `version` is the one the
    page showed (None or 0 for a regency still on the defaults); a different one is a conflict."""
    if not user_can(actor, Capability.MANAGE_ASSESSMENT):
        raise PermissionDenied
    if regency.level != RegionLevel.REGENCY:
        raise ValidationError({"regency": _("Bobot penilaian diatur per kabupaten/kota.")})
    if not scope_for(actor).covers_code(regency.code) or scope_for(actor).is_cooperative:
        raise PermissionDenied(_("Kabupaten/kota ini di luar wilayah Anda."))
    errors = rules.weights_errors(weights)
    if errors:
        raise ValidationError({"weights": errors})
    if not 100 <= visit_radius_m <= 50_000:
        raise ValidationError({"visit_radius_m": _("Jarak 100 sampai 50.000 meter.")})
    row = WeightSettings.objects.select_for_update().filter(regency=regency).first()
    if row is None:
        if version:
            raise ConflictError(_("Bobot penilaian sudah berubah sejak Anda membukanya."), current=None)
        row = WeightSettings(regency=regency)
    elif version != row.version:
        raise ConflictError(_("Bobot penilaian sudah berubah sejak Anda membukanya."), current=row)
    else:
        row.version += 1
    row.weights = dict(weights)
    row.visit_radius_m = visit_radius_m
    row._history_user = actor if getattr(actor, "pk", None) else None
    row.save()
    return row


# --- field visits -------------------------------------------------------------------------------------------------


def may_visit(user) -> bool:
    return user_can(user, Capability.VISIT_COOPERATIVE)


def location_check(cooperative: Cooperative, lat: float, lon: float) -> tuple[str, float | None]:
    """(status, distance in metres) of a visit's position: the village boundary when regions knows it
    (`kopdes.regions.geo.check_location`), else near the cooperative's recorded position or an earlier visit."""
    checked = check_location(cooperative.village_id, lat, lon)
    own = checked.boundary_code in ("", cooperative.village_id)
    if checked.status in (LocationStatus.PLACEHOLDER, LocationStatus.OUTSIDE):
        return LocationStatus(checked.status), checked.distance_m  # outside the kecamatan is outside the village
    if own and checked.status in (LocationStatus.INSIDE, LocationStatus.NEAR):
        return LocationStatus(checked.status), checked.distance_m
    radius = settings_for(cooperative.village_id[:5]).visit_radius_m
    reference = None
    if cooperative.latitude is not None and cooperative.longitude is not None:
        reference = (float(cooperative.latitude), float(cooperative.longitude))
    earlier = [
        (float(a), float(b))
        for a, b in Visit.objects.filter(cooperative=cooperative)
        .exclude(location_status=LocationStatus.OUTSIDE)
        .values_list("latitude", "longitude")[:50]
    ]
    return rules.fallback_location(lat, lon, reference=reference, earlier=earlier, radius_m=radius)


@transaction.atomic
def visit_record(
    *,
    actor,
    cooperative: Cooperative,
    visited_on: datetime.date,
    latitude: Decimal | float,
    longitude: Decimal | float,
    checklist: Iterable[str] = (),
    notes: str = "",
    verdict: str = Verdict.CONFIRM,
    category_proposed: str = "",
    photo=None,
    today: datetime.date | None = None,
) -> Visit:
    """Record a field visit (the caller has checked the cooperative is in the actor's scope). Refused when the
    position is not inside or near the village; recomputes the cooperative's assessment of the visit's month."""
    if not may_visit(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if visited_on > today:
        errors["visited_on"] = _("Tanggal kunjungan tidak boleh di masa depan.")
    if not (-11 <= float(latitude) <= 6 and 94 <= float(longitude) <= 142):
        errors["latitude"] = _("Posisi GPS di luar Indonesia.")
    checklist = [item for item in checklist if item]
    unknown = set(checklist) - set(CHECKLIST)
    if unknown:
        errors["checklist"] = _("Butir periksa tidak dikenal.")
    if verdict not in Verdict.values:
        errors["verdict"] = _("Pilih membenarkan atau membantah kategori.")
    if verdict == Verdict.CONTEST and category_proposed not in Category.values:
        errors["category_proposed"] = _("Sebutkan kategori menurut Anda.")
    if errors:
        raise ValidationError(errors)
    status, distance = location_check(cooperative, float(latitude), float(longitude))
    if status not in rules.ACCEPTED:
        km = f"{distance / 1000:.1f}".replace(".", ",") if distance is not None else "?"
        raise ValidationError(
            {"latitude": _("Posisi GPS tidak di dalam atau dekat desa koperasi (sekitar %(km)s km).") % {"km": km}}
        )
    photo_type = ""
    if photo:
        photo_type, extension, _digest = inspect_upload(photo)
        if not photo_type.startswith("image/"):
            raise ValidationError({"photo": _("Foto harus JPEG atau PNG.")})
    month = month_start(visited_on)
    seen = (
        Assessment.objects.filter(cooperative=cooperative, month=month).values_list("category", flat=True).first() or ""
    )
    visit = Visit(
        cooperative=cooperative,
        village_id=cooperative.village_id,
        visited_on=visited_on,
        visitor=actor,
        visitor_role=getattr(actor, "role", "") or "",
        notes=notes,
        latitude=Decimal(str(round(float(latitude), 6))),
        longitude=Decimal(str(round(float(longitude), 6))),
        location_status=status,
        distance_m=round(distance) if distance is not None else None,
        verdict=verdict,
        category_seen=seen,
        category_proposed=category_proposed if verdict == Verdict.CONTEST else "",
        photo_type=photo_type,
        **{item: item in checklist for item in CHECKLIST},
    )
    if photo:
        visit.photo.save(getattr(photo, "name", "foto") or "foto", photo, save=False)
    visit._history_user = actor
    visit.save()
    months = {month, month_start(today)}
    transaction.on_commit(lambda: recompute_safely(cooperative.pk, months=months, force=True))
    return visit


def recompute_safely(cooperative_id: int, *, months: Iterable[datetime.date] = (), force: bool = False) -> None:
    """The recomputation after a write to a cooperative's evidence (the current month, and `months`), for a
    cooperative the monthly run already assesses (or `force`): never lets it fail the write that caused it."""
    try:
        if not force and not Assessment.objects.filter(cooperative_id=cooperative_id).exists():
            return
        today = timezone.localdate()
        for month in sorted({*months, month_start(today)}):
            assess_month(month=month, cooperative_ids=[cooperative_id], today=today)
    except Exception:  # noqa: BLE001 - logged; the monthly run catches up
        log.exception("assessment of cooperative %s failed", cooperative_id)
