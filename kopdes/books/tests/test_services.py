import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kopdes.books import selectors, services
from kopdes.books.models import JournalEntry, JournalLine, Member, Sale, Saving
from kopdes.books.tests.conftest import nik
from kopdes.core.exceptions import ConflictError
from kopdes.regions.models import Region

D = datetime.date


def test_member_outside_village_refused(books, kukar_coop):
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            actor=None, cooperative=kukar_coop, number="X-1", nik=nik(9), name="Luar", sex="L",
            joined_on=D(2025, 7, 1), domicile=Region.objects.get(code="64.02.01.2002"),
        )  # fmt: skip
    assert "berdomisili di desa/kelurahan koperasi" in str(exc.value)
    assert not Member.objects.exists()


def test_member_bad_nik_and_duplicate_number(member, kukar_coop):
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            actor=None, cooperative=kukar_coop, number="A-009", nik=nik(9, female=True), name="X", sex="L",
            joined_on=D(2025, 7, 1),
        )  # fmt: skip
    assert "perempuan" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            actor=None, cooperative=kukar_coop, number="A-001", nik=nik(8), name="Y", sex="L", joined_on=D(2025, 7, 1)
        )
    assert "Nomor anggota" in str(exc.value)
    assert Member.objects.count() == 1


def test_saving_posts_and_refuses_bad_input(member, kukar_coop):
    saving = services.saving_record(actor=None, member=member, day=D(2025, 7, 1), kind="pokok", amount=100_000)
    lines = {(line.account, line.debit, line.credit) for line in saving.entry.lines.all()}
    assert lines == {("1101", 100_000, 0), ("3101", 0, 100_000)}
    for kind, amount, fragment in [
        ("wajib", -10_000, "tidak bisa ditarik"),
        ("pokok", 100_000, "sudah dibayar"),
        ("sukarela", -1, "melebihi saldo"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.saving_record(actor=None, member=member, day=D(2025, 7, 2), kind=kind, amount=amount)
        assert fragment in str(exc.value)
    assert Saving.objects.count() == 1 and JournalEntry.objects.count() == 1


def test_sale_only_at_running_gerai_and_reversal(member, kukar_coop):
    with pytest.raises(ValidationError) as exc:
        services.sale_record(actor=None, cooperative=kukar_coop, day=D(2025, 7, 3), category="apotek", value=5)
    assert "tidak menjalankan gerai" in str(exc.value)
    sale = services.sale_record(
        actor=None, cooperative=kukar_coop, day=D(2025, 7, 3), category="sembako", value=500_000, cost=400_000
    )
    services.entry_reverse(actor=None, entry=sale.entry)
    assert selectors.sales_by_gerai(cooperative=kukar_coop, start=D(2025, 7, 1), end=D(2025, 7, 31)) == [
        {"category": "sembako", "value": 0, "cost": 0, "days": 1}
    ]
    with pytest.raises(ValidationError, match="sudah dibalik"):
        services.entry_reverse(actor=None, entry=sale.entry)
    assert JournalLine.objects.count() == 8


def test_manual_entry_must_balance_and_closed_month(books, kukar_coop):
    with pytest.raises(ValidationError, match="tidak seimbang"):
        services.manual_entry(
            actor=None, cooperative=kukar_coop, day=D(2025, 7, 5), lines=[("1101", 10, 0), ("4901", 0, 9)],
            description="x",
        )  # fmt: skip
    services.month_close(actor=None, cooperative=kukar_coop, through=D(2025, 7, 20))
    with pytest.raises(ValidationError, match="ditutup"):
        services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 7, 31), kind="sewa", amount=1)
    services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 8, 1), kind="sewa", amount=1)
    assert JournalEntry.objects.count() == 1


def test_settings_division_and_conflict(books, kukar_coop):
    with pytest.raises(ValidationError, match="Permendes"):
        services.books_settings_update(
            actor=None, settings=books, version=1,
            data={"shu_division": {"cadangan": 45, "jasa_modal": 15, "jasa_anggota": 25, "bagian_desa": 15}},
        )  # fmt: skip
    services.books_settings_update(actor=None, settings=books, version=1, data={"wajib_rp": 20_000})
    with pytest.raises(ConflictError):
        services.books_settings_update(actor=None, settings=books, version=1, data={"wajib_rp": 30_000})


