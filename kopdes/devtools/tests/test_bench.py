"""`kopdes bench`: the small run keeps the code working (it asserts the table, not timings), and the wipe empties
every app's tables, found from the models, except the logins and (unless asked) the regions."""

import io

from django.apps import apps
from django.db import connection

from kopdes.accounts.choices import Role
from kopdes.accounts.models import User
from kopdes.books.models import Member
from kopdes.cooperatives.models import Cooperative
from kopdes.devtools import runner
from kopdes.mapping import services as mapping
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE, UserFactory, cooperative, operating_unit
from kopdes.training.models import Participant

# The rows of the small run, in order: the steps of every app that has a bench.py, in INSTALLED_APPS order and step
# kind (generate, measure, measure_imports, measure_after_imports). An app added later with its own bench.py adds
# rows the test does not know; they must come out (no "n/a"), and these must stay in this order around them.
MEASURES = [
    "load_regions (1,697 rows)",
    "generate data set",
    "generate Satgas data set",
    "generate training data set",
    "generate consultations",
    "generate books data set",
    "region search 'tenggarong'",
    "region search 'sumber'",
    "region search '64.02.06'",
    "region search 'kutai kartanegara'",
    '"actions" block ID',
    '"actions" block 64',
    '"actions" block 64.02',
    '"training" block ID',
    "coverage by child region ID",
    '"training" block 64',
    "coverage by child region 64",
    '"training" block 64.02',
    "coverage by child region 64.02",
    "coverage by position 64.02",
    '"consultations" block ID',
    "service level ID",
    '"consultations" block 64',
    "service level 64",
    '"consultations" block 64.02',
    "service level 64.02",
    '"books" block ID',
    '"books" block 64',
    '"books" block 64.02',
    "statements 2026 of one cooperative",
    "GET /api/v1/progress/ID",
    "GET /api/v1/progress/64",
    "GET /api/v1/progress/64.02",
    "dashboard /wilayah/64.02/",
    "GET /api/v1/progress/ID?as_of=<a year ago>",
    "trend ID, 24 months: one grouped query",
    "GET /api/v1/progress/64.02?as_of=<a year ago>",
    "trend 64.02, 24 months: one grouped query",
    "import 237-row registry file",
    "import 1,520-row registry file",
    "re-import the same 1,520 rows",
    "import_simkopdes (1,520 village rows, matching)",
    "GET /api/v1/progress/ID with SIMKOPDES data",
    "GET /api/v1/progress/64 with SIMKOPDES data",
    "GET /api/v1/progress/64.02 with SIMKOPDES data",
    "dashboard /wilayah/ID/",
    "summary ID: trend",
    "summary ID: stuck list",
    "summary ID: last 7 days",
    "summary ID: SIMKOPDES comparison",
]


def test_small_benchmark_runs(db):
    """Every app's rows, and the registry-import step finds room for its files although books, training and the
    other apps' rows point at the cooperatives it replaces (they go with them)."""
    out = io.StringIO()
    rows = runner.bench_run(small=True, in_process=True, out=out)
    assert [row.what for row in rows if row.what in MEASURES] == MEASURES
    assert not [row for row in rows if row.value.startswith("n/a")]
    text = out.getvalue()
    assert "| load_regions" in text and "| GET /api/v1/progress/ID with SIMKOPDES data |" in text
    value = {row.what: row.value for row in rows}
    assert value["generate data set"] == "1,520 cooperatives, 13,017 milestones"
    assert value["generate books data set"].startswith("20 cooperatives")
    assert value["re-import the same 1,520 rows"].endswith("(1,520 unchanged)")
    assert "wrong 0" in value["import_simkopdes (1,520 village rows, matching)"]
    villages = Region.objects.filter(level="village").count()
    assert villages == Region.objects.filter(level="village", code__regex=r"^(64|65)\.").count() > 1000
    assert Cooperative.objects.count() == villages
    # The import replaced every cooperative of the small run: what pointed at the old ones went with them.
    assert not Member.objects.exclude(cooperative__in=Cooperative.objects.all()).exists()
    assert not Participant.objects.exclude(cooperative__in=Cooperative.objects.all()).exists()


def test_bench_steps_are_found_in_installed_apps_order():
    found = [module.__name__ for module in runner.app_modules("bench")]
    apps = ("accounts", "regions", "formation", "exchange", "dashboard")
    known = [f"kopdes.{app}.bench" for app in apps]
    assert [name for name in found if name in known] == known
    assert all(any(hasattr(module, step) for step in runner.BENCH_STEPS) for module in runner.app_modules("bench"))


def _table_rows(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0]


def test_wipe_empties_every_app_table_from_the_models(db):
    village = Region.objects.get(code=KUKAR_VILLAGE)
    coop = cooperative(KUKAR_VILLAGE)
    operating_unit(coop)
    mapping.potential_create(actor=None, village=village, category="perikanan", commodity="Ikan patin")
    bumdes = mapping.bumdes_register(actor=None, village=village, name="BUMDes Perian")
    mapping.bumdes_unit_create(actor=None, bumdes=bumdes, category="sembako", status="aktif", year=2025)
    user = UserFactory(username="pengurus.perian", role=Role.PENGURUS, cooperative=coop, region_id=KUKAR)
    user.assigned_cooperatives.add(coop)
    filled = [VillagePotential, Bumdes, BumdesUnit, VillagePotential.history.model, Bumdes.history.model]
    assert all(_table_rows(model) for model in filled)

    runner.wipe()

    wiped, _unlink = runner.wipe_plan()
    project_models = [m for c in runner.project_apps() for m in c.get_models(include_auto_created=True)]
    assert all(_table_rows(model) == 0 for model in wiped)
    assert {VillagePotential, Bumdes, BumdesUnit, VillagePotential.history.model} <= set(wiped)  # mapping too
    kept = {model._meta.label for model in project_models if model not in wiped}
    regions = {model._meta.label for model in apps.get_app_config("regions").get_models(include_auto_created=True)}
    assert "regions.Region" in regions  # the regions app's tables (the Kemendagri list and what comes with it) stay
    assert kept == {"accounts.User", "accounts.User_groups", "accounts.User_user_permissions", "accounts.ApiToken"} | (
        regions
    )
    user.refresh_from_db()  # the login stays, unlinked from the cooperative it had; its region stays
    assert (user.cooperative_id, user.region_id, user.assigned_cooperatives.count()) == (None, KUKAR, 0)
    assert Region.objects.filter(code=KUKAR_VILLAGE).exists()

    runner.wipe(regions=True)
    assert not Region.objects.exists()
    user.refresh_from_db()
    assert user.region_id is None
    assert User.objects.filter(pk=user.pk).exists()
