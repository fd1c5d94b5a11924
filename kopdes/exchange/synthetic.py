"""Synthetic national-system files made from the Kemendagri list, with the spelling noise the real system shows.

Used by the reconciliation tests (on a province the matcher was not tuned on) and by the benchmark (the whole
country). Deterministic for a given seed. National ids are synthetic: a running number per level, so they never
look like Kemendagri codes."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kopdes.exchange.matching import ROMAN, name_key

WILAYAH_DIR = settings.BASE_DIR / "data" / "wilayah"
VILLAGE_HEADER = [
    "province_id",
    "province",
    "district_id",
    "district",
    "subdistrict_id",
    "subdistrict",
    "village_id",
    "village",
    "cooperatives",
    "accounts_count",
    "npwp_count",
    "nib_count",
    "rat_count",
    "transaction_volume",
    "transaction_value",
    "simpanan_pokok_amount",
    "simpanan_pokok_members",
    "simpanan_pokok_tx",
    "simpanan_wajib_amount",
    "simpanan_wajib_members",
    "simpanan_wajib_tx",
    "savings_total_amount",
]
LEVEL_PREFIX_CHOICES = {
    "province": ("PROVINSI ", "Prov. "),
    "district": ("KEC. ", "Kec. ", "Kecamatan "),
    "village": ("DESA ", "Desa ", "Kel. ", "KELURAHAN "),
}


@dataclass
class Unit:
    code: str
    name: str
    parent: str | None


def read_wilayah(provinces: set[str] | None = None, directory: Path = WILAYAH_DIR) -> dict[str, list[Unit]]:
    """Kemendagri units by level, from the shipped CSV files."""
    files = (
        ("province", "provinces.csv", None),
        ("regency", "regencies.csv", "province_code"),
        ("district", "districts.csv", "regency_code"),
        ("village", "villages.csv", "district_code"),
    )
    units: dict[str, list[Unit]] = {}
    for level, filename, parent_column in files:
        with open(directory / filename, encoding="utf-8", newline="") as handle:
            units[level] = [
                Unit(row["code"], row["name"], row[parent_column] if parent_column else None)
                for row in csv.DictReader(handle)
                if not provinces or row["code"][:2] in provinces
            ]
    return units


def national_style(name: str, level: str) -> str:
    """How the national system writes a Kemendagri name: `KAB. PASER`, `KOTA BALIKPAPAN`, `KALIMANTAN TIMUR`;
    kecamatan and villages as they are."""
    if level == "regency":
        for long, short in (("Kabupaten Administrasi ", "KAB. ADM. "), ("Kota Administrasi ", "KOTA ADM. ")):
            if name.startswith(long):
                return short + name[len(long) :].upper()
        if name.startswith("Kabupaten "):
            return "KAB. " + name[len("Kabupaten ") :].upper()
        return name.upper()
    if level == "province":
        return name.upper()
    return name


PREFIX_WORDS = frozenset({"kab.", "kota", "adm.", "kabupaten", "administrasi", "kec.", "desa", "kel.", "kelurahan"})


def _letters(word: str) -> bool:
    return word.isalpha() and word.lower() not in ROMAN and word.lower() not in PREFIX_WORDS


def noisy(name: str, level: str, rng: random.Random, kinds: tuple[str, ...]) -> str:
    """`name` with the given kinds of noise applied (those that do not apply to it are skipped)."""
    for kind in kinds:
        words = name.split(" ")
        if kind == "case":
            name = rng.choice((name.upper(), name.lower(), name.title()))
        elif kind == "prefix":
            if level == "regency":
                for prefix in ("KAB. ADM. ", "KOTA ADM. ", "KAB. ", "Kabupaten ", "KOTA ", "Kota "):
                    if name.startswith(prefix):
                        name = name[len(prefix) :]  # the national system sometimes drops it
                        break
            else:
                name = rng.choice(LEVEL_PREFIX_CHOICES[level]) + name
        elif kind in ("transpose", "drop_letter"):
            # Inside a word of 5+ letters, away from its first letter (people rarely get that wrong).
            positions = [
                (i, j)
                for i, word in enumerate(words)
                if _letters(word) and len(word) >= 5
                for j in range(1, len(word) - 1)
            ]
            if not positions:
                continue
            i, j = rng.choice(positions)
            word = words[i]
            if kind == "transpose":
                if word[j].lower() == word[j + 1].lower():
                    continue
                word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
            else:
                word = word[:j] + word[j + 1 :]
            words[i] = word
            name = " ".join(words)
        elif kind == "merge":
            pairs = [i for i in range(len(words) - 1) if _letters(words[i]) and _letters(words[i + 1])]
            if not pairs:
                continue
            i = rng.choice(pairs)
            merged = words[i] + words[i + 1].lower()
            name = " ".join([*words[:i], merged, *words[i + 2 :]])
    return name


def variants(units: list[Unit], level: str, rng: random.Random, *, noise_share: float = 1.0) -> dict[str, str]:
    """code → a noisy spelling of each unit's name. Each unit gets one letter-level error (transposed or missing
    letter) or merged words, plus a case change and a prefix change at random. A spelling that is another
    sibling's name (a different place, not noise) is drawn again, then left clean."""
    siblings: dict[str | None, set[str]] = {}
    for unit in units:
        siblings.setdefault(unit.parent, set()).add(name_key(unit.name, level).key)
    result = {}
    for unit in units:
        styled = national_style(unit.name, level)
        if rng.random() >= noise_share:
            result[unit.code] = styled
            continue
        own = name_key(unit.name, level).key
        others = siblings[unit.parent] - {own}
        for _attempt in range(5):
            kinds = [rng.choice(("transpose", "drop_letter", "merge"))]
            if rng.random() < 0.5:
                kinds.append("case")
            if rng.random() < 0.4:
                kinds.append("prefix")
            # Letters and merged words first, then case, then the prefix (never merged into the name).
            kinds.sort(key=("transpose", "drop_letter", "merge", "case", "prefix").index)
            spelled = noisy(styled, level, rng, tuple(kinds))
            if name_key(spelled, level).key not in others:
                break
        else:
            spelled = styled
        result[unit.code] = spelled
    return result