def test_statements_and_shu_and_rat(member, member_p, kukar_coop):
    services.saving_record(actor=None, member=member, day=D(2025, 7, 1), kind="pokok", amount=100_000)
    services.saving_record(actor=None, member=member_p, day=D(2025, 8, 15), kind="pokok", amount=100_000)
    services.saving_record(actor=None, member=member_p, day=D(2025, 8, 15), kind="sukarela", amount=50_000)
    services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 7, 2), kind="pembelian", amount=2_000_000)
    services.sale_record(
        actor=None, cooperative=kukar_coop, day=D(2025, 9, 1), category="sembako", value=3_000_000, cost=2_000_000,
        member=member_p,
    )  # fmt: skip
    services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 9, 30), kind="listrik_air", amount=150_000)
    year = selectors.year_statements(cooperative=kukar_coop, year=2025)
    assert year["laba_rugi"] == {"pendapatan": 3_000_000, "hpp": 2_000_000, "beban": 150_000, "shu": 850_000}
    assert year["neraca"] == {"aset": 1_100_000, "kewajiban": 50_000, "ekuitas": 1_050_000}
    assert year["balanced"] and year["trial_debit"] == year["trial_credit"]
    shu = selectors.shu_for(cooperative=kukar_coop, year=2025)
    assert shu["pools"]["bagian_desa"] == 170_000 and sum(shu["pools"].values()) == 850_000
    members = {row["nomor_anggota"]: row for row in shu["members"]}
    assert members["A-002"]["jasa_anggota"] == 170_000  # the only member who bought
    assert members["A-001"]["jasa_modal"] == members["A-002"]["jasa_modal"] == 63_750
    with pytest.raises(ValidationError, match="setelah tahun buku"):
        services.rat_record(actor=None, cooperative=kukar_coop, year=2025, held_on=D(2025, 12, 1), members_present=2)
    rat = services.rat_record(actor=None, cooperative=kukar_coop, year=2025, held_on=D(2026, 2, 14), members_present=2)
    assert rat.quorum_met and rat.shu_rp == 850_000 and rat.bagian_desa_rp == 170_000
    assert selectors.rat_held(cooperative=kukar_coop, year=2025) == rat
    with pytest.raises(ValidationError, match="ditutup"):
        services.cost_record(actor=None, cooperative=kukar_coop, day=D(2025, 12, 31), kind="sewa", amount=1)


def test_selectors_other_apps_read(member, member_p, kukar_coop):
    services.saving_record(actor=None, member=member, day=D(2025, 7, 5), kind="wajib", amount=10_000)
    services.saving_record(actor=None, member=member, day=D(2025, 8, 5), kind="wajib", amount=10_000)
    assert selectors.wajib_collected(cooperative=kukar_coop, start=D(2025, 8, 1), end=D(2025, 8, 31)) == 10_000
    assert selectors.members_at(cooperative=kukar_coop, day=D(2025, 8, 1)).count() == 1
    assert selectors.members_at(cooperative=kukar_coop, day=D(2025, 8, 15)).count() == 2
    rows = {row["member"].number: row for row in selectors.arrears(cooperative=kukar_coop, as_of=D(2025, 9, 30))}
    assert (rows["A-001"]["months"], rows["A-001"]["rupiah"]) == (1, 10_000)
    assert (rows["A-002"]["months"], rows["A-002"]["rupiah"]) == (2, 20_000)
    link = selectors.whatsapp_link(member_p, 2, 20_000, kukar_coop)
    assert link.startswith("https://wa.me/6281234567890?text=") and "Rp%2020.000" in link


