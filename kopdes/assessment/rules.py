"""The scoring rule, as pure functions: a cooperative's evidence of the last 90 days (`Evidence`, gathered by the
selectors for many cooperatives at once) and a regency's weights give each indicator its points with the evidence
in words, the evidence that is missing, a score 0–100 and a category. Table-driven: each indicator is one function
giving a share in [0, 1] of its weight; the weights live in the regency's settings table.

Adding evidence (a sale, a paying member, a trained official, a gerai that opens, a better visit) never lowers a
score: every share is non-decreasing in the evidence (tests/test_rules.py checks it with hypothesis)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.assessment.choices import (
    CHECKLIST,
    DEFAULT_WEIGHTS,
    EVIDENCE_DAYS,
    INDICATORS,
    RAT_MONTHS,
    THRESHOLDS,
    Category,
    Indicator,
    LocationStatus,
)

MEMBERS_FULL = 20  # members for the full members' share
SALES_DAYS_FULL = 30  # days with sales in 90 days for the full sales' share


@dataclass(frozen=True)
class Evidence:
    """What Kopdes knows of one cooperative on `day` (the end of the assessed month, or today in the current one),
    over the 90 days up to it."""

    day: datetime.date
    legal_on: datetime.date | None = None  # SK badan hukum (None: not yet legally formed)
    gerai_operating: int = 0
    gerai_other: int = 0  # planned, being built or stopped
    sales_days: int = 0
    sales_rp: int = 0
    sales_prev_rp: int = 0  # the 90 days before, for the trend
    last_sale: datetime.date | None = None
    members: int = 0
    members_new: int = 0
    wajib_payers: int = 0  # members who paid simpanan wajib in the window
    reports_due: int | None = None  # None: no report evidence available in Kopdes
    reports_on_time: int = 0
    officials: int = 0
    trained_dasar: int = 0
    trained_madya: int = 0
    board_warnings: int = 0
    rat_on: datetime.date | None = None  # the latest RAT held on or before `day`
    partnership_active: bool = False
    financing_active: bool = False
    visit_on: datetime.date | None = None  # the latest field visit on or before `day`
    visit_checks: int = 0  # checklist items found true at that visit

    @property
    def start(self) -> datetime.date:
        return self.day - datetime.timedelta(days=EVIDENCE_DAYS - 1)


@dataclass(frozen=True)
class Reason:
    indicator: str
    points: float
    max_points: int
    evidence: str


@dataclass(frozen=True)
class Result:
    score: int | None
    category: str
    reasons: list[Reason] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "score": self.score,
            "category": self.category,
            "reasons": [
                {"indicator": r.indicator, "points": r.points, "max": r.max_points, "evidence": r.evidence}
                for r in self.reasons
            ],
            "missing": list(self.missing),
        }


def day_text(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def rupiah_text(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def month_end(month: datetime.date, today: datetime.date) -> datetime.date:
    """The day a month's assessment reads up to: its last day, or today in the current month."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return min(following - datetime.timedelta(days=1), today)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = (datetime.date(year, month + 1, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(1)
    return datetime.date(year, month + 1, min(day.day, last.day))


def rat_due(legal_on: datetime.date | None, day: datetime.date) -> bool:
    """A RAT is expected once a book year has ended since the cooperative became legal and the six months after
    that year's end (when the RAT is normally held) have passed."""
    if legal_on is None:
        return False
    first_year_end = datetime.date(legal_on.year, 12, 31)
    return day >= datetime.date(first_year_end.year + 1, 6, 30)


# --- one function per indicator: (share in [0, 1], evidence in words, missing evidence or "") ------------------


Share = tuple[float, str, list[str]]


def _gerai(e: Evidence) -> Share:
    if e.gerai_operating:
        return 1.0, _("%(n)d gerai beroperasi") % {"n": e.gerai_operating}, []
    if e.gerai_other:
        return (
            0.0,
            _("gerai belum beroperasi"),
            [_("%(n)d gerai tercatat, belum ada yang beroperasi") % {"n": e.gerai_other}],
        )
    return 0.0, _("belum ada gerai"), [_("belum ada gerai tercatat")]


