"""`kopdes load_demo` brings the national figures: the province, regency and Paser village files of 5 August 2026,
imported like an officer would; a second run imports nothing again."""

import datetime

from kopdes.core.devtools import DemoContext
from kopdes.exchange import demo
from kopdes.exchange.demo import load_demo_simkopdes
from kopdes.exchange.models import NationalSnapshot
from kopdes.exchange.selectors import national_summary
from kopdes.tests.factories import PASER, checked

FILES = ["stats_province.csv", "stats_regency.csv", "stats_village_paser.csv"]


def test_load_demo_imports_the_three_files_once(db, tmp_path):
    context = DemoContext()
    demo.load(context)
    assert context.writes == {"national_imports_created": 3}, context.messages
    assert set(NationalSnapshot.objects.values_list("snapshot_date", flat=True)) == {datetime.date(2026, 8, 5)}
    levels = set(NationalSnapshot.objects.values_list("level", flat=True).distinct())
    assert levels == {"province", "regency", "village"}
    paser = national_summary(region=checked(PASER))
    assert (paser["source"], paser["cooperatives"]) == ("village", 144)
    # Only Kalimantan Timur's regions are loaded here: the other provinces wait, and the demo says why.
    assert all(message.startswith("SIMKOPDES: ") for message in context.messages)
    assert any("kopdes load_regions" in message for message in context.messages)
    kaltim = national_summary(region=checked("64"))
    assert kaltim["source"] == "province" and kaltim["rat"] > 0

    before = NationalSnapshot.objects.count()
    again = load_demo_simkopdes()
    assert again.imported == [] and again.kept == FILES
    assert NationalSnapshot.objects.count() == before
    step_again = DemoContext()
    demo.load(step_again)
    assert step_again.writes == {} and step_again.counts["national_files_kept"] == 3


def test_without_the_data_the_demo_has_no_national_figures(db, tmp_path):
    result = load_demo_simkopdes(tmp_path / "missing")
    assert result.missing and result.imported == []
    assert "KOPDES_SIMKOPDES_DIR" in result.messages[0]
