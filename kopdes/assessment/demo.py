"""The assessment's part of `kopdes load_demo`: field visits, then every cooperative of Kukar and Paser assessed
month by month from the programme's launch (June 2025) to today, from the demo's books, reports, trainings, board,
partnerships, financing and these visits.

The visits: the camat of Tenggarong looks in on Rapak Lambur and Melayu (the two gerai that opened in 2025) every
two months; the pendamping of Tenggarong, assigned since July 2026, visits his four cooperatives monthly; the Kukar
office visits a cooperative that opened its books this month and contests its computed category (a busy gerai
whose sales are still in an exercise book: aktif, not what the books in Kopdes show), and one with an
incomplete board whose office is closed (it confirms papan nama). Positions are inside the village (its
boundary's representative point when the boundaries are loaded, else the cooperative's recorded position, else a
fixed point that becomes the reference of the later visits).

The current month reads up to the local today, like the recomputation after a write (so the two agree and a
second load the same day writes nothing). Idempotent: a visit is keyed by (cooperative, day, visitor) and written
once; the monthly run writes a month's row only when its result changed, so a second load writes nothing."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kopdes.accounts.models import User
from kopdes.assessment import services
from kopdes.assessment.choices import CHECKLIST, Category, Verdict
from kopdes.assessment.models import Assessment, Visit
from kopdes.assessment.selectors import month_counts
from kopdes.cooperatives.models import Cooperative
from kopdes.core.devtools import DemoContext
from kopdes.regions.models import Boundary

D = datetime.date
LAUNCH = D(2025, 6, 1)  # the month of the rakor of 10 June 2025
TODAY = D(2026, 11, 29)
REGENCIES = ("64.02", "64.01")
CAMAT_COOPS = ("64.02.06.2012", "64.02.06.1005")
PENDAMPING_COOPS = ("64.02.06.2012", "64.02.06.1005", "64.02.06.2001", "64.02.06.2002")
ALL = set(CHECKLIST)
NOTE_OPERATING = "Penjualan tercatat harian di Kopdes; stok LPG menipis."
NOTE_PREPARING = "Belum ada gerai; pengurus menyiapkan rencana usaha dan pendaftaran anggota."

# (village, day, username, checklist, notes, verdict, proposed)
OFFICE_VISITS = (
    ("64.02.16.2007", D(2026, 11, 18), "dinkop.kukar", ALL - {"books_kept"},
     "Gerai sembako ramai sejak dibuka bulan ini, anggota antusias, stok cukup; penjualan belum dicatat di "
     "Kopdes (kasir masih di buku tulis). Menurut kami sudah aktif.",
     Verdict.CONTEST, Category.AKTIF),
    ("64.02.05.2001", D(2026, 10, 14), "dinkop.kukar", set(),
     "Kantor tutup, papan nama saja. Ketua belum ditetapkan kembali; tidak ada kegiatan usaha.",
     Verdict.CONFIRM, ""),
)  # fmt: skip


def _h(text: str) -> int:
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16)


def _point(cooperative: Cooperative) -> tuple[Decimal, Decimal]:
    """A position inside the village: its boundary's representative point, else the recorded position, else a
    fixed point of the village (the first visit's, the reference of the later ones)."""
    row = Boundary.objects.filter(region_id=cooperative.village_id).values_list("geometry", flat=True).first()
    if row:
        import shapely

        point = shapely.from_geojson(row).representative_point()
        return Decimal(f"{point.y:.6f}"), Decimal(f"{point.x:.6f}")
    if cooperative.latitude is not None and cooperative.longitude is not None:
        return cooperative.latitude, cooperative.longitude
    seed = _h(cooperative.village_id)
    return Decimal(f"{-0.4 - (seed % 1000) / 1000:.6f}"), Decimal(f"{116.5 + (seed // 1000 % 1000) / 1000:.6f}")


def _plan(users: dict[str, User], cooperatives: dict[str, Cooperative], end: D) -> list[dict]:
    plans = []
    camat = users.get("camat.tenggarong")
    if camat:
        for code in CAMAT_COOPS:
            day = D(2025, 9, 10)
            while day <= end:
                seed = _h(f"{code}{day}")
                checks = ALL if day >= D(2026, 3, 1) else ALL - {"books_kept"} if seed % 3 else {"office_open"}
                notes = "Gerai buka, barang tersedia, pengurus di tempat." if len(checks) >= 4 else "Gerai tutup siang."
                plans.append({"code": code, "day": day, "user": camat, "checks": checks, "notes": notes,
                              "verdict": Verdict.CONFIRM, "proposed": ""})  # fmt: skip
                day = services.rules.add_months(day, 2)
    pendamping = users.get("pendamping.tenggarong")
    if pendamping:
        for code in PENDAMPING_COOPS:
            day = D(2026, 7, 20) + datetime.timedelta(days=_h(code) % 5)
            while day <= end:
                seed = _h(f"p{code}{day}")
                operating = code in CAMAT_COOPS
                checks = ALL - ({"goods_on_shelf"} if seed % 4 == 0 else set()) if operating else {"office_open"}
                if not operating and seed % 3 == 0:
                    checks = set()
                notes = NOTE_OPERATING if operating else NOTE_PREPARING
                plans.append({"code": code, "day": day, "user": pendamping, "checks": checks, "notes": notes,
                              "verdict": Verdict.CONFIRM, "proposed": ""})  # fmt: skip
                day = services.rules.add_months(day, 1)
    for code, day, username, checks, notes, verdict, proposed in OFFICE_VISITS:
        if username in users and day <= end:
            plans.append({"code": code, "day": day, "user": users[username], "checks": checks, "notes": notes,
                          "verdict": verdict, "proposed": proposed})  # fmt: skip
    return [plan for plan in plans if plan["code"] in cooperatives]


def _visits(context: DemoContext, end: D) -> D | None:
    """Write the planned visits not yet written; the day of the first one written (None: nothing new)."""
    codes = {*CAMAT_COOPS, *PENDAMPING_COOPS, *(v[0] for v in OFFICE_VISITS)}
    cooperatives = {c.village_id: c for c in Cooperative.objects.filter(village_id__in=codes)}
    names = ["camat.tenggarong", "pendamping.tenggarong", "dinkop.kukar"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    existing = set(
        Visit.objects.filter(cooperative__in=cooperatives.values()).values_list("cooperative_id", "visited_on",
                                                                               "visitor_id")
    )  # fmt: skip
    first = None
    for plan in sorted(_plan(users, cooperatives, end), key=lambda p: (p["day"], p["code"])):
        cooperative = cooperatives[plan["code"]]
        if (cooperative.pk, plan["day"], plan["user"].pk) in existing:
            continue
        lat, lon = _point(cooperative)
        status, distance = services.location_check(cooperative, float(lat), float(lon))
        if status not in services.rules.ACCEPTED:
            context.messages.append(f"Penilaian: kunjungan {plan['code']} {plan['day']} dilewati (posisi {status}).")
            continue
        seen = (
            Assessment.objects.filter(cooperative=cooperative, month=plan["day"].replace(day=1))
            .values_list("category", flat=True)
            .first()
            or ""
        )
        visit = Visit(
            cooperative=cooperative, village_id=cooperative.village_id, visited_on=plan["day"], visitor=plan["user"],
            visitor_role=plan["user"].role, notes=plan["notes"], latitude=lat, longitude=lon, location_status=status,
            distance_m=round(distance) if distance is not None else None, verdict=plan["verdict"],
            category_seen=seen, category_proposed=plan["proposed"],
            **{item: item in plan["checks"] for item in CHECKLIST},
        )  # fmt: skip
        visit._history_user = context.actor
        visit._change_reason = "Data demo (kopdes load_demo)"
        visit.save()
        context.counts["assessment_visits_created"] += 1
        first = first or plan["day"]
    return first


def load(context: DemoContext) -> None:
    """Needs the cooperatives and every lower app's demo (INSTALLED_APPS order puts this one after them)."""
    end = max(TODAY, timezone.localdate())  # the recomputation after each write reads up to the local today too
    if not Cooperative.objects.filter(village__code__startswith="64.02.").exists():
        context.messages.append("Penilaian: koperasi Kukar belum dimuat, dilewati.")
        return
    counts: dict[str, int] = {}

    def run(first: D) -> None:
        month = first
        while month <= end.replace(day=1):
            for code in REGENCIES:
                for key, n in services.assess_month(month=month, region_code=code, today=end).items():
                    counts[key] = counts.get(key, 0) + n
            month = (month + datetime.timedelta(days=32)).replace(day=1)

    run(LAUNCH)  # the visits note the category they saw …
    with transaction.atomic():
        first_visit = _visits(context, end)
    if first_visit:
        run(first_visit.replace(day=1))  # … and then count in the months they fall in
    context.counts["assessment_rows_created"] += counts.get("created", 0)
    context.counts["assessment_rows_updated"] += counts.get("updated", 0)
    kukar = month_counts(REGENCIES[0], end.replace(day=1))
    context.messages.append(
        f"Penilaian bulanan {LAUNCH:%Y-%m} s.d. {end:%Y-%m} (Kukar, Paser); Kukar {end:%Y-%m}: "
        + ", ".join(f"{key} {n}" for key, n in kukar.items())
    )
