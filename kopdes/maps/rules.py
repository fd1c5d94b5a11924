"""The indicators a choropleth can show, and how each is read from a child region's progress document. Pure
functions: no queries. An indicator whose block is not installed (or empty for the region) is simply left out."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.choices import PHASE_BY_KEY, PHASE_KEYS, Phase


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object
    group: object
    numerator: tuple[str, ...]  # path in the progress document
    denominator: tuple[str, ...] | None = None  # share in percent when given
    unit: str = "pct"  # pct | count | rp
    higher_is_better: bool = True


def _phase_indicators() -> list[Indicator]:
    return [
        Indicator(
            key=f"phase_{key}",
            label=Phase(PHASE_BY_KEY[key]).label,
            group=_("Desa/kelurahan yang koperasinya mencapai tahap"),
            numerator=("phases", key),
            denominator=("villages", "total"),
        )
        for key in PHASE_KEYS
    ]


ACTIVITY = (
    ("aktif", _("Aktif"), True),
    ("berkembang", _("Berkembang"), True),
    ("kurang_aktif", _("Kurang aktif"), False),
    ("papan_nama", _("Papan nama"), False),
    ("belum_berbadan_hukum", _("Belum berbadan hukum"), False),
)

INDICATORS: list[Indicator] = [
    *_phase_indicators(),
    *[
        Indicator(
            key=f"activity_{key}",
            label=label,
            group=_("Kategori keaktifan koperasi (persen dari koperasi)"),
            numerator=("activity", key),
            denominator=("cooperatives",),
            higher_is_better=better,
        )
        for key, label, better in ACTIVITY
    ],
    Indicator(
        key="training_dasar",
        label=_("Pengurus terlatih (dasar)"),
        group=_("Pelatihan"),
        numerator=("training", "trained_dasar"),
        denominator=("training", "officials"),
    ),
    Indicator(
        key="reporting_submitted",
        label=_("Laporan berkala masuk"),
        group=_("Pelaporan"),
        numerator=("reporting", "submitted"),
        denominator=("reporting", "expected"),
    ),
    Indicator(
        key="overlaps_open",
        label=_("Tumpang tindih dengan BUMDes belum diputus"),
        group=_("Pemetaan"),
        numerator=("overlaps", "open"),
        unit="count",
        higher_is_better=False,
    ),
    Indicator(
        key="actions_overdue",
        label=_("Tindakan Satgas terlambat"),
        group=_("Satgas"),
        numerator=("actions", "overdue"),
        unit="count",
        higher_is_better=False,
    ),
    Indicator(
        key="financing_disbursed",
        label=_("Pembiayaan tersalur (Rp)"),
        group=_("Pembiayaan"),
        numerator=("financing", "disbursed_rp"),
        unit="rp",
    ),
    Indicator(
        key="financing_arrears",
        label=_("Pinjaman menunggak"),
        group=_("Pembiayaan"),
        numerator=("financing", "in_arrears"),
        unit="count",
        higher_is_better=False,
    ),
]

# The blocks whose numbers a feature carries (top-level numbers of each block).
FIGURE_BLOCKS = ("phases", "training", "actions", "reporting", "activity", "financing", "overlaps", "books")


def _get(document: dict, path: tuple[str, ...]):
    value = document
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def indicator_value(indicator: Indicator, document: dict) -> float | int | None:
    """The indicator for one region's document: a percentage with one decimal, a count or an amount; None when the
    block is missing or there is nothing to divide by."""
    numerator = _get(document, indicator.numerator)
    if numerator is None:
        return None
    if indicator.denominator is None:
        return numerator
    denominator = _get(document, indicator.denominator)
    if not denominator:
        return None
    return round(numerator * 100 / denominator, 1)


def figures(document: dict) -> dict:
    """The numbers of the progress blocks for one region: {block: {key: number}}, plus villages and
    cooperatives."""
    out: dict = {
        "villages": (document.get("villages") or {}).get("total", 0),
        "cooperatives": document.get("cooperatives", 0),
    }
    for block in FIGURE_BLOCKS:
        value = document.get(block)
        if isinstance(value, dict):
            out[block] = {
                key: number
                for key, number in value.items()
                if isinstance(number, (int, float)) and not isinstance(number, bool)
            }
    return out


def indicator_values(document: dict) -> dict[str, float | int | None]:
    return {indicator.key: indicator_value(indicator, document) for indicator in INDICATORS}


def available_indicators(values: list[dict]) -> list[Indicator]:
    """The indicators with a value for at least one area (a block not installed drops out of the selector)."""
    return [indicator for indicator in INDICATORS if any(row.get(indicator.key) is not None for row in values)]
