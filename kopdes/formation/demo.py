"""The formation story of `kopdes load_demo`: Kalimantan Timur from the reports of spring 2025 to the day the demo
is loaded.

Up to 10 June 2025 the story is the seeds' (fixed dates): Paser's first musyawarah and its April circular, Kukar's
rakor report of 10 June 2025 (237 past the musyawarah khusus, 61 with akta and SK AHU). After it (see "After the
report" below) each cooperative moves on through the national launch of July 2025 and the Tenggarong partnership
event of 21 August 2025, short of Kukar's "all operating by 28 November 2025": dates fixed where the story fixes
them, relative to the load day where they must be recent (a few steps in the last seven days; steps younger than two
weeks still claimed, older ones verified with their documents, one akta rejected). Progress as of 10 June 2025
still reads as the report.

Every desa/kelurahan of province 64 gets its Koperasi Merah Putih, the other regencies at plausible stages.
Everything is derived from the village code (seeded `random.Random` per village, a second stream for the steps after
the report) and the load day, so two runs on the same day on two machines give the same data.

Why not the per-row services: registering ~1,000 cooperatives and ~15,000 milestones and officials one by one
takes minutes on SQLite. The rows are built in memory and bulk-created in one transaction instead, with the derived
columns computed by the same pure functions the services use (`derive_phase`, `governance_warnings`) and the
history rows written by `bulk_create_with_history`, so the result is what the services would have stored.

The demo logins (the personas of STYLE.md rule 11) are made here too: a pengurus login belongs to its cooperative
and a kepala desa login takes the name of the village's ketua pengawas, so they need this story's cooperatives, and
the later steps need them (mapping's overlap decision is taken by `dpmd.kukar`).

Idempotence: a village that already has a cooperative is left alone (with everything under it), targets are
matched on region, phase and due date, demo users are updated in place. A second run therefore writes nothing."""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import formats, timezone, translation
from simple_history.utils import bulk_create_with_history

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.cooperatives.choices import DocumentKind, Gender, Phase, Position, UnitStatus, VillageOffice
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import cooperative_kind_for, governance_warnings
from kopdes.cooperatives.services import default_cooperative_name
from kopdes.core.choices import BusinessCategory
from kopdes.core.devtools import DemoContext, DemoLogin
from kopdes.formation.choices import MilestoneKind, MilestoneStatus
from kopdes.formation.models import Milestone, Target
from kopdes.formation.rules import derive_phase
from kopdes.formation.services import target_create
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.demo import PROVINCE
from kopdes.regions.models import Region

D = datetime.date
K = MilestoneKind

DEMO_PASSWORD = "kopdes-demo-2025"
REPORT_DATE = D(2025, 6, 10)  # the Kukar report: the June plans below draw no date after it
CHANGE_REASON = "Data demo (kopdes load_demo)"

KUKAR = "64.02"
PASER = "64.01"
KUKAR_BADAN_HUKUM = 61  # cooperatives with their SK AHU in the Kukar report of 10 June 2025

# Kukar cooperatives shown further along: legal identifiers complete; the first two also run a sembako gerai.
KUKAR_OPERATING = ("64.02.06.2012", "64.02.06.1005")  # Rapak Lambur (desa), Melayu (kelurahan), kec. Tenggarong
KUKAR_LEGAL_COMPLETE = (*KUKAR_OPERATING, "64.02.16.2007", "64.02.03.2004", "64.02.05.2003")
# Kukar cooperatives whose board is incomplete, so that governance warnings show up (one in kec. Tenggarong).
KUKAR_INCOMPLETE_BOARD = ("64.02.06.1009", "64.02.05.2001", "64.02.03.2001")
# Paser: the villages that held the first Musyawarah Desa (regency meeting report).
PASER_FIRST_MUSDESUS = {
    "64.01.04.2002": "Janju",
    "64.01.01.2013": "Sungai Terik",
    "64.01.01.2014": "Kasungai",
    "64.01.03.2012": "Seniung Jaya",
    "64.01.06.2008": "Olung",
    "64.01.05.2008": "Kerta Bumi",
}
PASER_SOSIALISASI_SHARE = 40  # percent of the other Paser villages that have had the sosialisasi

PENGURUS_VILLAGE = KUKAR_OPERATING[0]
KADES_VILLAGE = "64.01.04.2002"  # Janju

TARGETS = (
    {
        "region": PASER,
        "phase": "badan_hukum",
        "count": 60,
        "due_date": D(2025, 6, 30),
        "expected_pct": 80,
        "note": "60 koperasi pada Juni, perkiraan capaian 80%",
    },
    {
        "region": KUKAR,
        "phase": "operasional",
        "count": 237,
        "due_date": D(2025, 11, 28),
        "note": "Seluruh 237 koperasi beroperasi penuh",
    },
    {
        "region": KUKAR,
        "phase": "legalitas_lengkap",
        "count": 200,
        "due_date": D(2026, 12, 31),
        "expected_pct": 85,
        "note": "Legalitas usaha lengkap (NIK, NIB, NPWP, rekening) untuk 200 koperasi akhir 2026",
    },
)

# ---------------------------------------------------------------------------------------------------------------
# Milestone date plans. Each step is (kind, prerequisite, minimum gap in days, earliest, latest); a date is drawn
# between max(earliest, prerequisite + gap) and latest. The windows are chosen so that every draw fits (checked),
# which keeps the order rules of formation.services.milestone_order_errors true by construction.