def _sales(e: Evidence) -> Share:
    if not e.sales_days:
        if e.last_sale:
            return (
                0.0,
                _("tidak ada penjualan"),
                [_("tidak ada penjualan tercatat sejak %(day)s") % {"day": day_text(e.last_sale)}],
            )
        return 0.0, _("tidak ada penjualan"), [_("belum pernah mencatat penjualan")]
    text = _("%(rp)s dalam %(days)d hari penjualan") % {"rp": rupiah_text(e.sales_rp), "days": e.sales_days}
    if e.sales_prev_rp:
        change = round(100 * (e.sales_rp - e.sales_prev_rp) / e.sales_prev_rp)
        text += "; " + _("tren %(sign)s%(pct)d%% dibanding 90 hari sebelumnya") % {
            "sign": "+" if change >= 0 else "−",
            "pct": abs(change),
        }
    missing = []
    if e.sales_days < SALES_DAYS_FULL:
        missing.append(_("penjualan tercatat hanya %(days)d hari dalam 90 hari") % {"days": e.sales_days})
    return min(1.0, e.sales_days / SALES_DAYS_FULL), text, missing


def _members(e: Evidence) -> Share:
    if not e.members:
        return 0.0, _("belum ada anggota"), [_("belum ada anggota tercatat di pembukuan")]
    share = 0.7 * min(1.0, e.members / MEMBERS_FULL) + (0.3 if e.members_new else 0.0)
    text = _("%(n)d anggota, %(new)d anggota baru dalam 90 hari") % {"n": e.members, "new": e.members_new}
    return share, text, [] if e.members_new else [_("tidak ada anggota baru dalam 90 hari")]


def _wajib(e: Evidence) -> Share:
    if not e.members:
        return 0.0, _("belum ada anggota"), [_("simpanan wajib belum tercatat")]
    payers = min(e.wajib_payers, e.members)
    share = payers / e.members
    text = _("%(p)d dari %(n)d anggota membayar simpanan wajib (%(pct)d%%)") % {
        "p": payers,
        "n": e.members,
        "pct": round(100 * share),
    }
    return share, text, [] if payers else [_("tidak ada simpanan wajib dibayar dalam 90 hari")]


def _report(e: Evidence) -> Share:
    if e.reports_due is None:
        return 0.0, _("belum ada bukti"), [_("laporan bulanan belum dapat dinilai: data laporan belum tersedia")]
    if not e.reports_due:
        return 0.0, _("belum ada laporan jatuh tempo"), [_("belum ada laporan bulanan yang jatuh tempo")]
    on_time = min(e.reports_on_time, e.reports_due)
    text = _("%(on)d dari %(due)d laporan bulanan tepat waktu") % {"on": on_time, "due": e.reports_due}
    missing = (
        []
        if on_time == e.reports_due
        else [_("%(n)d laporan bulanan terlambat atau belum masuk") % {"n": e.reports_due - on_time}]
    )
    return on_time / e.reports_due, text, missing


def _training(e: Evidence) -> Share:
    if not e.officials:
        return 0.0, _("belum ada pengurus"), [_("belum ada pengurus/pengawas tercatat")]
    dasar = min(e.trained_dasar, e.officials)
    madya = min(e.trained_madya, dasar)
    share = 0.7 * dasar / e.officials + 0.3 * madya / e.officials
    text = _("%(d)d dari %(n)d pengurus/pengawas lulus pelatihan dasar, %(m)d madya") % {
        "d": dasar,
        "n": e.officials,
        "m": madya,
    }
    return share, text, [] if dasar else [_("belum ada pengurus yang lulus pelatihan dasar")]


def _board(e: Evidence) -> Share:
    if not e.officials:
        return 0.0, _("belum ada pengurus"), [_("susunan pengurus belum tercatat")]
    if not e.board_warnings:
        return 1.0, _("pengurus dan pengawas lengkap, tanpa peringatan"), []
    share = max(0.0, 1.0 - 0.25 * e.board_warnings)
    return (
        share,
        _("%(n)d peringatan tata kelola") % {"n": e.board_warnings},
        [_("kepengurusan belum lengkap atau menyalahi aturan (%(n)d peringatan)") % {"n": e.board_warnings}],
    )


