"""Writes of the periodic reports: open (pre-filled), save the typed part, submit (freezes the derived part),
return with comments per field, resubmit, approve (locks); the settings per regency; the month's expected reports.
Each in one transaction, with history; edits and reviews claim the `version` seen (409 on a stale page)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Role
from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import scope_for
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.reporting import rules, selectors
from kopdes.reporting.choices import (
    EDITABLE_STATUSES,
    TEXT_FIELDS,
    TEXT_MAX,
    Action,
    FormKind,
    PeriodType,
    Status,
)
from kopdes.reporting.models import Report, ReportSetting, ReviewStep
from kopdes.reporting.permissions import may_manage, may_review, may_write

COMMENT_FIELDS = ("general", "figures", "problems", "follow_up", "needs", "narrative", "findings")


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _unit(kind: str, *, district=None, cooperative=None, pendamping=None) -> tuple[str, str, str]:
    """(unit_key, region code, regency code) of the report's unit."""
    if kind == FormKind.CAMAT:
        if district is None or district.level != RegionLevel.DISTRICT:
            raise ValidationError({"district": _("Pilih kecamatan.")})
        return f"k:{district.code}", district.code, district.code[:5]
    if kind == FormKind.KOPERASI:
        if cooperative is None:
            raise ValidationError({"cooperative": _("Pilih koperasi.")})
        return f"c:{cooperative.pk}", cooperative.village_id, cooperative.village_id[:5]
    if pendamping is None or pendamping.role != Role.PENDAMPING:
        raise ValidationError({"pendamping": _("Pilih pendamping.")})
    regency = selectors.pendamping_regency(pendamping)
    if regency is None:
        raise ValidationError({"pendamping": _("Pendamping ini belum mendampingi koperasi.")})
    return f"p:{pendamping.pk}", regency, regency


def _exists_from(kind: str, *, cooperative=None, pendamping=None) -> datetime.date | None:
    if kind == FormKind.KOPERASI:
        return (
            Cooperative.objects.filter(pk=cooperative.pk)
            .annotate(exists_from=selectors.cooperative_exists_from())
            .values_list("exists_from", flat=True)
            .first()
        )
    if kind == FormKind.PENDAMPING:
        return timezone.localtime(pendamping.date_joined).date()
    return None


def report_open(
    *,
    actor,
    kind: str,
    period_start: datetime.date,
    district: Region | None = None,
    cooperative: Cooperative | None = None,
    pendamping=None,
    now: datetime.datetime | None = None,
) -> Report:
    """Open a draft for a unit and a period (the derived part is shown from today's data until submitted).
    Refused: a period not yet ended, a unit that did not exist in it, a second report of the unit for the period,
    a unit outside the actor's scope (404 by the caller's lookup) or a role that may not write it (403)."""
    now = _now(now)
    today = timezone.localdate(now)
    if kind == FormKind.PENDAMPING and pendamping is None and actor.role == Role.PENDAMPING:
        pendamping = actor
    unit_key, region_code, regency_code = _unit(kind, district=district, cooperative=cooperative, pendamping=pendamping)
    probe = Report(kind=kind, region_id=region_code, cooperative=cooperative, pendamping=pendamping)
    if not scope_for(actor).covers_code(region_code) and not (pendamping is not None and pendamping.pk == actor.pk):
        raise PermissionDenied
    if not may_write(actor, probe):
        raise PermissionDenied
    period_type, due_day = selectors.form_setting(regency_code, kind)
    period = rules.period_of(period_start, period_type, due_day)
    error = rules.period_error(period, today, _exists_from(kind, cooperative=cooperative, pendamping=pendamping))
    if error:
        raise ValidationError({"period": error})
    if Report.objects.filter(kind=kind, unit_key=unit_key, period_start=period.start).exists():
        raise ValidationError({"period": _("Laporan unit ini untuk periode tersebut sudah ada.")})
    report = Report(
        kind=kind,
        period_type=period_type,
        period_start=period.start,
        period_end=period.end,
        due_date=period.due,
        regency_id=regency_code,
        region_id=region_code,
        cooperative=cooperative,
        pendamping=pendamping,
        unit_key=unit_key,
        author=actor,
    )
    report._history_user = actor
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError({"period": _("Laporan unit ini untuk periode tersebut sudah ada.")}) from exc
    return report