Step = tuple[str, str | None, int, datetime.date, datetime.date]
LEGAL_KINDS = (K.NIK_KOPERASI, K.NIB, K.NPWP, K.REKENING)


def _plan(sos: tuple[D, D], mus: tuple[D, D], akta: tuple[D, D], bh: tuple[D, D], legal: tuple[D, D]) -> list[Step]:
    return [
        (K.SOSIALISASI, None, 0, *sos),
        (K.MUSDESUS, K.SOSIALISASI, 3, *mus),
        (K.AKTA, K.MUSDESUS, 5, *akta),
        (K.BADAN_HUKUM, K.AKTA, 3, *bh),
        *[(kind, K.BADAN_HUKUM, 3, *legal) for kind in LEGAL_KINDS],
    ]


# Plans by the furthest stage reached: a cooperative that got further started earlier.
OTHER_PLANS: dict[str, list[Step]] = {
    "sosialisasi": [(K.SOSIALISASI, None, 0, D(2025, 3, 3), D(2025, 6, 6))],
    "musdesus": _plan((D(2025, 2, 17), D(2025, 4, 30)), (D(2025, 3, 1), D(2025, 6, 6)), *[(REPORT_DATE,) * 2] * 3),
    "akta": _plan(
        (D(2025, 2, 17), D(2025, 4, 10)),
        (D(2025, 3, 1), D(2025, 5, 5)),
        (D(2025, 3, 15), D(2025, 6, 6)),
        *[(REPORT_DATE,) * 2] * 2,
    ),
    "badan_hukum": _plan(
        (D(2025, 2, 10), D(2025, 3, 31)),
        (D(2025, 2, 20), D(2025, 4, 25)),
        (D(2025, 3, 10), D(2025, 5, 15)),
        (D(2025, 3, 25), D(2025, 6, 6)),
        (REPORT_DATE, REPORT_DATE),
    ),
    "legalitas": _plan(
        (D(2025, 2, 3), D(2025, 3, 14)),
        (D(2025, 2, 10), D(2025, 4, 4)),
        (D(2025, 3, 1), D(2025, 4, 20)),
        (D(2025, 3, 15), D(2025, 5, 6)),
        (D(2025, 4, 1), D(2025, 5, 31)),
    ),
}
OTHER_PLANS["operasional"] = OTHER_PLANS["legalitas"]

# Kukar: sosialisasi and musyawarah khusus in April–May 2025, everything reported by 10 June 2025.
KUKAR_PLANS: dict[str, list[Step]] = {
    "musdesus": _plan((D(2025, 4, 1), D(2025, 4, 25)), (D(2025, 4, 14), D(2025, 5, 31)), *[(REPORT_DATE,) * 2] * 3),
    "badan_hukum": _plan(
        (D(2025, 4, 1), D(2025, 4, 15)),
        (D(2025, 4, 8), D(2025, 5, 10)),
        (D(2025, 4, 20), D(2025, 5, 28)),
        (D(2025, 5, 5), D(2025, 6, 10)),
        (REPORT_DATE, REPORT_DATE),
    ),
    "legalitas": _plan(
        (D(2025, 4, 1), D(2025, 4, 8)),
        (D(2025, 4, 8), D(2025, 4, 20)),
        (D(2025, 4, 15), D(2025, 4, 30)),
        (D(2025, 4, 25), D(2025, 5, 16)),
        (D(2025, 5, 10), D(2025, 6, 5)),
    ),
}
KUKAR_PLANS["operasional"] = KUKAR_PLANS["legalitas"]

# Paser: the first six musyawarah early in 2025; sosialisasi elsewhere in the spring.
PASER_PLANS: dict[str, list[Step]] = {
    "sosialisasi": [(K.SOSIALISASI, None, 0, D(2025, 3, 3), D(2025, 6, 6))],
    "musdesus": _plan((D(2025, 1, 6), D(2025, 1, 24)), (D(2025, 1, 15), D(2025, 2, 28)), *[(REPORT_DATE,) * 2] * 3),
}

# Milestones reached at each stage, in order (the legal identifiers all come with "legalitas").
STAGE_KINDS = {
    "none": (),
    "sosialisasi": (K.SOSIALISASI,),
    "musdesus": (K.SOSIALISASI, K.MUSDESUS),
    "akta": (K.SOSIALISASI, K.MUSDESUS, K.AKTA),
    "badan_hukum": (K.SOSIALISASI, K.MUSDESUS, K.AKTA, K.BADAN_HUKUM),
    "legalitas": (K.SOSIALISASI, K.MUSDESUS, K.AKTA, K.BADAN_HUKUM, *LEGAL_KINDS),
    "operasional": (K.SOSIALISASI, K.MUSDESUS, K.AKTA, K.BADAN_HUKUM, *LEGAL_KINDS),
}


def _draw(rng: random.Random, low: D, high: D) -> D:
    return low + datetime.timedelta(days=rng.randint(0, (high - low).days))


def _milestone_dates(rng: random.Random, plan: list[Step], kinds: tuple[str, ...]) -> dict[str, D]:
    dates: dict[str, D] = {}
    for kind, after, gap, earliest, latest in plan:
        if kind not in kinds:
            continue
        low = earliest
        if after is not None and after in dates:
            low = max(low, dates[after] + datetime.timedelta(days=gap))
        high = min(latest, REPORT_DATE)
        if low > high:  # a plan whose windows do not fit is a bug in this module, not bad luck
            raise AssertionError(f"demo date plan for {kind} does not fit: {low} > {high}")
        dates[kind] = _draw(rng, low, high)
    return dates