def _rat(e: Evidence) -> Share:
    if not rat_due(e.legal_on, e.day):
        return 1.0, _("belum wajib: tahun buku pertama belum berakhir"), []
    if e.rat_on and e.rat_on >= add_months(e.day, -RAT_MONTHS):
        return 1.0, _("RAT terakhir %(day)s") % {"day": day_text(e.rat_on)}, []
    if e.rat_on:
        return (
            0.0,
            _("RAT terlambat"),
            [_("RAT terakhir %(day)s, lebih dari 15 bulan lalu") % {"day": day_text(e.rat_on)}],
        )
    return 0.0, _("RAT belum tercatat"), [_("belum ada RAT tercatat")]


def _financing(e: Evidence) -> Share:
    if e.partnership_active and e.financing_active:
        return 1.0, _("kemitraan dan pembiayaan aktif"), []
    if e.partnership_active:
        return 1.0, _("kemitraan aktif"), []
    if e.financing_active:
        return 1.0, _("pembiayaan aktif"), []
    return 0.0, _("tidak ada"), [_("belum ada kemitraan atau pembiayaan aktif")]


def _visit(e: Evidence) -> Share:
    if e.visit_on is None:
        return 0.0, _("belum pernah dikunjungi"), [_("belum ada kunjungan lapangan")]
    if e.visit_on < e.start:
        return (
            0.0,
            _("kunjungan lama"),
            [_("kunjungan terakhir %(day)s, lebih dari 90 hari lalu") % {"day": day_text(e.visit_on)}],
        )
    checks = min(max(e.visit_checks, 0), len(CHECKLIST))
    text = _("kunjungan %(day)s: %(n)d dari %(total)d butir baik") % {
        "day": day_text(e.visit_on),
        "n": checks,
        "total": len(CHECKLIST),
    }
    return checks / len(CHECKLIST), text, [] if checks == len(CHECKLIST) else [_("temuan kunjungan belum semua baik")]


SHARES: dict[str, Callable[[Evidence], Share]] = {
    Indicator.GERAI: _gerai,
    Indicator.SALES: _sales,
    Indicator.MEMBERS: _members,
    Indicator.WAJIB: _wajib,
    Indicator.REPORT: _report,
    Indicator.TRAINING: _training,
    Indicator.BOARD: _board,
    Indicator.RAT: _rat,
    Indicator.FINANCING: _financing,
    Indicator.VISIT: _visit,
}
assert list(SHARES) == INDICATORS


def clean_weights(weights: dict | None) -> dict[str, int]:
    """The weights to use: the defaults overlaid with the regency's (unknown keys dropped, negatives as 0)."""
    merged = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key in merged:
            merged[key] = max(0, int(value))
    return merged


def weights_errors(weights: dict) -> list[str]:
    """Why a regency's weights table cannot be saved: every indicator 0–100, adding up to 100."""
    errors = []
    if set(weights) != set(INDICATORS):
        errors.append(_("Setiap indikator harus diberi bobot."))
    elif any(not isinstance(v, int) or v < 0 or v > 100 for v in weights.values()):
        errors.append(_("Bobot setiap indikator 0 sampai 100."))
    elif sum(weights.values()) != 100:
        errors.append(_("Jumlah bobot harus 100 (sekarang %(total)d).") % {"total": sum(weights.values())})
    return errors


def category_for(score: int) -> str:
    for category, lowest in THRESHOLDS:
        if score >= lowest:
            return category
    return Category.PAPAN_NAMA


def assess(evidence: Evidence, weights: dict | None = None) -> Result:
    """The score, category, reasons and missing evidence of one cooperative. A cooperative not yet legally formed
    is not scored. The score is the sum of each indicator's share × its weight, over the weights' total, 0–100;
    no evidence at all (no indicator earned anything from evidence) is papan nama whatever the weights."""
    if evidence.legal_on is None or evidence.legal_on > evidence.day:
        return Result(None, Category.BELUM_BERBADAN_HUKUM, [], [_("koperasi belum berbadan hukum")])
    weights = clean_weights(weights)
    total = sum(weights.values()) or 1
    reasons, missing, earned, from_evidence = [], [], 0.0, False
    for indicator in INDICATORS:
        share, text, lacks = SHARES[indicator](evidence)
        points = round(weights[indicator] * share, 1)
        earned += weights[indicator] * share
        reasons.append(Reason(indicator, points, weights[indicator], text))
        missing.extend(lacks)
        if share > 0 and not (indicator == Indicator.RAT and not rat_due(evidence.legal_on, evidence.day)):
            from_evidence = True
    score = max(0, min(100, round(100 * earned / total)))
    category = category_for(score) if from_evidence else Category.PAPAN_NAMA
    return Result(score, category, reasons, missing)


