"""Reconciliation of national names to Kemendagri codes: the normalisation, the never-a-guess rules, and a
whole province the matcher was not tuned on (Kalimantan Utara, 65) spelled with synthetic noise at every level."""

import random

import pytest

from kopdes.exchange.matching import ChildIndex, match_siblings, name_key
from kopdes.exchange.models import NationalUnit
from kopdes.exchange.services import snapshot_import
from kopdes.exchange.synthetic import noisy, read_wilayah, village_file
from kopdes.exchange.tests.conftest import SNAPSHOT


@pytest.mark.parametrize(
    ("national", "kemendagri", "level"),
    [
        ("KAB. PASER", "Kabupaten Paser", "regency"),
        ("KOTA BALIKPAPAN", "Kota Balikpapan", "regency"),
        ("KAB. ADM. KEP. SERIBU", "Kabupaten Administrasi Kepulauan Seribu", "regency"),
        ("DKI JAKARTA", "Daerah Khusus Ibukota Jakarta", "province"),
        ("Kec. Tanah Grogot", "Tanah Grogot", "district"),
        ("KECAMATAN  tanah-grogot", "Tanah Grogot", "district"),
        ("Simpang peut", "Simpang Peut", "village"),
        ("SIMPANGPEUT", "Simpang Peut", "village"),
        ("DESA Muara Adang 2", "Muara Adang II", "village"),
        ("Kel. Tj. Selor Hilir", "Tanjung Selor Hilir", "village"),
        ("Sei Bamban", "Sungai Bamban", "village"),
        ("Gampong Baro", "Baro", "village"),
    ],
)
def test_spellings_that_are_the_same_place(national, kemendagri, level):
    index = ChildIndex(level, [("1", kemendagri), ("2", "Lain Sama Sekali")])
    (outcome,) = match_siblings(index, [national])
    assert (outcome.status, outcome.code) == ("matched", "1"), outcome


def test_kabupaten_and_kota_of_one_name_without_the_prefix_is_ambiguous():
    index = ChildIndex("regency", [("32.04", "Kabupaten Bandung"), ("32.73", "Kota Bandung")])
    kab, kota, bare = match_siblings(index, ["KAB. BANDUNG", "KOTA BANDUNG", "BANDUNG"])
    assert (kab.status, kab.code) == ("matched", "32.04")
    assert (kota.status, kota.code) == ("matched", "32.73")
    assert bare.status == "ambiguous" and {c["code"] for c in bare.candidates} == {"32.04", "32.73"}


def test_siblings_told_apart_by_a_qualifier_or_a_number_are_never_guessed():
    index = ChildIndex("village", [("1", "Sungai Pinang Baru"), ("2", "Muara Adang II"), ("3", "Laburan Baru")])
    outcomes = match_siblings(index, ["Sungai Pinang", "Muara Adang", "Laburan"])
    assert [o.status for o in outcomes] == ["unmatched"] * 3
    assert outcomes[0].candidates[0]["code"] == "1"  # offered for review, not taken


def test_two_close_candidates_are_ambiguous():
    index = ChildIndex("village", [("1", "Apuan"), ("2", "Abuan")])
    (outcome,) = match_siblings(index, ["Auan"])
    assert outcome.status == "ambiguous" and len(outcome.candidates) == 2


def test_two_rows_wanting_one_region_are_both_ambiguous():
    index = ChildIndex("village", [("1", "Kerang"), ("2", "Lomu")])
    first, second = match_siblings(index, ["Kerang", "KERANG"])
    assert first.status == second.status == "ambiguous"
    first, second = match_siblings(index, ["Kernag", "Keranng"])
    assert first.status == second.status == "ambiguous"


def test_an_exact_match_takes_the_region_before_fuzzy_matches_look():
    index = ChildIndex("village", [("1", "Suliliran"), ("2", "Suliliran Baru")])
    exact, fuzzy = match_siblings(index, ["Suliliran", "Sulliran Baru"])
    assert (exact.code, exact.method) == ("1", "exact")
    assert (fuzzy.code, fuzzy.method) == ("2", "fuzzy")


def test_initials_of_a_regency():
    index = ChildIndex(
        "regency",
        [("16.01", "Kabupaten Ogan Komering Ulu"), ("16.08", "Kabupaten Ogan Komering Ulu Timur"), ("16.09", "X")],
    )
    (outcome,) = match_siblings(index, ["KAB. OKU TIMUR"])
    assert (outcome.status, outcome.code, outcome.method) == ("matched", "16.08", "fuzzy")


def test_noise_kinds():
    rng = random.Random(1)
    assert noisy("Tanah Grogot", "village", rng, ("merge",)) == "Tanahgrogot"
    assert noisy("Tanah Grogot", "district", rng, ("prefix",)).endswith("Tanah Grogot")
    assert name_key(noisy("Kabupaten Paser", "regency", rng, ("prefix",)), "regency").bare == "paser"


def test_synthetic_variants_of_a_province_it_was_not_tuned_on(db, capsys):
    """Kalimantan Utara (65): every province, regency, kecamatan and village name spelled with one letter-level
    error or merged words, often with a case change and a dropped or added prefix. The matcher must place at
    least 95% of the villages right, and never place one wrong."""
    from kopdes.regions.services import regions_load

    regions_load(provinces=["65"])
    units = read_wilayah({"65"})
    data, truth = village_file(provinces={"65"}, seed=2026)
    result = snapshot_import(actor=None, data=data, file_name="kaltara-synthetic.csv", snapshot_date=SNAPSHOT)
    assert result.ok, result.errors[:3]
    assert result.rows == len(units["village"]) == len(truth)

    matched = dict(
        NationalUnit.objects.filter(level="village", status="matched").values_list("national_id", "region_id")
    )
    correct = sum(1 for national_id, code in matched.items() if truth[national_id] == code)
    wrong = len(matched) - correct
    rate = correct / len(truth)
    by_level = {level: dict(counter) for level, counter in result.units.items()}
    with capsys.disabled():
        print(
            f"\nsynthetic Kalimantan Utara: {len(truth)} villages, {correct} right ({rate:.1%}), {wrong} wrong, "
            f"{result.ambiguous} ambiguous, {result.unmatched} unmatched; by method {result.by_method}; "
            f"units by level {by_level}"
        )
    assert wrong == 0
    assert rate >= 0.95
    # The parents were all found too (dropped "KAB."/"KOTA", "Kec." added, letters swapped).
    assert result.units["regency"] == {"matched": len(units["regency"])}
    assert result.units["district"] == {"matched": len(units["district"])}