# ---------------------------------------------------------------------------------------------------------------
# People. Names are common in Kalimantan Timur (Kutai, Banjar, Bugis, Javanese, Dayak); NIKs follow the real
# layout: province, regency, kecamatan (6 digits), birth date DDMMYY (women: day + 40), a 4-digit serial.

MALE_NAMES = (  # noqa: SIM905 (word lists read better as text)
    "Ahmad Muhammad Abdul Agus Budi Hendra Rudi Syamsul Rahmat Yusuf Arif Hasan Iwan Joko Slamet Supriadi "
    "Darmawan Irwansyah Fajar Rizky Andi Aji Awang Baharuddin Jumadi Kaharuddin Masdar Nasrullah Ruslan Sudirman "
    "Taufik Wahyu Zainal Imam Heri Edi Dedi Sugeng Petrus Yohanes Stefanus Markus Ismail Muslimin Syahrani "
    "Hamdani Jailani Gusti Suriansyah Ridwan Asmuni Bambang"
).split()
MALE_SURNAMES = (  # noqa: SIM905 (word lists read better as text)
    "Saputra Hidayat Rahman Syahputra Pratama Wijaya Kurniawan Setiawan Hamzah Ramadhan Nurdin Arifin Effendi "
    "Gunawan Prasetyo Santoso Susanto Firmansyah Hakim Maulana Yahya Gani Halim Mulyadi Kasim Sulaiman Anwar "
    "Lahang Ibrahim Noor"
).split()
FEMALE_NAMES = (  # noqa: SIM905 (word lists read better as text)
    "Siti Nur Dewi Sri Fitri Aisyah Yuliana Rina Ratna Dayang Nurul Wahyuni Lilis Endang Yanti Rosita Marlina "
    "Herlina Erna Kartini Maria Agustina Rahma Sulastri Suryani Indah Mega Novi Putri Ernawati Norhayati Rusmini"
).split()
FEMALE_SURNAMES = (  # noqa: SIM905 (word lists read better as text)
    "Wulandari Handayani Rahayu Safitri Puspitasari Anggraini Permatasari Lestari Maulida Fitriani Rahmawati "
    "Hasanah Nurhayati Kusumawati Susanti Pertiwi Astuti Purnamasari Oktaviani Yulianti"
).split()

# Share of women (percent) by position: a realistic mix rather than an even split.
WOMEN_PCT = {
    Position.KETUA: 15,
    Position.WAKIL_KETUA_USAHA: 25,
    Position.WAKIL_KETUA_ANGGOTA: 30,
    Position.SEKRETARIS: 50,
    Position.BENDAHARA: 60,
    Position.PENGAWAS_KETUA: 10,
    Position.PENGAWAS: 30,
}
FULL_BOARD = (
    Position.KETUA,
    Position.WAKIL_KETUA_USAHA,
    Position.WAKIL_KETUA_ANGGOTA,
    Position.SEKRETARIS,
    Position.BENDAHARA,
    Position.PENGAWAS_KETUA,
    Position.PENGAWAS,
    Position.PENGAWAS,
)
# Incomplete boards, so that warnings show up: 4 pengurus; 4 pengurus and 2 pengawas; 3 pengurus.
INCOMPLETE_BOARDS = (
    tuple(p for p in FULL_BOARD if p != Position.WAKIL_KETUA_ANGGOTA),
    (*FULL_BOARD[:2], *FULL_BOARD[3:7]),
    (Position.KETUA, Position.SEKRETARIS, Position.BENDAHARA, *FULL_BOARD[5:]),
)

NOTARIES = (
    "Rina Marlina, S.H., M.Kn.",
    "Muhammad Iqbal Hasan, S.H., M.Kn.",
    "Dewi Kartika Sari, S.H., M.Kn.",
    "Andi Syahrul Ramadhan, S.H., M.Kn.",
    "Yohanes Lahang, S.H., M.Kn.",
    "Siti Noor Aini, S.H., M.Kn.",
)
BANKS = ("BRI", "Bank Mandiri", "BNI", "BSI")


def _person(rng: random.Random, woman: bool) -> str:
    if woman:
        return f"{rng.choice(FEMALE_NAMES)} {rng.choice(FEMALE_SURNAMES)}"
    if rng.random() < 0.15:  # many Indonesians have one name
        return rng.choice(MALE_NAMES)
    return f"{rng.choice(MALE_NAMES)} {rng.choice(MALE_SURNAMES)}"


def _nik(rng: random.Random, village_code: str, woman: bool, serial: int) -> str:
    province, regency, district, _village = village_code.split(".")
    birth = D(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 40 * 365))
    day = birth.day + (40 if woman else 0)
    return f"{province}{regency}{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10_000:04d}"