NEXT_STEPS: dict[str, object] = {
    Indicator.GERAI: gettext_lazy("Dampingi pembukaan gerai pertama (sembako atau yang sesuai potensi desa)."),
    Indicator.SALES: gettext_lazy("Latih pencatatan penjualan harian di halaman kasir Kopdes."),
    Indicator.MEMBERS: gettext_lazy("Dorong pendaftaran anggota dari warga desa dan catat di pembukuan."),
    Indicator.WAJIB: gettext_lazy(
        "Ingatkan anggota membayar simpanan wajib; kirim pengingat WhatsApp dari daftar tunggakan."
    ),
    Indicator.BOARD: gettext_lazy("Lengkapi susunan pengurus dan pengawas sesuai AD/ART."),
    Indicator.TRAINING: gettext_lazy("Daftarkan pengurus ke pelatihan dasar berikutnya."),
    Indicator.REPORT: gettext_lazy("Minta pengurus menyampaikan laporan bulanan tepat waktu."),
    Indicator.RAT: gettext_lazy("Jadwalkan RAT tahun buku yang lalu."),
    Indicator.FINANCING: gettext_lazy("Fasilitasi kemitraan usaha atau pengajuan pembiayaan."),
    Indicator.VISIT: gettext_lazy("Jadwalkan kunjungan lapangan oleh pendamping atau camat."),
}
NEXT_STEP_ORDER = [
    Indicator.GERAI,
    Indicator.BOARD,
    Indicator.MEMBERS,
    Indicator.SALES,
    Indicator.WAJIB,
    Indicator.TRAINING,
    Indicator.REPORT,
    Indicator.RAT,
    Indicator.VISIT,
    Indicator.FINANCING,
]


def next_step(reasons: list[dict]) -> str:
    """The next step suggested from the weakest indicators: the first (in NEXT_STEP_ORDER) that earned less than
    half its points."""
    by_key = {r["indicator"]: r for r in reasons}
    for indicator in NEXT_STEP_ORDER:
        reason = by_key.get(indicator)
        if reason and reason["max"] and reason["points"] < reason["max"] / 2:
            return str(NEXT_STEPS[indicator])
    return ""


def changes(reasons: list[dict], previous: list[dict]) -> list[dict]:
    """Why a score moved: the indicators whose points differ from the month before, the biggest drop first
    ([{"indicator", "before", "after", "evidence"}])."""
    before = {r["indicator"]: r["points"] for r in previous}
    moved = [
        {"indicator": r["indicator"], "before": before[r["indicator"]], "after": r["points"], "evidence": r["evidence"]}
        for r in reasons
        if r["indicator"] in before and r["points"] != before[r["indicator"]]
    ]
    return sorted(moved, key=lambda m: m["after"] - m["before"])


def trend(score: int | None, previous: int | None) -> int | None:
    if score is None or previous is None:
        return None
    return score - previous


# --- field visits: is the position plausible? --------------------------------------------------------------------


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    import math

    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


ACCEPTED = {
    LocationStatus.INSIDE,
    LocationStatus.NEAR,
    LocationStatus.NEAR_REFERENCE,
    LocationStatus.NEAR_EARLIER,
    LocationStatus.UNCHECKED,
}


def fallback_location(
    lat: float, lon: float, *, reference: tuple[float, float] | None, earlier: list[tuple[float, float]], radius_m: int
) -> tuple[str, float | None]:
    """Without a village boundary: near the village's reference point (the cooperative's recorded position), or near
    an earlier visit's position, within `radius_m`. With neither, the first position is accepted and becomes the
    reference of later visits."""
    if reference is not None:
        d = distance_m(lat, lon, *reference)
        if d <= radius_m:
            return LocationStatus.NEAR_REFERENCE, d
    nearest = None
    for point in earlier:
        d = distance_m(lat, lon, *point)
        nearest = d if nearest is None else min(nearest, d)
        if d <= radius_m:
            return LocationStatus.NEAR_EARLIER, d
    if reference is None and not earlier:
        return LocationStatus.UNCHECKED, None
    if reference is not None:
        return LocationStatus.OUTSIDE, distance_m(lat, lon, *reference)
    return LocationStatus.OUTSIDE, nearest
