import datetime

import pytest
from django.urls import reverse

from kopdes.accounts.choices import Role
from kopdes.books import services
from kopdes.books.models import JournalEntry, Member, Sale
from kopdes.books.tests.conftest import nik
from kopdes.tests.factories import UserFactory

D = datetime.date


def _url(name, coop, *args):
    return reverse(f"books:{name}", args=[coop.pk, *args])


@pytest.fixture
def sale(member, kukar_coop):
    return services.sale_record(
        actor=None, cooperative=kukar_coop, day=D(2026, 11, 28), category="sembako", value=750_000, cost=600_000,
        member=member,
    )  # fmt: skip


PAGES = ["cooperative", "members", "savings", "costs", "journal", "statements", "shu", "rat"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_for_pengurus_and_regency(name, client_for, pengurus, kukar_officer, sale, kukar_coop):
    assert client_for(pengurus).get(_url(name, kukar_coop)).status_code == 200
    assert client_for(kukar_officer).get(_url(name, kukar_coop)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_pages_outside_scope_are_404(name, client_for, paser_officer, sale, kukar_coop):
    assert client_for(paser_officer).get(_url(name, kukar_coop)).status_code == 404


def test_open_books_from_page(client_for, pengurus, bupati, kukar_coop):
    url = _url("cooperative", kukar_coop)
    assert client_for(bupati).post(url, {"opened_on": "2026-01-01", "pokok_rp": 1, "wajib_rp": 1}).status_code == 403
    response = client_for(pengurus).post(url, {"opened_on": "2026-01-01", "pokok_rp": 50_000, "wajib_rp": 5_000})
    assert response.status_code == 302
    assert kukar_coop.__class__.objects.get(pk=kukar_coop.pk) and services.books_of(kukar_coop).wajib_rp == 5_000


def test_add_member_and_nik_masked_for_regency(client_for, pengurus, kukar_officer, bupati, books, kukar_coop):
    data = {"number": "B-1", "nik": nik(5, female=True), "name": "Rina", "sex": "P", "joined_on": "2025-09-01"}
    assert client_for(kukar_officer).post(_url("members", kukar_coop), data).status_code == 403
    assert client_for(pengurus).post(_url("members", kukar_coop), data).status_code == 302
    assert Member.objects.get(number="B-1").nik == data["nik"]
    bad = client_for(pengurus).post(_url("members", kukar_coop), {**data, "number": "B-2", "sex": "L"})
    assert bad.status_code == 400 and "perempuan" in bad.content.decode()
    page = client_for(bupati).get(_url("members", kukar_coop)).content.decode()
    assert data["nik"] not in page and data["nik"][:4] + "********" in page
    assert data["nik"] in client_for(pengurus).get(_url("members", kukar_coop)).content.decode()
    export = client_for(bupati).get(_url("members", kukar_coop) + "?format=csv").content.decode()
    assert "Rina" in export and data["nik"] not in export


def test_cashier_records_and_reverses(client_for, pengurus, bupati, member, kukar_coop):
    url = _url("cashier", kukar_coop, "sembako") + "?tanggal=2026-11-29"
    assert client_for(bupati).post(url, {"value": 10, "cost": 0, "tanggal": "2026-11-29"}).status_code == 403
    client = client_for(pengurus)
    response = client.post(url, {"value": 125_000, "cost": 100_000, "member": "A-001", "tanggal": "2026-11-29"})
    assert response.status_code == 200
    assert 'data-total="125000"' in response.content.decode()
    sale = Sale.objects.get()
    assert sale.member == member and sale.date == D(2026, 11, 29)
    assert client.post(_url("cashier", kukar_coop, "apotek"), {"value": 5, "cost": 0}).status_code == 400
    client.post(_url("reverse", kukar_coop, sale.entry_id))
    assert JournalEntry.objects.filter(reverses=sale.entry).exists()
    assert 'data-total="0"' in client.get(url).content.decode()


def test_savings_receipt_and_arrears(client_for, pengurus, member, member_p, kukar_coop):
    client = client_for(pengurus)
    response = client.post(
        _url("savings", kukar_coop), {"member": "A-001", "day": "2025-07-01", "kind": "pokok", "amount": 100_000}
    )
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    assert "Rp 100.000" in receipt and "A-001" in receipt
    page = client.get(_url("savings", kukar_coop) + "?per=2025-09-30").content.decode()
    assert 'data-member="A-002" data-months="2"' in page and "https://wa.me/6281234567890" in page


def test_statements_export_and_region_page(client_for, kukar_officer, camat, bupati, sale, kukar_coop):
    response = client_for(kukar_officer).get(_url("statements", kukar_coop) + "?tahun=2026&format=xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-2026.xlsx"')
    page = client_for(kukar_officer).get(_url("statements", kukar_coop) + "?tahun=2026").content.decode()
    assert 'data-shu="150000"' in page and 'data-balanced="1"' in page
    region = client_for(kukar_officer).get(reverse("books:region") + "?region=64.02").content.decode()
    assert 'data-region="64.02.01"' in region
    assert client_for(camat).get(reverse("books:region") + "?region=64.01").status_code == 404


def test_home_sends_pengurus_to_their_books(client_for, pengurus, books, kukar_coop):
    response = client_for(pengurus).get(reverse("books:home"))
    assert response.status_code == 302 and response["Location"] == _url("cooperative", kukar_coop)


def test_cooperative_panel(client_for, kukar_officer, sale, kukar_coop):
    page = client_for(kukar_officer).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk]))
    assert 'data-books="members">1<' in page.content.decode()


def test_member_list_queries(client_for, pengurus, books, kukar_coop, django_assert_max_num_queries):
    for i in range(30):
        services.member_create(
            actor=None, cooperative=kukar_coop, number=f"M-{i:03d}", nik=nik(100 + i), name=f"A {i}", sex="L",
            joined_on=D(2025, 7, 1),
        )  # fmt: skip
    client = client_for(pengurus)
    with django_assert_max_num_queries(15):
        assert client.get(_url("members", kukar_coop)).status_code == 200


def test_other_cooperatives_pengurus_gets_404(client_for, paser_coop, sale, kukar_coop):
    other = UserFactory(username="pengurus.janju", role=Role.PENGURUS, cooperative=paser_coop)
    client = client_for(other)
    assert client.get(_url("cashier", kukar_coop, "sembako")).status_code == 404
    assert client.post(_url("reverse", kukar_coop, sale.entry_id)).status_code == 404
    assert not JournalEntry.objects.filter(reverses=sale.entry).exists()