def _board(
    rng: random.Random, village_code: str, village_index: int, positions: tuple[str, ...], since: D
) -> list[Official]:
    """Officials elected at the musyawarah; the kepala desa/lurah is ketua pengawas ex officio. The NIK serial
    (village index in its kecamatan, then seat) keeps NIKs unique across the demo."""
    officials = []
    for seat, position in enumerate(positions, start=1):
        woman = rng.randrange(100) < WOMEN_PCT[position]
        officials.append(
            Official(
                # The chair's mobile number, for the camat's list (from the code: no draw from the June stream).
                phone=f"08{11 + _hash(village_code, 'phone') % 89}{_hash(village_code, 'line') % 10**8:08d}"
                if position == Position.KETUA
                else "",
                name=_person(rng, woman),
                nik=_nik(rng, village_code, woman, village_index * 100 + seat),
                gender=Gender.P if woman else Gender.L,
                position=position,
                village_office=VillageOffice.KEPALA_DESA if position == Position.PENGAWAS_KETUA else "",
                term_start=since,
            )
        )
    return officials


# ---------------------------------------------------------------------------------------------------------------
# Stages: Kukar and Paser follow their regency reports, the other regencies a spread drawn from the village code.


def _hash(code: str, salt: str) -> int:
    return int(hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()[:12], 16)


def _other_stage(code: str) -> str:
    h = _hash(code, "stage") % 100
    for limit, stage in ((4, "none"), (10, "sosialisasi"), (62, "musdesus"), (72, "akta"), (91, "badan_hukum")):
        if h < limit:
            return stage
    return "legalitas" if h < 97 else "operasional"


def _kukar_stages(codes: list[str]) -> dict[str, str]:
    """All 237 past the musyawarah; 61 with akta and SK AHU (the showcase five first, the rest by hash)."""
    stages = dict.fromkeys(codes, "musdesus")
    rest = sorted(
        (c for c in codes if c not in KUKAR_LEGAL_COMPLETE and c not in KUKAR_INCOMPLETE_BOARD),
        key=lambda c: _hash(c, "kukar"),
    )
    for code in rest[: KUKAR_BADAN_HUKUM - len(KUKAR_LEGAL_COMPLETE)]:
        stages[code] = "badan_hukum"
    for code in KUKAR_LEGAL_COMPLETE:
        stages[code] = "operasional" if code in KUKAR_OPERATING else "legalitas"
    return stages


def _paser_stage(code: str) -> str:
    if code in PASER_FIRST_MUSDESUS:
        return "musdesus"
    return "sosialisasi" if _hash(code, "paser") % 100 < PASER_SOSIALISASI_SHARE else "none"


# ---------------------------------------------------------------------------------------------------------------
# After the report, up to the day the demo is loaded. Kukar: akta and SK AHU for the rest from mid-June 2025, the
# national launch of July 2025, gerai opening from the Tenggarong partnership event of 21 August 2025, short of the
# "all 237 operating by 28 November 2025" target. Paser: the April 2025 circular's musyawarah after the first six,
# then the same road, later. Elsewhere: each cooperative some steps further. Windows end before the load day, and
# a few cooperatives' latest step falls in its last seven days, so "what changed this week" has something to say.

STAGES = ("none", "sosialisasi", "musdesus", "akta", "badan_hukum", "legalitas", "operasional")
NATIONAL_LAUNCH = D(2025, 7, 21)
TENGGARONG_PARTNERSHIP = D(2025, 8, 21)
RECENT_DAYS = 7  # "what changed in the last 7 days"
REVIEW_DAYS = 14  # the office verifies most steps within two weeks; steps younger than a week are still claimed
# (earliest, latest) of each step after the report; the latest is also bounded by the load day.
Window = tuple[D, D]
KUKAR_LATER: dict[str, Window] = {
    K.AKTA: (D(2025, 6, 16), D(2025, 11, 30)),
    K.BADAN_HUKUM: (D(2025, 6, 23), D(2026, 2, 28)),
    "legal": (D(2025, 7, 1), D(2026, 8, 31)),
    K.OPERASIONAL: (TENGGARONG_PARTNERSHIP, D(9999, 1, 1)),
}
PASER_LATER: dict[str, Window] = {
    K.SOSIALISASI: (D(2025, 6, 16), D(2025, 8, 31)),
    K.MUSDESUS: (D(2025, 6, 23), D(2025, 10, 31)),
    K.AKTA: (NATIONAL_LAUNCH, D(2026, 3, 31)),
    K.BADAN_HUKUM: (D(2025, 8, 15), D(2026, 6, 30)),
    "legal": (D(2025, 9, 1), D(2026, 10, 31)),
    K.OPERASIONAL: (D(2026, 1, 15), D(9999, 1, 1)),
}
OTHER_LATER: dict[str, Window] = {
    K.SOSIALISASI: (D(2025, 6, 11), D(2025, 9, 30)),
    K.MUSDESUS: (D(2025, 6, 15), D(2025, 11, 30)),
    K.AKTA: (D(2025, 7, 1), D(2026, 4, 30)),
    K.BADAN_HUKUM: (D(2025, 7, 10), D(2026, 7, 31)),
    "legal": (D(2025, 8, 1), D(2026, 10, 31)),
    K.OPERASIONAL: (D(2025, 9, 1), D(9999, 1, 1)),
}
# Minimum days after the step each one follows.
LATER_GAPS = {K.SOSIALISASI: 0, K.MUSDESUS: 3, K.AKTA: 5, K.BADAN_HUKUM: 7, "legal": 5, K.OPERASIONAL: 7}
# The stage each cooperative has reached today, by the hash of its code: (share below which, stage).
KUKAR_NOW_FROM_MUSDESUS = ((7, "musdesus"), (12, "akta"), (45, "badan_hukum"), (70, "legalitas"))
KUKAR_NOW_FROM_BADAN_HUKUM = ((15, "badan_hukum"), (50, "legalitas"))
PASER_NOW = ((5, "sosialisasi"), (25, "musdesus"), (45, "akta"), (75, "badan_hukum"), (90, "legalitas"))
# One Kukar akta the office rejected (notary's name not matching), not yet recorded again: a cooperative stuck.
REJECTED_NOTE = "Nama notaris pada akta tidak sesuai salinan; catat ulang dengan akta perbaikan."


