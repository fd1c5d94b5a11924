"""`kopdes load_demo` brings the national figures: the province, regency and Paser village files of 5 August 2026,
imported like an officer would; a second run imports nothing again."""

import datetime

from kopdes.core import demo
from kopdes.exchange.demo import load_demo_simkopdes
from kopdes.exchange.models import NationalSnapshot
from kopdes.exchange.selectors import national_summary
from kopdes.tests.factories import PASER

FILES = ["stats_province.csv", "stats_regency.csv", "stats_village_paser.csv"]


def test_load_demo_imports_the_three_files_once(db, tmp_path):
    result = demo.load_demo()
    assert result.national is not None and result.national.imported == FILES, result.national.messages
    assert result.national.snapshot_date == datetime.date(2026, 8, 5)
    levels = set(NationalSnapshot.objects.values_list("level", flat=True).distinct())
    assert levels == {"province", "regency", "village"}
    paser = national_summary(region_code=PASER)
    assert (paser["source"], paser["cooperatives"]) == ("village", 144)
    # Only Kalimantan Timur's regions are loaded here: the other provinces wait, and the demo says why.
    assert any("kopdes load_regions" in message for message in result.national.messages)
    kaltim = national_summary(region_code="64")
    assert kaltim["source"] == "province" and kaltim["rat"] > 0

    before = NationalSnapshot.objects.count()
    again = load_demo_simkopdes()
    assert again.imported == [] and again.kept == FILES
    assert NationalSnapshot.objects.count() == before


def test_without_the_data_the_demo_has_no_national_figures(db, tmp_path):
    result = load_demo_simkopdes(tmp_path / "missing")
    assert result.missing and result.imported == []
    assert "KOPDES_SIMKOPDES_DIR" in result.messages[0]