def _clean(report: Report, data: dict) -> dict:
    """The typed fields of `data` allowed on this report's form, checked (no negative figures, text not too
    long)."""
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name in TEXT_FIELDS[report.kind]:
        if name in data:
            value = (data[name] or "").strip()
            if len(value) > TEXT_MAX:
                errors[name] = _("Paling banyak %(n)d karakter.") % {"n": TEXT_MAX}
            cleaned[name] = value
    figures = dict(report.figures)
    for key in selectors.typed_figure_keys(report):
        if key in (data.get("figures") or {}):
            value = data["figures"][key]
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())
            elif isinstance(value, str) and not value.strip():
                value = None
            error = rules.figure_error(value)
            if error:
                errors[f"figures.{key}"] = error
            elif value is None:
                figures.pop(key, None)
            else:
                figures[key] = value
    if errors:
        raise ValidationError(errors)
    cleaned["figures"] = figures
    return cleaned


def _claim(report: Report, version: int, actor, reason: str, **changes) -> None:
    """Claim the version seen (409 if someone saved since), then write `changes` with a history row. Call inside
    a transaction."""
    claimed = Report.objects.filter(pk=report.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(
            _("Laporan ini diubah orang lain sejak Anda membukanya. Muat ulang halaman."),
            current=Report.objects.get(pk=report.pk),
        )
    report.version = version + 1
    for name, value in changes.items():
        setattr(report, name, value)
    report._history_user = actor
    report._change_reason = reason
    report.save()


def report_save(*, actor, report: Report, version: int, data: dict, now: datetime.datetime | None = None) -> Report:
    """Save the typed part of a draft or a returned report; submitted and approved reports are not editable."""
    if not may_write(actor, report):
        raise PermissionDenied
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {"status": _("Laporan yang sudah dikirim tidak dapat diubah; hanya pemeriksa yang dapat mengembalikannya.")}
        )
    cleaned = _clean(report, data)
    with transaction.atomic():
        _claim(report, version, actor, "saved", **cleaned)
    return report


def report_submit(
    *, actor, report: Report, version: int, data: dict | None = None, now: datetime.datetime | None = None
) -> Report:
    """Submit a draft (or resubmit a returned report), saving `data` first; freezes the derived part. The first
    submission decides whether it was on time."""
    now = _now(now)
    if not may_write(actor, report):
        raise PermissionDenied
    action = Action.RESUBMIT if report.status == Status.RETURNED else Action.SUBMIT
    after = rules.transition(report.status, action)
    if after is None:
        raise ValidationError({"status": _("Laporan ini sudah dikirim.")})
    cleaned = _clean(report, data or {})
    derived, from_books = selectors.prefill(report, actor)
    today = timezone.localdate(now)
    changes = {
        **cleaned,
        "status": after,
        "derived": derived,
        "from_books": from_books,
        "submitted_at": now,
        "comments": {} if action == Action.SUBMIT else report.comments,
    }
    if report.first_submitted_on is None:
        changes["first_submitted_on"] = today
        changes["on_time"] = rules.on_time(today, report.due_date)
    with transaction.atomic():
        _claim(report, version, actor, action, **changes)
        ReviewStep.objects.create(report=report, action=action, actor=actor, at=now)
    return report


def report_return(
    *, actor, report: Report, version: int, comments: dict, now: datetime.datetime | None = None
) -> Report:
    """Send a submitted report back with comments per field (at least one)."""
    now = _now(now)
    if not may_review(actor, report):
        raise PermissionDenied
    if rules.transition(report.status, Action.RETURN) is None:
        raise ValidationError({"status": _("Hanya laporan yang menunggu pemeriksaan yang dapat dikembalikan.")})
    cleaned = {
        key: str(value).strip()[:1000]
        for key, value in (comments or {}).items()
        if key in COMMENT_FIELDS and str(value or "").strip()
    }
    if not cleaned:
        raise ValidationError({"comments": _("Tulis paling sedikit satu catatan untuk pelapor.")})
    with transaction.atomic():
        _claim(
            report,
            version,
            actor,
            Action.RETURN,
            status=Status.RETURNED,
            comments=cleaned,
            reviewed_by=actor,
            reviewed_at=now,
        )
        ReviewStep.objects.create(report=report, action=Action.RETURN, actor=actor, at=now, comments=cleaned)
    return report


