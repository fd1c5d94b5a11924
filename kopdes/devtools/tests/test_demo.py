"""`kopdes load_demo`: every app's demo step in INSTALLED_APPS order, the Kukar and Paser scenario they build, the
order rules, and idempotence.

The scenario tests share one load (about a second) inside a transaction that is rolled back after them, so no
other test sees its rows."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from kopdes.accounts.choices import Role
from kopdes.accounts.demo import HISTORY_USERNAME
from kopdes.accounts.models import User
from kopdes.cooperatives.choices import CooperativeKind, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
from kopdes.cooperatives.rules import governance_warnings
from kopdes.dashboard.selectors import progress_document
from kopdes.devtools.runner import app_modules, load_demo
from kopdes.formation import demo
from kopdes.formation.models import Milestone, Target
from kopdes.formation.services import milestone_order_errors
from kopdes.tests.factories import checked


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        context = load_demo()
        yield context
        transaction.set_rollback(True)


@pytest.fixture
def summary(loaded, db):
    return lambda code: progress_document(region=checked(code))


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Cooperative, Official, Milestone, BusinessUnit, Target, User, Cooperative.history.model)
    }


def test_demo_steps_are_found_in_installed_apps_order():
    found = [module.__name__ for module in app_modules("demo")]
    steps = ["kopdes.accounts.demo", "kopdes.regions.demo", "kopdes.formation.demo", "kopdes.mapping.demo"]
    assert [name for name in found if name in steps] == steps and "kopdes.exchange.demo" in found
    apps = [name.rsplit(".", 1)[0] for name in found]
    installed = [app for app in settings.INSTALLED_APPS if app in apps]
    assert apps == installed
    assert all(callable(module.load) for module in app_modules("demo"))


class TestScenario:
    """One load for the whole class; its transaction is rolled back when the class is done."""

    def test_each_step_says_what_it_wrote(self, loaded, db):
        assert loaded.actor.username == HISTORY_USERNAME
        assert loaded.messages[0] == (
            "Data demo per 10 Juni 2025: 1038 koperasi baru, 2600 tahapan, 6609 pengurus/pengawas, 96 gerai, 2 target."
        )
        assert loaded.messages[1].startswith("SIMKOPDES: stats_province.csv: 38 baris")
        assert loaded.writes == {
            "history_users_created": 1,
            "cooperatives_created": 1038,
            "officials_created": 6609,
            "milestones_created": 2600,
            "units_created": 96,
            "targets_created": 2,
            "users_created": 9,
            "potentials_created": 26,
            "bumdes_created": 7,
            "bumdes_units_created": 11,
            "planned_units_created": 1,
            "overlap_decisions_created": 1,
            "national_imports_created": 3,
        }
        assert [login.username for login in loaded.logins][:2] == ["admin", "admin.nasional"]
        assert loaded.password == demo.DEMO_PASSWORD

    def test_every_village_of_kalimantan_timur_has_its_cooperative(self, loaded, summary):
        province = summary("64")
        assert province["villages"]["total"] == 1038
        assert province["cooperatives"] == 1038
        assert Cooperative.objects.count() == 1038
        rapak_lambur = Cooperative.objects.get(village_id="64.02.06.2012")
        assert (
            rapak_lambur.name == "Koperasi Desa Merah Putih Rapak Lambur" and rapak_lambur.kind == CooperativeKind.KDMP
        )
        melayu = Cooperative.objects.get(village_id="64.02.06.1005")
        assert melayu.name == "Koperasi Kelurahan Merah Putih Melayu" and melayu.kind == CooperativeKind.KKMP
        assert not Cooperative.objects.exclude(kind=CooperativeKind.KKMP).filter(village__kind="kelurahan").exists()

    def test_kukar_as_reported_on_10_june_2025(self, loaded, summary):
        kukar = summary("64.02")
        assert kukar["villages"] == {"total": 237, "desa": 193, "kelurahan": 44}
        assert kukar["cooperatives"] == 237
        phases = kukar["phases"]
        assert phases["sosialisasi"] == phases["musdesus"] == 237
        assert phases["akta"] == phases["badan_hukum"] == 61
        assert phases["legalitas_lengkap"] == 5
        assert 1 <= phases["operasional"] <= 2
        assert len(kukar["children"]) == 20
        kukar_coops = Cooperative.objects.filter(village__code__startswith="64.02.")
        # Full boards everywhere except the three incomplete ones, which show their warnings.
        warned = set(kukar_coops.filter(warning_count__gt=0).values_list("village_id", flat=True))
        assert warned == set(demo.KUKAR_INCOMPLETE_BOARD)
        assert not kukar_coops.annotate(n=Count("officials")).filter(n=0).exists()
        # Unique, well-formed identifiers; 16-digit NIKs of the regency.
        sk = list(kukar_coops.filter(phase__gte=4).values_list("sk_ahu_number", flat=True))
        assert len(set(sk)) == 61 and all(n.startswith("AHU-") and n.endswith(".AH.01.29.TAHUN 2025") for n in sk)
        niks = Official.objects.filter(cooperative__village__code__startswith="64.02.").values_list("nik", flat=True)
        assert all(len(nik) == 16 and nik.isdigit() and nik.startswith("6402") for nik in niks)
        assert len(set(niks)) == len(niks)

    def test_warning_count_matches_the_rules(self, loaded, db):
        for cooperative in Cooperative.objects.prefetch_related("officials"):
            assert cooperative.warning_count == len(governance_warnings(cooperative.officials.all())), cooperative

    def test_paser_first_musyawarah_and_targets(self, loaded, summary):
        paser_musdesus = set(
            Milestone.objects.filter(kind="musdesus", cooperative__village__code__startswith="64.01.").values_list(
                "cooperative__village_id", flat=True
            )
        )
        assert paser_musdesus == set(demo.PASER_FIRST_MUSDESUS)
        paser = summary("64.01")
        assert paser["phases"]["musdesus"] == 6
        assert paser["phases"]["sosialisasi"] > 6
        [target] = paser["targets"]
        assert (target["phase"], target["target"], target["expected_pct"], target["expected"]) == (
            "badan_hukum",
            60,
            80.0,
            48,
        )
        assert target["attainment_pct"] == 0.0
        [kukar_target] = summary("64.02")["targets"]
        assert (kukar_target["phase"], kukar_target["target"], kukar_target["due_date"]) == (
            "operasional",
            237,
            "2025-11-28",
        )
        assert kukar_target["achieved"] == summary("64.02")["phases"]["operasional"]
        assert kukar_target["attainment_pct"] > 0

    def test_milestones_follow_the_order_rules(self, loaded, db):
        operating = set(
            BusinessUnit.objects.filter(status=UnitStatus.BEROPERASI).values_list("cooperative_id", flat=True)
        )
        by_cooperative: dict[int, dict] = {}
        for cooperative_id, kind, date in Milestone.objects.values_list("cooperative_id", "kind", "date"):
            by_cooperative.setdefault(cooperative_id, {})[kind] = date
        assert len(by_cooperative) > 900
        for cooperative_id, dates in by_cooperative.items():
            for kind, date in dates.items():
                others = {k: d for k, d in dates.items() if k != kind}
                errors = milestone_order_errors(
                    kind=kind, date=date, existing=others, has_operating_unit=cooperative_id in operating
                )
                assert errors == [], (cooperative_id, kind, errors)
        assert max(d for dates in by_cooperative.values() for d in dates.values()) <= demo.REPORT_DATE

    def test_phase_column_matches_the_facts(self, loaded, db):
        """The stored phase is what the service would compute from the milestones and units."""
        from kopdes.formation.services import cooperative_refresh_phase

        for cooperative in Cooperative.objects.filter(village__code__startswith="64.02.06."):
            stored = cooperative.phase
            assert cooperative_refresh_phase(cooperative) == stored

    def test_history_is_recorded_by_the_demo_user(self, loaded, db):
        actor = User.objects.get(username=HISTORY_USERNAME)
        assert not actor.is_active
        assert Cooperative.history.filter(history_user=actor).count() == 1038
        assert Milestone.history.count() == Milestone.objects.count()

    def test_demo_logins(self, loaded, db):
        users = {u.username: u for u in User.objects.filter(username__in=[login.username for login in loaded.logins])}
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert users["admin.nasional"].role == Role.ADMIN and users["admin.nasional"].region_id is None
        assert (users["dinkop.kukar"].role, users["dinkop.kukar"].region_id) == (Role.ADMIN, "64.02")
        assert (users["dinkop.paser"].role, users["dinkop.paser"].region_id) == (Role.ADMIN, "64.01")
        assert (users["camat.tenggarong"].role, users["camat.tenggarong"].region_id) == (Role.CAMAT, "64.02.06")
        assert (users["bupati.kukar"].role, users["bupati.kukar"].region_id) == (Role.PIMPINAN, "64.02")
        assert (users["kades.janju"].role, users["kades.janju"].region_id) == (Role.KEPALA_DESA, "64.01.04.2002")
        assert (users["dpmd.kukar"].role, users["dpmd.kukar"].region_id) == (Role.DPMD, "64.02")
        pengurus = users["pengurus.rapaklambur"]
        assert pengurus.role == Role.PENGURUS and pengurus.cooperative.village_id == demo.PENGURUS_VILLAGE
        assert all(user.check_password(demo.DEMO_PASSWORD) for user in users.values())

    def test_logins_work_in_their_scope(self, loaded, db, client):
        assert client.login(username="camat.tenggarong", password=demo.DEMO_PASSWORD)
        assert client.get("/api/v1/progress/64.02.06").json()["phases"]["operasional"] == 2
        assert client.get("/api/v1/progress/64.02").status_code == 404

    def test_second_run_changes_nothing(self, loaded, db):
        before = counts()
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM cooperatives_historicalcooperative")
            last_history = cursor.fetchone()[0]
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        assert counts() == before
        assert Cooperative.history.filter(history_id__gt=last_history).count() == 0
        text = out.getvalue()
        assert "tidak ada yang diubah" in text and "Pengguna demo: 0 baru, 0 diperbarui" in text
        assert "kopdes-demo-2025" in text and "camat.tenggarong" in text

    def test_no_step_writes_the_second_time(self, loaded, db):
        again = load_demo()
        assert again.writes == {}
        assert again.counts["cooperatives_kept"] == 1038 and again.counts["national_files_kept"] == 3
        assert again.logins == loaded.logins


def test_completes_a_partly_registered_province(db):
    """A village that already has a cooperative keeps it; the others are added around it."""
    from kopdes.tests.factories import cooperative

    own = cooperative("64.02.01.2001", name="Koperasi Desa Merah Putih Pertama")
    context = load_demo()
    assert context.counts["cooperatives_kept"] == 1 and context.counts["cooperatives_created"] == 1037
    own.refresh_from_db()
    assert own.name == "Koperasi Desa Merah Putih Pertama" and not own.milestones.exists()