def _now_stage(code: str, june: str, kukar_held_back: bool) -> str:
    h = _hash(code, "now") % 100
    if code.startswith(f"{KUKAR}."):
        if kukar_held_back:  # an incomplete board holds the cooperative at its musyawarah
            return june
        table = {"musdesus": KUKAR_NOW_FROM_MUSDESUS, "badan_hukum": KUKAR_NOW_FROM_BADAN_HUKUM}.get(june)
        if table is None:  # the five further along: the three not yet operating open their gerai, most of them
            return "operasional" if june == "operasional" or h < 70 else june
    elif code.startswith(f"{PASER}."):
        table = PASER_NOW
        if code in PASER_FIRST_MUSDESUS:
            h = max(h, 25)  # the first six got at least their akta
    else:  # elsewhere each cooperative is 0-3 stages further than in June
        return STAGES[min(len(STAGES) - 1, STAGES.index(june) + h % 4)]
    stage = next((stage for limit, stage in table if h < limit), "operasional")
    return stage if STAGES.index(stage) >= STAGES.index(june) else june


def _continue(code: str, june: str, dates: dict[str, D], today: D, held_back: bool) -> tuple[str, dict[str, D]]:
    """The June dates plus the later steps up to today's stage, each drawn in its window after the step it follows
    (so the order rules hold); a step whose window has not opened by the load day is not reached yet."""
    later = KUKAR_LATER if code.startswith(f"{KUKAR}.") else PASER_LATER if code.startswith(f"{PASER}.") else None
    later = later or OTHER_LATER
    target = _now_stage(code, june, held_back)
    rng = random.Random(f"kopdes-demo-later:{code}")
    dates = dict(dates)
    reached = june
    last_day = today - datetime.timedelta(days=RECENT_DAYS + 1)
    for stage in STAGES[STAGES.index(june) + 1 : STAGES.index(target) + 1]:
        kinds = STAGE_KINDS[stage][len(STAGE_KINDS[reached]) :] if stage != "operasional" else (K.OPERASIONAL,)
        new: dict[str, D] = {}
        for kind in kinds:
            window = later["legal" if kind in LEGAL_KINDS else kind]
            gap = LATER_GAPS["legal" if kind in LEGAL_KINDS else kind]
            after = DEPENDS_ON_DEMO.get(kind)
            low = max(window[0], REPORT_DATE + datetime.timedelta(days=1))
            if after in dates:
                low = max(low, dates[after] + datetime.timedelta(days=gap))
            if kind == K.OPERASIONAL:
                low = max([low, *(dates[k] + datetime.timedelta(days=gap) for k in LEGAL_KINDS)])
            high = min(window[1], last_day)
            if low > high:
                return reached, dates
            new[kind] = _draw(rng, low, high)
        dates.update(new)
        reached = stage
    if reached != june and _hash(code, "recent") % 100 < 6:
        # This week's news: the latest step is recorded in the last seven days.
        kind = max((k for k in dates), key=lambda k: (dates[k], k))
        dates[kind] = max(dates[kind], today - datetime.timedelta(days=_hash(code, "day") % RECENT_DAYS))
    return reached, dates


DEPENDS_ON_DEMO = {
    K.MUSDESUS: K.SOSIALISASI,
    K.AKTA: K.MUSDESUS,
    K.BADAN_HUKUM: K.AKTA,
    **dict.fromkeys(LEGAL_KINDS, K.BADAN_HUKUM),
    K.OPERASIONAL: K.BADAN_HUKUM,
}

# Evidence: one small placeholder PDF stands for every uploaded document of the demo.
DOCUMENT_NAME = "documents/demo/dokumen-contoh-demo.pdf"
DOCUMENT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    b"endobj\n4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 760 Td (Dokumen contoh - data demo Kopdes) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCUMENT_KINDS = {K.MUSDESUS: DocumentKind.BERITA_ACARA, K.AKTA: DocumentKind.AKTA, K.BADAN_HUKUM: DocumentKind.SK_AHU}
DOCUMENT_TITLES = {
    K.MUSDESUS: "Berita acara musyawarah desa khusus",
    K.AKTA: "Akta pendirian koperasi",
    K.BADAN_HUKUM: "SK pengesahan badan hukum (AHU)",
}


