"""`kopdes load_demo`: every app's demo step in INSTALLED_APPS order, the Kukar and Paser scenario they build, the
order rules, and idempotence.

The scenario tests share one load (about a second) inside a transaction that is rolled back after them, so no
other test sees its rows."""

import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import formats, timezone, translation

from kopdes.accounts.choices import Role
from kopdes.accounts.demo import HISTORY_USERNAME
from kopdes.accounts.models import User
from kopdes.cooperatives.choices import CooperativeKind, UnitStatus
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Document, Official
from kopdes.cooperatives.rules import governance_warnings
from kopdes.dashboard.selectors import progress_document, trend_document
from kopdes.devtools.runner import app_modules, load_demo
from kopdes.formation import demo
from kopdes.formation.choices import DOCUMENT_REQUIRED_TO_VERIFY
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
        with translation.override("id"):
            today = formats.date_format(timezone.localdate())
        assert loaded.messages[0] == (
            f"Data demo dari rakor 10 Juni 2025 sampai {today}: 1038 koperasi baru, 5572 tahapan, 2373 dokumen, "
            "7965 pengurus/pengawas, 659 gerai, 3 target."
        )
        assert loaded.messages[1].startswith("SIMKOPDES: stats_province.csv: 38 baris")
        expected = {
            "history_users_created": 1,
            "cooperatives_created": 1038,
            "officials_created": 7965,
            "milestones_created": 5572,
            "documents_created": 2373,
            "units_created": 659,
            "targets_created": 3,
            "users_created": 9,
            "potentials_created": 26,
            "bumdes_created": 7,
            "bumdes_units_created": 11,
            "planned_units_created": 1,
            "overlap_decisions_created": 1,
            "national_imports_created": 3,
        }
        # Exactly these for the steps named here; apps added later check their own keys in their demo tests.
        assert {key: n for key, n in loaded.writes.items() if key in expected} == expected
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

    def test_kukar_as_reported_on_10_june_2025(self, loaded, db):
        """The living demo still tells the rakor report when asked as of its day (the CLI the issue names)."""
        out = io.StringIO()
        call_command("progress", "64.02", "--as-of", "2025-06-10", "--json", stdout=out)
        kukar = json.loads(out.getvalue())
        assert kukar["villages"] == {"total": 237, "desa": 193, "kelurahan": 44}
        assert kukar["cooperatives"] == 237  # formed: every one had its musyawarah
        phases = kukar["phases"]
        assert phases["sosialisasi"] == phases["musdesus"] == 237
        assert phases["akta"] == phases["badan_hukum"] == 61
        assert phases["legalitas_lengkap"] == 5
        assert phases["operasional"] == 2
        assert len(kukar["children"]) == 20

    def test_kukar_today_is_mid_programme(self, loaded, summary):
        kukar = summary("64.02")
        assert kukar["cooperatives"] == 237
        phases = kukar["phases"]
        assert phases["musdesus"] == 237
        assert 61 < phases["badan_hukum"] < 237 and 0 < phases["operasional"] < phases["legalitas_lengkap"]
        assert (phases["akta"], phases["badan_hukum"], phases["legalitas_lengkap"], phases["operasional"]) == (
            218,
            207,
            137,
            68,
        )
        kukar_coops = Cooperative.objects.filter(village__code__startswith="64.02.")
        # Full boards everywhere except the three incomplete ones, which show their warnings (and hold them back).
        warned = set(kukar_coops.filter(warning_count__gt=0).values_list("village_id", flat=True))
        assert warned == set(demo.KUKAR_INCOMPLETE_BOARD)
        assert set(kukar_coops.filter(village_id__in=warned).values_list("phase", flat=True)) == {2}
        assert not kukar_coops.annotate(n=Count("officials")).filter(n=0).exists()
        # Unique, well-formed identifiers; 16-digit NIKs of the regency.
        sk = list(kukar_coops.filter(phase__gte=4).values_list("sk_ahu_number", flat=True))
        assert len(set(sk)) == 207 and all(n.startswith("AHU-") and n.endswith(".AH.01.29.TAHUN 2025") for n in sk)
        niks = Official.objects.filter(cooperative__village__code__startswith="64.02.").values_list("nik", flat=True)
        assert all(len(nik) == 16 and nik.isdigit() and nik.startswith("6402") for nik in niks)
        assert len(set(niks)) == len(niks)
        chairs = Official.objects.filter(cooperative__in=kukar_coops, position="ketua").values_list("phone", flat=True)
        assert len(chairs) == 237 and all(phone.startswith("08") and 11 <= len(phone) <= 12 for phone in chairs)

    def test_the_office_verified_what_is_old_enough(self, loaded, db):
        today = timezone.localdate()
        recent = Milestone.objects.filter(date__gt=today - datetime.timedelta(days=demo.RECENT_DAYS))
        assert recent.filter(cooperative__village__code__startswith="64.02.").count() >= 5
        assert not recent.filter(status="verified").exists()  # too young to be verified
        verified_this_week = Milestone.objects.filter(
            status="verified", verified_at__date__gt=today - datetime.timedelta(days=demo.RECENT_DAYS)
        )
        assert verified_this_week.filter(cooperative__village__code__startswith="64.02.").exists()
        old = Milestone.objects.filter(date__lte=today - datetime.timedelta(days=demo.REVIEW_DAYS))
        assert old.filter(status="verified").count() > 0.85 * old.count()
        verified = Milestone.objects.filter(status="verified")
        assert not verified.filter(verified_at__date__lt=F("date")).exists()
        assert not verified.filter(verified_at__gt=timezone.now()).exists()
        # Musyawarah, akta and SK are verified only with their document, as milestone_verify requires.
        assert not verified.filter(kind__in=DOCUMENT_REQUIRED_TO_VERIFY, document__isnull=True).exists()
        assert Milestone.objects.filter(kind__in=DOCUMENT_REQUIRED_TO_VERIFY, document__isnull=True).exists()
        [rejected] = Milestone.objects.filter(status="rejected")
        assert rejected.kind == "akta" and rejected.cooperative.village_id.startswith("64.02.")
        assert rejected.date < rejected.rejected_on < today and rejected.cooperative.phase == 2
        documents = Document.objects.filter(milestones__isnull=False)
        assert documents.count() == Document.objects.count() > 1000

    def test_targets_and_trend_look_like_mid_programme(self, loaded, summary):
        targets = {t["phase"]: t for t in summary("64.02")["targets"]}
        assert targets["operasional"]["due_date"] == "2025-11-28" and targets["operasional"]["on_track"] is False
        assert 0 < targets["operasional"]["attainment_pct"] < 50
        assert targets["legalitas_lengkap"]["achieved"] == summary("64.02")["phases"]["legalitas_lengkap"]
        trend = trend_document(region=checked("64.02"), until=timezone.localdate())
        assert trend["months"][0] == "2025-04" and trend["months"][-1] == f"{timezone.localdate():%Y-%m}"
        operating = trend["phases"]["operasional"]
        assert operating[trend["months"].index("2025-06")] == 2
        assert operating == sorted(operating) and operating[-1] == 68

    def test_warning_count_matches_the_rules(self, loaded, db):
        for cooperative in Cooperative.objects.prefetch_related("officials"):
            assert cooperative.warning_count == len(governance_warnings(cooperative.officials.all())), cooperative

    def test_paser_first_musyawarah_and_targets(self, loaded, summary):
        report = datetime.date(2025, 6, 10)
        paser_musdesus = set(
            Milestone.objects.filter(
                kind="musdesus", date__lte=report, cooperative__village__code__startswith="64.01."
            ).values_list("cooperative__village_id", flat=True)
        )
        assert paser_musdesus == set(demo.PASER_FIRST_MUSDESUS)
        paser_june = progress_document(region=checked("64.01"), as_of=report)
        assert paser_june["phases"]["musdesus"] == 6
        assert paser_june["phases"]["sosialisasi"] > 6
        [june_target] = paser_june["targets"]
        assert (june_target["phase"], june_target["target"], june_target["expected_pct"], june_target["expected"]) == (
            "badan_hukum",
            60,
            80.0,
            48,
        )
        assert june_target["attainment_pct"] == 0.0
        [target] = summary("64.01")["targets"]
        assert target["achieved"] == summary("64.01")["phases"]["badan_hukum"] > 60 and target["on_track"] is True

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
        assert max(d for dates in by_cooperative.values() for d in dates.values()) <= timezone.localdate()

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
        operating = (
            BusinessUnit.objects.filter(
                status=UnitStatus.BEROPERASI, cooperative__village__code__startswith="64.02.06."
            )
            .values("cooperative")
            .distinct()
        )
        assert client.get("/api/v1/progress/64.02.06").json()["phases"]["operasional"] == operating.count() > 2
        assert client.get("/api/v1/progress/64.02.06?as_of=2025-06-10").json()["phases"]["operasional"] == 2
        assert client.get("/api/v1/progress/64.02").status_code == 404

    def test_second_run_changes_nothing(self, loaded, db):
        before = counts()
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(history_id) FROM cooperatives_historicalcooperative")
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