EVENT = st.one_of(
    st.tuples(st.just("sale"), st.integers(1, 5_000_000), st.integers(0, 5_000_000)),
    st.tuples(st.just("cost"), st.sampled_from(["pembelian", "gaji", "penyusutan", "sewa"]), st.integers(1, 10**7)),
    st.tuples(st.just("saving"), st.sampled_from(["wajib", "sukarela"]), st.integers(-50_000, 200_000)),
    st.tuples(st.just("reverse"), st.integers(0, 50)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(EVENT, min_size=1, max_size=15))
def test_property_trial_balance_and_neraca_always_balance(member, kukar_coop, events):
    """Any sequence of valid events (and refused ones, which change nothing) keeps the trial balance even and the
    neraca's aset == kewajiban + ekuitas."""
    from django.db import transaction

    with transaction.atomic():
        entries = []
        for number, event in enumerate(events):
            day = D(2025, 7, 1) + datetime.timedelta(days=number)
            try:
                with transaction.atomic():
                    if event[0] == "sale":
                        entries.append(
                            services.sale_record(
                                actor=None, cooperative=kukar_coop, day=day, category="sembako", value=event[1],
                                cost=event[2],
                            ).entry
                        )  # fmt: skip
                    elif event[0] == "cost":
                        entries.append(
                            services.cost_record(
                                actor=None, cooperative=kukar_coop, day=day, kind=event[1], amount=event[2]
                            ).entry
                        )
                    elif event[0] == "saving":
                        entries.append(
                            services.saving_record(actor=None, member=member, day=day, kind=event[1], amount=event[2])
                            .entry
                        )  # fmt: skip
                    elif entries:
                        services.entry_reverse(actor=None, entry=entries[event[1] % len(entries)])
            except ValidationError:
                pass
            result = selectors.statements(cooperative=kukar_coop, start=D(2025, 1, 1), end=D(2025, 12, 31))
            assert result["trial_debit"] == result["trial_credit"]
            neraca = result["neraca"]
            assert neraca["aset"] == neraca["kewajiban"] + neraca["ekuitas"]
        transaction.set_rollback(True)
    assert not Sale.objects.exists()


def test_chart_of_accounts_is_editable_per_cooperative(books, kukar_coop, client_for, pengurus, bupati, paser_officer):
    """A cooperative renames a default account, adds one of its own and posts to it; an account it set aside is
    refused, one with a balance cannot be set aside; the statements name the accounts as the cooperative does."""
    services.chart_account_save(actor=None, cooperative=kukar_coop, code="1101", name="Kas besar")
    services.chart_account_save(actor=None, cooperative=kukar_coop, code="4102", name="Penjualan LPG")
    services.manual_entry(actor=None, cooperative=kukar_coop, day=D(2025, 8, 1), description="LPG",
                          lines=[("1101", 40_000, 0), ("4102", 0, 40_000)])  # fmt: skip
    result = selectors.year_statements(cooperative=kukar_coop, year=2025)
    assert {"account": "4102", "name": "Penjualan LPG", "kind": "pendapatan", "amount": 40_000} in result[
        "laba_rugi_lines"]  # fmt: skip
    assert result["trial_balance"][0]["name"] == "Kas besar" and result["laba_rugi"]["pendapatan"] == 40_000
    services.chart_account_save(actor=None, cooperative=kukar_coop, code="1102", name="Bank", active=False)
    with pytest.raises(ValidationError) as exc:
        services.manual_entry(actor=None, cooperative=kukar_coop, day=D(2025, 8, 2), description="x",
                              lines=[("1102", 1, 0), ("4102", 0, 1)])  # fmt: skip
    assert "1102" in str(exc.value)
    with pytest.raises(ValidationError):
        services.chart_account_save(actor=None, cooperative=kukar_coop, code="4102", name="LPG", active=False)
    with pytest.raises(ValidationError):
        services.chart_account_save(actor=None, cooperative=kukar_coop, code="7001", name="Salah")
    base = f"/api/v1/cooperatives/{kukar_coop.pk}/books/accounts"
    rows = {row["code"]: row for row in client_for(pengurus).get(base).json()}
    assert rows["4102"] == {"code": "4102", "name": "Penjualan LPG", "kind": "pendapatan", "default": False,
                            "active": True} and rows["1102"]["active"] is False  # fmt: skip
    created = client_for(pengurus).post(base, {"code": "6301", "name": "Beban pemasaran"},
                                        content_type="application/json")  # fmt: skip
    assert created.status_code == 201 and created.json()["kind"] == "beban"
    assert (
        client_for(bupati).post(base, {"code": "6302", "name": "X"}, content_type="application/json").status_code == 403
    )
    assert client_for(paser_officer).get(base).status_code == 404
    page = client_for(pengurus).get(f"/pembukuan/koperasi/{kukar_coop.pk}/akun/")
    assert page.status_code == 200 and 'data-account="6301"' in page.content.decode()
    assert client_for(bupati).post(f"/pembukuan/koperasi/{kukar_coop.pk}/akun/",
                                   {"code": "6303", "name": "X"}).status_code == 403  # fmt: skip
