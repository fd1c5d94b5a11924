"""Periodic reports in `kopdes load_demo`. Paser's regent asked every camat to monitor the formation in their
kecamatan and report progress to the cooperative office each month; Kukar's regent wants the cooperatives' real
outcomes. Continued up to today (29 November 2026):

- camat reports of every kecamatan of Kukar and Paser from July 2025 to October 2026 (the last period whose due
  date, 10 November, has passed): few and late at first, most on time by 2026; some never sent; the office
  approved most, returned a few with comments (resubmitted and approved), and the last period's wait for review;
- cooperative reports of Rapak Lambur and Melayu, which keep their books in Kopdes (derived: members, simpanan,
  sales per gerai), and of a sample of other cooperatives that type their figures, from mid-2026;
- one pendamping (business assistant) of kec. Tenggarong with their monthly reports since July 2026.

Everything goes through the services with the day it happened as the clock; the outcome of each unit and period is
drawn from a seeded random, so a second run draws the same and skips every report that exists: it writes nothing.
The camat of the other kecamatan and the pendamping get accounts without a password."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.reporting import rules, services
from kopdes.reporting.choices import FormKind, Status
from kopdes.reporting.models import Report

D = datetime.date
KUKAR, PASER = "64.02", "64.01"
FIRST = D(2025, 7, 1)
TODAY = D(2026, 11, 29)
BOOKS = ("64.02.06.2012", "64.02.06.1005")  # Rapak Lambur, Melayu: books in Kopdes since mid-2025
TYPED = ("64.02.16.2007", "64.02.03.2004", "64.02.05.2003", "64.01.04.2002", "64.01.01.2013")
PENDAMPING_COOPS = ("64.02.06.2012", "64.02.06.1005", "64.02.06.2001", "64.02.06.2002")

CAMAT_TEXT = [
    (
        "Dua desa belum menjadwalkan musyawarah khusus; notaris di kabupaten terbatas.",
        "Koordinasi dengan Dinas Koperasi untuk jadwal notaris keliling.",
        "Pendampingan penyusunan AD/ART.",
        "Sebagian besar desa sudah musyawarah; akta menunggu jadwal notaris.",
    ),
    (
        "Rekening bank koperasi belum dibuka di beberapa desa.",
        "Surat ke bank penyalur agar membuka layanan di kecamatan.",
        "Pelatihan pengurus tentang pembukuan.",
        "Legalitas hampir lengkap; dua koperasi mulai menyiapkan gerai sembako.",
    ),
    (
        "Gerai belum beroperasi karena modal awal belum cair.",
        "Membantu koperasi menyusun proposal pembiayaan ke bank Himbara.",
        "Pendampingan usaha gerai dan pencatatan penjualan.",
        "Koperasi yang beroperasi melayani sembako dan LPG; tindakan Satgas diikuti.",
    ),
]
RETURN_COMMENTS = {"narrative": "Sebutkan desa yang belum menyelesaikan akta dan kendalanya."}


def at(day: D, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _camats(context: DemoContext, districts: list[Region]) -> dict[str, User]:
    users = {u.region_id: u for u in User.objects.filter(role=Role.CAMAT, region_id__in=[d.code for d in districts])}
    for district in districts:
        if district.code in users:
            continue
        slug = "".join(ch for ch in district.name.lower() if ch.isalnum())
        users[district.code] = User.objects.create(
            username=f"camat.{slug}.{district.code[3:5]}",
            role=Role.CAMAT,
            region_id=district.code,
            first_name=f"Camat {district.name}",
            password=make_password(None),
            date_joined=at(D(2025, 6, 1)),
        )
        context.counts["reporting_users_created"] += 1
    return users


def _outcome(rng: random.Random, period: rules.Period) -> tuple[D | None, str]:
    """(submitted on, review: "approve" | "return" | "wait") — few and late in 2025, most on time by 2026."""
    months = (period.start.year - 2025) * 12 + period.start.month - 7  # 0 for July 2025
    send = min(0.45 + months * 0.04, 0.92)
    if rng.random() > send:
        return None, ""
    on_time = min(0.35 + months * 0.04, 0.85)
    if rng.random() < on_time:
        day = period.due - datetime.timedelta(days=rng.randint(0, 8))
    else:
        day = period.due + datetime.timedelta(days=rng.randint(1, 20))
    review = "return" if rng.random() < 0.08 else "approve"
    if period.due >= D(2026, 11, 1):
        review = "wait" if rng.random() < 0.6 else review
    return min(day, TODAY), review


def _run(context, report, author, reviewer, submitted: D, review: str, data: dict) -> None:
    services.report_submit(actor=author, report=report, version=report.version, data=data, now=at(submitted, 15))
    context.counts["reporting_submitted_created"] += 1
    if review == "wait":
        return
    checked = min(submitted + datetime.timedelta(days=3), TODAY)
    if review == "return":
        services.report_return(
            actor=reviewer, report=report, version=report.version, comments=RETURN_COMMENTS, now=at(checked, 9)
        )
        if report.period_end >= D(2026, 10, 1):
            return  # the last period's returned reports wait for their author
        fixed = min(checked + datetime.timedelta(days=2), TODAY)
        services.report_submit(
            actor=author,
            report=report,
            version=report.version,
            data={"narrative": data.get("narrative", "") + " Desa tertinggal: dua desa, menunggu jadwal notaris."},
            now=at(fixed, 11),
        )
        checked = min(fixed + datetime.timedelta(days=2), TODAY)
        if checked >= TODAY:
            return
    services.report_approve(actor=reviewer, report=report, version=report.version, now=at(checked, 14))


def _existing() -> set[tuple[str, str, D]]:
    return set(Report.objects.values_list("kind", "unit_key", "period_start"))


def _camat_reports(context, regency: Region, office: User, existing) -> None:
    districts = list(Region.objects.filter(parent=regency, level=RegionLevel.DISTRICT).order_by("code"))
    camats = _camats(context, districts)
    last = rules.latest_due_period(TODAY)
    for index, district in enumerate(districts):
        period = rules.period_of(FIRST)
        while period.start <= last.start:
            rng = random.Random(f"camat-{district.code}-{period.key}")
            submitted, review = _outcome(rng, period)
            if submitted and period.start == last.start and index in (2, 5):
                review = "return"  # the office sent two of last month's reports back; they wait for the camat
            key = (FormKind.CAMAT, f"k:{district.code}", period.start)
            if submitted and key not in existing:
                author = camats[district.code]
                report = services.report_open(
                    actor=author,
                    kind=FormKind.CAMAT,
                    district=district,
                    period_start=period.start,
                    now=at(period.end + datetime.timedelta(days=1), 8),
                )
                stage = 0 if period.start.year == 2025 else (1 if period.start.month <= 6 else 2)
                problems, follow_up, needs, narrative = CAMAT_TEXT[stage]
                data = {"problems": problems, "follow_up": follow_up, "needs": needs, "narrative": narrative}
                _run(context, report, author, office, submitted, review, data)
                context.counts["reporting_reports_created"] += 1
            period = rules.next_period(period, "bulanan", 10)


def _cooperative_reports(context, offices: dict[str, User], existing) -> None:
    cooperatives = {c.village_id: c for c in Cooperative.objects.filter(village_id__in=[*BOOKS, *TYPED])}
    pengurus = {
        u.cooperative_id: u
        for u in User.objects.filter(role=Role.PENGURUS, cooperative__village_id__in=list(cooperatives))
    }
    last = rules.latest_due_period(TODAY)
    for code, cooperative in sorted(cooperatives.items()):
        author = pengurus.get(cooperative.pk) or offices[code[:5]]
        reviewer = offices[code[:5]]
        first = D(2025, 8, 1) if code in BOOKS else D(2026, 6, 1)
        period = rules.period_of(first)
        while period.start <= last.start:
            rng = random.Random(f"koperasi-{code}-{period.key}")
            submitted, review = _outcome(rng, period)
            key = (FormKind.KOPERASI, f"c:{cooperative.pk}", period.start)
            if submitted and key not in existing:
                try:
                    report = services.report_open(
                        actor=author,
                        kind=FormKind.KOPERASI,
                        cooperative=cooperative,
                        period_start=period.start,
                        now=at(period.end + datetime.timedelta(days=1), 8),
                    )
                except ValidationError:  # the cooperative did not exist yet in that period
                    period = rules.next_period(period, "bulanan", 10)
                    continue
                data = {"problems": "Pasokan barang dari distributor sering terlambat.", "needs": "Modal kerja."}
                if code not in BOOKS:
                    members = rng.randint(30, 120)
                    data["figures"] = {
                        "members": members,
                        "new_members": rng.randint(0, 6),
                        "simpanan": members * 10_000,
                        "sales": rng.randint(5, 40) * 1_000_000,
                    }
                _run(context, report, author, reviewer, submitted, review, data)
                context.counts["reporting_reports_created"] += 1
            period = rules.next_period(period, "bulanan", 10)


def _pendamping(context, office: User, existing) -> None:
    cooperatives = list(Cooperative.objects.filter(village_id__in=PENDAMPING_COOPS))
    if not cooperatives:
        return
    user = User.objects.filter(username="pendamping.tenggarong").first()
    if user is None:
        user = User.objects.create(
            username="pendamping.tenggarong",
            role=Role.PENDAMPING,
            first_name="Pendamping Usaha Tenggarong",
            password=make_password(None),
            date_joined=at(D(2026, 6, 15)),
        )
        context.counts["reporting_users_created"] += 1
    have = set(user.assigned_cooperatives.values_list("pk", flat=True))
    missing = [c for c in cooperatives if c.pk not in have]
    if missing:
        user.assigned_cooperatives.add(*missing)
        context.counts["reporting_assignments_created"] += len(missing)
    period = rules.period_of(D(2026, 7, 1))
    last = rules.latest_due_period(TODAY)
    while period.start <= last.start:
        rng = random.Random(f"pendamping-{period.key}")
        key = (FormKind.PENDAMPING, f"p:{user.pk}", period.start)
        if key not in existing:
            report = services.report_open(
                actor=user,
                kind=FormKind.PENDAMPING,
                period_start=period.start,
                now=at(period.end + datetime.timedelta(days=1), 8),
            )
            data = {
                "figures": {"visits": rng.randint(4, 12)},
                "findings": "Pencatatan penjualan harian mulai tertib; stok LPG sering kosong di akhir bulan.",
                "follow_up": "Menyusun jadwal pemesanan LPG bersama pengurus.",
            }
            submitted = period.due - datetime.timedelta(days=rng.randint(0, 5))
            _run(context, report, user, office, submitted, "approve" if period.due < D(2026, 11, 1) else "wait", data)
            context.counts["reporting_reports_created"] += 1
        period = rules.next_period(period, "bulanan", 10)


def load(context: DemoContext) -> None:
    """Needs the regions, the cooperatives with their milestones (formation), the demo logins and the books."""
    offices = {u.region_id: u for u in User.objects.filter(username__in=["dinkop.kukar", "dinkop.paser"])}
    regencies = Region.objects.in_bulk([KUKAR, PASER])
    if len(offices) < 2 or len(regencies) < 2:
        context.messages.append("Laporan berkala: login demo atau wilayah belum dimuat, dilewati.")
        return
    existing = _existing()
    for code in (KUKAR, PASER):
        _camat_reports(context, regencies[code], offices[code], existing)
    _cooperative_reports(context, offices, existing)
    _pendamping(context, offices[KUKAR], existing)
    created = context.counts["reporting_reports_created"]
    if created:
        waiting = Report.objects.filter(status__in=[Status.SUBMITTED, Status.RESUBMITTED]).count()
        context.messages.append(
            f"Laporan berkala: {created} laporan camat, koperasi dan pendamping Juli 2025 – Oktober 2026, "
            f"{waiting} menunggu pemeriksaan."
        )
