"""The attendance sheet of an event to and from a spreadsheet: one column specification for the export (through the
one writer, `kopdes.core.exports`), the template and the import (the paper list typed later, through the one import
flow). A row is a person of a cooperative (by its village code) and name; a listed person is ticked in and gets
their result, an unlisted one with an attendance date is a walk-in. The same file twice changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Cooperative, Official
from kopdes.cooperatives.selectors import official_nik_for
from kopdes.core.importing import Change, ImportResult, RowChange, RowCheck, check_headers, run_import
from kopdes.core.scoping import user_can
from kopdes.core.tabular import RowError, cell_text
from kopdes.training import rules, services
from kopdes.training.choices import ParticipantSource
from kopdes.training.models import Event, Participant

IMPORT_KIND = "training_attendance"  # ImportRecord.kind

ATTENDANCE_COLUMNS = [
    "kode_desa",
    "koperasi",
    "kecamatan",
    "nama",
    "jabatan",
    "nik",
    "asal",
    "tanggal_hadir",
    "nilai_pra",
    "nilai_pasca",
    "lulus",
    "nomor_sertifikat",
]
REQUIRED = ("kode_desa", "nama")
YES = {"ya", "y", "yes", "1", "lulus", "true"}
NO = {"tidak", "t", "no", "0", "tidak lulus", "false"}


def attendance_rows(queryset, *, user):
    """The participants in ATTENDANCE_COLUMNS order; NIK masked unless the user's role needs it."""
    for p in queryset:
        yield [
            p.cooperative.village_id,
            p.cooperative.name,
            p.cooperative.village.parent.name if p.cooperative.village.parent_id else "",
            p.name,
            p.position,
            official_nik_for(user, p.official) if p.official_id else "",
            p.source,
            p.attended_on,
            p.pre_score,
            p.post_score,
            ("ya" if p.passed else "tidak") if p.event.is_training and p.attended_on else "",
            p.certificate_number or "",
        ]


def example_row() -> dict:
    return {
        "kode_desa": "64.02.06.2012",
        "koperasi": "Koperasi Desa Merah Putih Rapak Lambur",
        "nama": "Siti Aminah",
        "jabatan": "bendahara",
        "tanggal_hadir": "2025-08-21",
        "lulus": "",
    }


@dataclass
class Plan:
    number: int
    action: str  # created / updated / unchanged
    cooperative: Cooperative
    name: str
    participant: Participant | None
    official: Official | None
    position: str
    values: dict  # attended_on, pre_score, post_score, passed, certificate_number (what changes)


def attendance_import(*, actor, data: bytes, file_name: str, dry_run: bool = False, event=None) -> ImportResult:
    """Validate the whole sheet against `event` (an id in the user's scope), then write it in one transaction."""
    if actor is not None and not user_can(actor, Capability.MANAGE_TRAINING):
        raise PermissionDenied
    events = Event.objects.for_user(actor) if actor is not None else Event.objects.all()
    found = events.select_related("course", "organiser_region").filter(pk=getattr(event, "pk", event)).first()

    def validate(table, user):
        if found is None:
            return [], [RowError(0, "", _("Kegiatan tidak ditemukan atau di luar wilayah Anda."))], Counter()
        return _validate(table, user, found)

    return run_import(
        IMPORT_KIND,
        actor=actor,
        data=data,
        file_name=file_name,
        dry_run=dry_run,
        validate=validate,
        apply=lambda plans, *, user, reason: _apply(plans, user=user, reason=reason, event=found),
        describe=_describe,
    )


def _flag(row: RowCheck, cells: dict) -> bool | None:
    raw = cell_text(cells.get("lulus")).lower()
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    row.err("lulus", _("Isi 'ya' atau 'tidak'."))
    return None


def _score(row: RowCheck, cells: dict, column: str) -> int | None:
    value = row.value(cells, column, "int")
    if value is not None and value > 100:
        row.err(column, _("Nilai paling tinggi 100."))
        return None
    return value