def report_approve(*, actor, report: Report, version: int, now: datetime.datetime | None = None) -> Report:
    """Approve a submitted report: it is locked from then on."""
    now = _now(now)
    if not may_review(actor, report):
        raise PermissionDenied
    if rules.transition(report.status, Action.APPROVE) is None:
        raise ValidationError({"status": _("Hanya laporan yang menunggu pemeriksaan yang dapat disetujui.")})
    with transaction.atomic():
        _claim(
            report,
            version,
            actor,
            Action.APPROVE,
            status=Status.APPROVED,
            reviewed_by=actor,
            reviewed_at=now,
            approved_on=timezone.localdate(now),
            comments={},
        )
        ReviewStep.objects.create(report=report, action=Action.APPROVE, actor=actor, at=now)
    return report


def setting_save(*, actor, regency: Region, kind: str, period_type: str, due_day: int) -> ReportSetting:
    """Set a regency's period type and due day for a form (applies to reports opened from then on)."""
    if not may_manage(actor, regency.code):
        raise PermissionDenied
    errors = {}
    if kind not in FormKind.values:
        errors["kind"] = _("Formulir tidak dikenal.")
    if period_type not in PeriodType.values:
        errors["period_type"] = _("Periode tidak dikenal.")
    if not isinstance(due_day, int) or not 1 <= due_day <= 28:
        errors["due_day"] = _("Tenggat tanggal 1 sampai 28.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        setting = ReportSetting.objects.select_for_update().filter(regency=regency, kind=kind).first()
        if setting is None:
            setting = ReportSetting(regency=regency, kind=kind)
        elif (setting.period_type, setting.due_day) == (period_type, due_day):
            return setting
        setting.period_type, setting.due_day = period_type, due_day
        setting._history_user = actor
        setting.save()
    return setting


def reports_generate(*, regency: Region, period_start: datetime.date, actor, now=None) -> dict[str, int]:
    """Open the drafts of a period for every expected unit of a regency that has none (CLI: the month's expected
    reports, so that people find their pre-filled report waiting). Idempotent: a second run creates nothing."""
    now = _now(now)
    today = timezone.localdate(now)
    created = dict.fromkeys(FormKind.values, 0)
    rows = []
    for kind in FormKind.values:
        period_type, due_day = selectors.form_setting(regency.code, kind)
        period = rules.period_of(period_start, period_type, due_day)
        if period.end >= today:
            continue
        have = set(Report.objects.filter(kind=kind, period_start=period.start).values_list("unit_key", flat=True))
        common = {
            "kind": kind,
            "period_type": period_type,
            "period_start": period.start,
            "period_end": period.end,
            "due_date": period.due,
            "regency_id": regency.code,
        }
        if kind == FormKind.CAMAT:
            units = [(f"k:{d.code}", {"region_id": d.code}) for d in selectors.expected_districts(regency.code)]
        elif kind == FormKind.KOPERASI:
            units = [
                (f"c:{c.pk}", {"region_id": c.village_id, "cooperative_id": c.pk})
                for c in selectors.expected_cooperatives(regency.code, period).only("pk", "village_id")
            ]
        else:
            units = [
                (f"p:{p.pk}", {"region_id": regency.code, "pendamping_id": p.pk})
                for p in selectors.expected_pendamping(regency.code, period)
                if selectors.pendamping_regency(p) == regency.code
            ]
        for key, fields in units:
            if key not in have:
                rows.append(Report(unit_key=key, **common, **fields))
                created[kind] += 1
    if rows:
        from simple_history.utils import bulk_create_with_history

        with transaction.atomic():
            bulk_create_with_history(rows, Report, default_user=actor, default_change_reason="generated")
    return created