def _review(code: str, milestones: list[Milestone], actor: User, today: D) -> list[tuple[Document, Milestone]]:
    """What the office did with the steps: most steps older than two weeks are verified a few days after their date
    (musyawarah, akta and SK with their document uploaded); younger ones are claimed, some still without their
    document ("missing evidence"); one Kukar akta was rejected. Returns the documents to create, by milestone."""
    documents = []
    zone = timezone.get_current_timezone()
    for milestone in milestones:
        h = _hash(f"{code}:{milestone.kind}", "review") % 100
        age = (today - milestone.date).days
        document_kind = DOCUMENT_KINDS.get(milestone.kind)
        # Older than two weeks: mostly verified a few days after the date. One to two weeks old: some verified
        # this week, the rest waiting. Younger: claimed.
        verified = (age >= REVIEW_DAYS and h < 92) or (RECENT_DAYS <= age < REVIEW_DAYS and h < 60)
        if document_kind is not None and (verified or h < 60):
            documents.append(
                (
                    Document(
                        kind=document_kind,
                        title=DOCUMENT_TITLES[milestone.kind],
                        file=DOCUMENT_NAME,
                        original_name=f"{document_kind}-{code}.pdf",
                        content_type="application/pdf",
                        size=len(DOCUMENT_PDF),
                        sha256=hashlib.sha256(DOCUMENT_PDF).hexdigest(),
                        uploaded_by=actor,
                    ),
                    milestone,
                )
            )
        if verified:
            if age >= REVIEW_DAYS:
                reviewed = min(milestone.date + datetime.timedelta(days=3 + h % 9), today - datetime.timedelta(days=1))
            else:
                reviewed = max(milestone.date, today - datetime.timedelta(days=1 + h % (RECENT_DAYS - 1)))
            milestone.status = MilestoneStatus.VERIFIED
            milestone.verified_by = actor
            milestone.verified_at = datetime.datetime.combine(reviewed, datetime.time(10, h % 60), tzinfo=zone)
    return documents


def _reject_one_akta(planned: list[_Planned], today: D) -> None:
    """The Kukar akta recorded after the report that the office rejected: the first by hash among those whose story
    ends at the akta (so nothing later depends on it)."""
    candidates = [
        item
        for item in planned
        if item.cooperative.village_id.startswith(f"{KUKAR}.")
        and item.cooperative.phase == Phase.AKTA
        and any(m.kind == K.AKTA and m.date > REPORT_DATE for m in item.milestones)
    ]
    if not candidates:
        return
    item = min(candidates, key=lambda i: _hash(i.cooperative.village_id, "rejected"))
    akta = next(m for m in item.milestones if m.kind == K.AKTA)
    akta.status = MilestoneStatus.REJECTED
    akta.note = REJECTED_NOTE
    akta.rejected_on = min(akta.date + datetime.timedelta(days=20), today)
    akta.verified_by = akta.recorded_by
    akta.verified_at = datetime.datetime.combine(
        akta.rejected_on, datetime.time(9), tzinfo=timezone.get_current_timezone()
    )
    item.cooperative.phase = derive_phase((m.kind for m in item.milestones if m.is_reached), False)


def _placeholder_document() -> None:
    if not default_storage.exists(DOCUMENT_NAME):
        default_storage.save(DOCUMENT_NAME, ContentFile(DOCUMENT_PDF))


# ---------------------------------------------------------------------------------------------------------------


@dataclass
class _Planned:
    cooperative: Cooperative
    officials: list[Official]
    milestones: list[Milestone]
    units: list[BusinessUnit]
    documents: list[tuple[Document, Milestone]]


def _plan_cooperative(
    village: tuple[str, str, str],
    stage: str,
    plans: dict[str, list[Step]],
    *,
    village_index: int,
    province_index: int,
    incomplete_board: int | None,
    actor: User,
    today: D,
) -> _Planned:
    code, name, kind = village
    rng = random.Random(f"kopdes-demo:{code}")
    kinds = STAGE_KINDS[stage]
    dates = _milestone_dates(rng, plans[stage], kinds) if kinds else {}
    june_stage = stage
    # After the report: a stream of its own, so the June story above draws exactly what it always drew.
    stage, dates = _continue(code, stage, dates, today, incomplete_board is not None and code.startswith(f"{KUKAR}."))

    region = Region(code=code, name=name, kind=kind)
    cooperative = Cooperative(
        village_id=code,
        name=default_cooperative_name(region),
        kind=cooperative_kind_for(kind),
        address=f"{'Kantor Kelurahan' if kind == RegionKind.KELURAHAN else 'Balai Desa'} {name}",
    )
    # Identifiers come from the village's position in the province, so they are unique and stable.
    if K.AKTA in dates:
        cooperative.notary = NOTARIES[_hash(code[:8], "notary") % len(NOTARIES)]
        cooperative.akta_number = str(_hash(code, "akta") % 60 + 1)
    if K.BADAN_HUKUM in dates:
        cooperative.sk_ahu_number = f"AHU-{10_000 + 7 * province_index:07d}.AH.01.29.TAHUN 2025"
    if K.NIK_KOPERASI in dates:
        cooperative.nik_koperasi = code.replace(".", "") + f"25{province_index:04d}"
        cooperative.nib = f"9120{5_000_000 + 13 * province_index:09d}"
        serial = f"{70_000_000 + 37 * province_index:09d}"
        cooperative.npwp = f"{serial[:2]}.{serial[2:5]}.{serial[5:8]}.{serial[8]}-726.000"
        cooperative.bank_name = BANKS[province_index % len(BANKS)]
        cooperative.bank_account = (
            f"{4400 + province_index % 97:04d}-01-{100_000 + province_index:06d}-50-{rng.randint(1, 9)}"
        )

    officials: list[Official] = []
    if K.MUSDESUS in dates:
        positions = FULL_BOARD if incomplete_board is None else INCOMPLETE_BOARDS[incomplete_board]
        officials = _board(rng, code, village_index, positions, dates[K.MUSDESUS])

    units: list[BusinessUnit] = []
    if stage == "operasional":
        if june_stage == "operasional":
            since = max(dates[k] for k in LEGAL_KINDS) + datetime.timedelta(days=1)
            since = min(since, REPORT_DATE)
        else:
            since = dates[K.OPERASIONAL]
        units.append(
            BusinessUnit(
                category=BusinessCategory.SEMBAKO,
                name=f"Gerai Sembako {name}",
                status=UnitStatus.BEROPERASI,
                since=since,
            )
        )
        units.append(BusinessUnit(category=BusinessCategory.APOTEK, name=f"Apotek {name}"))
        dates[K.OPERASIONAL] = since
    elif stage == "legalitas":
        units.append(
            BusinessUnit(category=BusinessCategory.SEMBAKO, name=f"Gerai Sembako {name}", status=UnitStatus.PEMBANGUNAN)
        )

    notes = {
        K.MUSDESUS: "Berita acara musyawarah khusus",
        K.AKTA: f"Akta nomor {cooperative.akta_number}, notaris {cooperative.notary}",
        K.BADAN_HUKUM: cooperative.sk_ahu_number or "",
    }
    milestones = [
        Milestone(kind=kind, date=date, note=notes.get(kind, ""), recorded_by=actor) for kind, date in dates.items()
    ]
    documents = _review(code, milestones, actor, today)
    operating = any(unit.status == UnitStatus.BEROPERASI for unit in units)
    cooperative.phase = derive_phase((m.kind for m in milestones if m.is_reached), operating)
    # As the services count it: a cooperative without a recorded board fails the board rules too.
    cooperative.warning_count = len(governance_warnings(officials))
    return _Planned(cooperative, officials, milestones, units, documents)