def _validate(table, user, event: Event):
    errors: list[RowError] = []
    counts: Counter = Counter()
    if not check_headers(table, ATTENDANCE_COLUMNS, REQUIRED, errors):
        return [], errors, counts
    codes = {cell_text(cells.get("kode_desa")) for _n, cells in table.rows}
    cooperatives_in_scope = Cooperative.objects.for_user(user) if user is not None else Cooperative.objects.all()
    cooperatives = {c.village_id: c for c in cooperatives_in_scope.filter(village_id__in=codes)}
    listed = {
        (p.cooperative_id, p.name.casefold()): p
        for p in event.participants.filter(cooperative__in=cooperatives.values())
    }
    officials: dict[tuple[int, str], Official] = {}
    for official in Official.objects.filter(services.current_q(), cooperative__in=cooperatives.values()):
        officials.setdefault((official.cooperative_id, official.name.casefold()), official)
    certificates = dict(
        Participant.objects.exclude(certificate_number=None)
        .filter(certificate_number__in={cell_text(c.get("nomor_sertifikat")) for _n, c in table.rows} - {""})
        .values_list("certificate_number", "pk")
    )
    seen: dict[tuple, int] = {}
    seen_certificates: dict[str, int] = {}
    plans: list[Plan] = []
    for number, cells in table.rows:
        row = RowCheck(number, errors)
        code = cell_text(cells.get("kode_desa"))
        cooperative = cooperatives.get(code)
        if not code:
            row.err("kode_desa", _("Kode desa wajib diisi."))
        elif cooperative is None:
            row.err("kode_desa", _("Tidak ada koperasi di %(code)s dalam wilayah Anda.") % {"code": code})
        else:
            error = rules.organiser_region_error(
                organiser_code=event.organiser_region_id, village_code=code, cooperative=cooperative.name
            )
            if error:
                row.err("kode_desa", error)
        name = cell_text(cells.get("nama"))
        if not name:
            row.err("nama", _("Nama wajib diisi."))
        position = row.value(cells, "jabatan", "choice", Position) or ""
        day = row.value(cells, "tanggal_hadir", "date")
        if day is not None:
            error = rules.attendance_day_error(day=day, start=event.start_date, end=event.end_date)
            if error:
                row.err("tanggal_hadir", error)
        pre, post = _score(row, cells, "nilai_pra"), _score(row, cells, "nilai_pasca")
        passed = _flag(row, cells)
        certificate = cell_text(cells.get("nomor_sertifikat")) or None
        if (passed is not None or pre is not None or post is not None or certificate) and not event.is_training:
            row.err("lulus", _("Hanya pelatihan yang memiliki hasil dan sertifikat."))
        if row.count:
            continue
        key = (cooperative.pk, name.casefold())
        if key in seen:
            row.err("nama", _("Orang yang sama sudah ada di baris %(row)d.") % {"row": seen[key]})
            continue
        seen[key] = number
        participant = listed.get(key)
        official = participant.official if participant else officials.get(key)
        attended_on = day or (participant.attended_on if participant else None)
        if passed and attended_on is None:
            row.err("lulus", _("Hanya peserta yang hadir yang dapat lulus."))
        if participant is None:
            if day is None:
                row.err(
                    "tanggal_hadir",
                    _("%(name)s tidak ada di daftar: isi tanggal hadir (datang langsung).") % {"name": name},
                )
            elif official is not None and event.course_id:
                passed_before = services._passed([official.pk]).get(official.pk, set())
                error = rules.prerequisite_error(track=event.course.track, tier=event.course.tier, passed=passed_before)
                if error:
                    row.err("nama", error)
        if certificate:
            other = certificates.get(certificate)
            if other is not None and (participant is None or other != participant.pk):
                row.err("nomor_sertifikat", _("Nomor sertifikat %s sudah dipakai.") % certificate)
            elif certificate in seen_certificates:
                row.err(
                    "nomor_sertifikat",
                    _("Nomor yang sama sudah ada di baris %(row)d.") % {"row": seen_certificates[certificate]},
                )
            seen_certificates[certificate] = number
        if row.count:
            continue
        values = {}
        if day is not None:
            values["attended_on"] = day
        for field, value in (("pre_score", pre), ("post_score", post), ("passed", passed)):
            if value is not None:
                values[field] = value
        if certificate:
            values["certificate_number"] = certificate
        if participant is not None:
            values = {k: v for k, v in values.items() if getattr(participant, k) != v}
            action = "updated" if values else "unchanged"
        else:
            action = "created"
        counts[action] += 1
        plans.append(Plan(number, action, cooperative, name, participant, official, position, values))
    return plans, errors, counts


def _apply(plans: list[Plan], *, user, reason: str, event: Event) -> None:
    """Through the services, row by row (an attendance sheet is hundreds of rows, not a province); the history rows
    written here are labelled with the import's change reason."""
    before = Participant.history.aggregate(last=Max("history_id"))["last"] or 0
    for plan in plans:
        if plan.action == "unchanged":
            continue
        values = dict(plan.values)
        participant = plan.participant
        if participant is None:
            participant = services.walk_in_add(
                actor=user,
                event=event,
                day=values.pop("attended_on"),
                cooperative=plan.cooperative,
                official=plan.official,
                name=plan.name,
                position=plan.position,
            )
        elif "attended_on" in values:
            services.attendance_record(actor=user, participant=participant, day=values.pop("attended_on"))
        if values:
            participant.refresh_from_db()
            try:
                services.result_record(
                    actor=user,
                    participant=participant,
                    passed=values.get("passed", participant.passed),
                    pre_score=values.get("pre_score", participant.pre_score),
                    post_score=values.get("post_score", participant.post_score),
                    certificate_number=values.get("certificate_number", participant.certificate_number),
                )
            except ValidationError as exc:  # checked above; a race between two imports ends here
                raise ValidationError(f"{_('Baris')} {plan.number}: {exc.messages[0]}") from exc
    Participant.history.filter(history_id__gt=before).update(history_change_reason=reason)


def _describe(plans: list[Plan]) -> list[RowChange]:
    rows = []
    for plan in plans:
        if plan.action == "unchanged":
            continue
        changes = [
            Change(
                column,
                getattr(plan.participant, field) if plan.participant else None,
                value,
                plan.participant is not None,
            )
            for field, value in plan.values.items()
            for column in [
                {
                    "attended_on": "tanggal_hadir",
                    "pre_score": "nilai_pra",
                    "post_score": "nilai_pasca",
                    "passed": "lulus",
                    "certificate_number": "nomor_sertifikat",
                }[field]
            ]
        ]
        subject = plan.name if plan.participant else f"{plan.name} ({ParticipantSource.LANGSUNG.label})"
        rows.append(RowChange(plan.number, plan.cooperative.village, plan.action, subject, changes))
    return rows