def village_rows(
    *, provinces: set[str] | None = None, seed: int = 2026, noise_share: float = 1.0, limit: int | None = None
) -> tuple[list[str], Iterator[list], dict[str, str]]:
    """(header, rows, truth) of a village-level file in the national system's format for the Kemendagri units of
    `provinces` (None = the whole country). Every level's names are noisy with probability `noise_share`.
    `truth` maps each row's national village id to the Kemendagri village code it was made from."""
    rng = random.Random(seed)
    units = read_wilayah(provinces)
    names = {level: variants(units[level], level, rng, noise_share=noise_share) for level in units}
    ids: dict[str, str] = {}
    for level, start in (("province", 1), ("regency", 100), ("district", 10_000), ("village", 100_000)):
        for offset, unit in enumerate(units[level]):
            ids[unit.code] = str(start + offset)
    villages = units["village"][:limit] if limit else units["village"]
    truth = {ids[v.code]: v.code for v in villages}

    def rows() -> Iterator[list]:
        figures = random.Random(seed + 1)
        for village in villages:
            district = village.parent
            regency = district[:5]
            province = district[:2]
            cooperatives = 1 if figures.random() < 0.99 else 0
            pokok = figures.choice((0, 0, 0, 50_000, 100_000, 2_500_000))
            wajib = figures.choice((0, 0, 0, 10_000, 300_000))
            yield [
                ids[province],
                names["province"][province],
                ids[regency],
                names["regency"][regency],
                ids[district],
                names["district"][district],
                ids[village.code],
                names["village"][village.code],
                cooperatives,
                cooperatives,
                cooperatives,
                cooperatives if figures.random() < 0.7 else 0,
                0,
                figures.choice((0, 0, 12, 1895.5)),
                figures.choice((0, 0, 153_606_850)),
                pokok,
                pokok // 50_000,
                pokok // 50_000,
                wajib,
                wajib // 10_000,
                wajib // 10_000,
                pokok + wajib,
            ]

    return VILLAGE_HEADER, rows(), truth


def village_file(**kwargs) -> tuple[bytes, dict[str, str]]:
    """The CSV bytes of `village_rows` and its truth table."""
    header, rows, truth = village_rows(**kwargs)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(), truth