def _free(value: str | None, taken: set[str]) -> str | None:
    """A generated identifier unless someone already uses it (the unique constraints would refuse the load)."""
    return None if value is None or value in taken else value


def _create_cooperatives(context: DemoContext, actor: User, today: D) -> None:
    villages = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{PROVINCE}.")
        .order_by("code")
        .values_list("code", "name", "kind")
    )
    existing = set(
        Cooperative.objects.filter(village__code__startswith=f"{PROVINCE}.").values_list("village_id", flat=True)
    )
    context.counts["cooperatives_kept"] += len(existing)
    kukar_stages = _kukar_stages([v[0] for v in villages if v[0].startswith(f"{KUKAR}.")])
    taken = {
        field: set(Cooperative.objects.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True))
        for field in ("sk_ahu_number", "nik_koperasi", "nib", "npwp")
    }

    planned: list[_Planned] = []
    index_in_district: dict[str, int] = defaultdict(int)
    for province_index, village in enumerate(villages):
        code = village[0]
        district = code[:8]
        index_in_district[district] += 1
        if code in existing:
            continue
        incomplete = None
        if code.startswith(f"{KUKAR}."):
            stage, plans = kukar_stages[code], KUKAR_PLANS
            if code in KUKAR_INCOMPLETE_BOARD:
                incomplete = KUKAR_INCOMPLETE_BOARD.index(code)
        elif code.startswith(f"{PASER}."):
            stage, plans = _paser_stage(code), PASER_PLANS
        else:
            stage, plans = _other_stage(code), OTHER_PLANS
            if _hash(code, "board") % 100 < 4:  # a few boards elsewhere are incomplete too
                incomplete = _hash(code, "board") % len(INCOMPLETE_BOARDS)
        item = _plan_cooperative(
            village,
            stage,
            plans,
            village_index=index_in_district[district],
            province_index=province_index,
            incomplete_board=incomplete,
            actor=actor,
            today=today,
        )
        for field_name, values in taken.items():
            setattr(item.cooperative, field_name, _free(getattr(item.cooperative, field_name), values))
        planned.append(item)
    if not planned:
        return
    _reject_one_akta(planned, today)

    common = {"batch_size": 1000, "default_user": actor, "default_change_reason": CHANGE_REASON}
    cooperatives = bulk_create_with_history([p.cooperative for p in planned], Cooperative, **common)
    officials, milestones, units, documents = [], [], [], []
    for item, cooperative in zip(planned, cooperatives, strict=True):
        for row in (*item.officials, *item.milestones, *item.units, *(d for d, _m in item.documents)):
            row.cooperative_id = cooperative.pk
        officials += item.officials
        milestones += item.milestones
        units += item.units
        documents += item.documents
    if documents:
        _placeholder_document()
        created = bulk_create_with_history([d for d, _m in documents], Document, **common)
        for document, (_d, milestone) in zip(created, documents, strict=True):
            milestone.document_id = document.pk
    bulk_create_with_history(officials, Official, **common)
    bulk_create_with_history(milestones, Milestone, **common)
    bulk_create_with_history(units, BusinessUnit, **common)
    context.counts["cooperatives_created"] += len(cooperatives)
    context.counts["officials_created"] += len(officials)
    context.counts["milestones_created"] += len(milestones)
    context.counts["units_created"] += len(units)
    context.counts["documents_created"] += len(documents)


def _create_targets(context: DemoContext, actor: User) -> None:
    for spec in TARGETS:
        spec = dict(spec)
        region = Region.objects.get(code=spec.pop("region"))
        if Target.objects.filter(region=region, phase=spec["phase"], due_date=spec["due_date"]).exists():
            continue
        target_create(actor=actor, region=region, **spec)
        context.counts["targets_created"] += 1


def _region_label(region: Region | None) -> str:
    if region is None:
        return "Nasional (semua wilayah)"
    label = {
        RegionLevel.PROVINCE: "Provinsi",
        RegionLevel.DISTRICT: "Kecamatan",
    }.get(region.level, "")
    if region.level == RegionLevel.VILLAGE:
        label = region.get_kind_display()
    return f"{label} {region.name} ({region.code})".strip()


def _demo_users() -> list[dict]:
    """The personas of STYLE.md rule 11, as logins for trying the system."""
    tenggarong = Region.objects.get(parent_id=KUKAR, level=RegionLevel.DISTRICT, name="Tenggarong")
    pengurus_coop = Cooperative.objects.select_related("village").get(village_id=PENGURUS_VILLAGE)
    ketua = pengurus_coop.officials.filter(position=Position.KETUA).first()
    kades = Official.objects.filter(cooperative__village_id=KADES_VILLAGE, position=Position.PENGAWAS_KETUA).first()
    pengurus_username = "pengurus." + "".join(ch for ch in pengurus_coop.village.name.lower() if ch.isalnum())
    return [
        {"username": "admin", "role": Role.ADMIN, "region": None, "name": "Administrator sistem", "superuser": True},
        {"username": "admin.nasional", "role": Role.ADMIN, "region": None, "name": "Admin Nasional"},
        {"username": "dinkop.kukar", "role": Role.ADMIN, "region": KUKAR, "name": "Dinas Koperasi & UKM Kukar"},
        {"username": "dinkop.paser", "role": Role.ADMIN, "region": PASER, "name": "Dinas Koperasi & UKM Paser"},
        {"username": "camat.tenggarong", "role": Role.CAMAT, "region": tenggarong.code, "name": "Camat Tenggarong"},
        {
            "username": pengurus_username,
            "role": Role.PENGURUS,
            "cooperative": pengurus_coop,
            "name": ketua.name if ketua else f"Pengurus {pengurus_coop.name}",
        },
        {"username": "bupati.kukar", "role": Role.PIMPINAN, "region": KUKAR, "name": "Bupati Kutai Kartanegara"},
        {
            "username": "kades.janju",
            "role": Role.KEPALA_DESA,
            "region": KADES_VILLAGE,
            "name": kades.name if kades else "Kepala Desa Janju",
        },
        {"username": "dpmd.kukar", "role": Role.DPMD, "region": KUKAR, "name": "DPMD Kutai Kartanegara"},
    ]


def _upsert_users(context: DemoContext) -> None:
    specs = _demo_users()
    users = {u.username: u for u in User.objects.filter(username__in=[s["username"] for s in specs])}
    # Hash the password once per run (PBKDF2 is slow on purpose); keep the stored hash when it still matches,
    # so that a second run writes nothing.
    password_hash = next(
        (u.password for u in users.values() if u.password and check_password(DEMO_PASSWORD, u.password)), None
    ) or make_password(DEMO_PASSWORD)
    regions = Region.objects.in_bulk([s["region"] for s in specs if s.get("region")])
    for spec in specs:
        superuser = spec.get("superuser", False)
        wanted = {
            "first_name": spec["name"][:150],
            "last_name": "",
            "role": spec["role"],
            "region_id": spec.get("region"),
            "cooperative_id": spec["cooperative"].pk if spec.get("cooperative") else None,
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        }
        user = users.get(spec["username"])
        if user is None:
            User.objects.create(username=spec["username"], password=password_hash, **wanted)
            context.counts["users_created"] += 1
        else:
            if user.password != password_hash and not check_password(DEMO_PASSWORD, user.password):
                wanted["password"] = password_hash
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            if changed:
                for name in changed:
                    setattr(user, name, wanted[name])
                user.save(update_fields=changed)
                context.counts["users_updated"] += 1
        if spec.get("cooperative"):
            scope = spec["cooperative"].name
        elif superuser:
            scope = "Semua (juga /admin/)"
        else:
            scope = _region_label(regions.get(spec.get("region")))
        context.logins.append(DemoLogin(spec["username"], str(Role(spec["role"]).label), scope))
    context.password = DEMO_PASSWORD


def load(context: DemoContext) -> None:
    """The cooperatives at their stage (with boards, milestones and gerai), the regency targets and the demo logins.
    Needs the regions and the history user of the steps before it (regions, accounts)."""
    today = timezone.localdate()
    _create_cooperatives(context, context.actor, today)
    _create_targets(context, context.actor)
    _upsert_users(context)
    counts = context.counts
    if counts["cooperatives_created"]:
        with translation.override("id"):
            report_date, load_date = formats.date_format(REPORT_DATE), formats.date_format(today)
        context.messages.append(
            f"Data demo dari rakor {report_date} sampai {load_date}: {counts['cooperatives_created']} koperasi baru, "
            f"{counts['milestones_created']} tahapan, {counts['documents_created']} dokumen, "
            f"{counts['officials_created']} pengurus/pengawas, {counts['units_created']} gerai, "
            f"{counts['targets_created']} target."
        )
    else:
        context.messages.append(
            f"Data demo sudah ada ({counts['cooperatives_kept']} koperasi di Kalimantan Timur); tidak ada yang diubah."
        )
