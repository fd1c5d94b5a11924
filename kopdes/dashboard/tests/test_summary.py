"""The page each role lands on: the regency summary (targets with their trend, kecamatan ranked by shortfall,
cooperatives stuck longest, the last 7 days, SIMKOPDES gap), the bupati's PDF briefing, the camat's villages, the
kepala desa's and pengurus' checklist, the country and province ranking. Numbers checked against counts made here;
scope (404) and the read-only leader; query counts that do not grow with the rows."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kopdes.cooperatives.services import document_upload, official_update
from kopdes.dashboard.pdf import briefing_html
from kopdes.dashboard.selectors import region_summary
from kopdes.formation.models import Milestone
from kopdes.formation.services import milestone_record, milestone_verify, target_create
from kopdes.regions.models import Region
from kopdes.tests.factories import checked, cooperative, full_board, operating_unit, upload

TODAY = timezone.localdate()


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def record(coop, steps):
    for kind, days in steps:
        milestone_record(actor=None, cooperative=coop, kind=kind, date=ago(days))


LEGAL = ["nik_koperasi", "nib", "npwp", "rekening"]


@pytest.fixture
def kukar(db, kukar_officer, kukar_coop):
    """Muara Muntai (64.02.01): Perian at its musyawarah 300 days ago with no berita acara; Muara Muntai Ilir with
    its akta 120 days ago; Jantur operating. Loa Kulu (64.02.02): one musyawarah three days ago. A Kukar target."""
    perian = kukar_coop  # 64.02.01.2001, the pengurus persona's cooperative
    full_board(perian)
    chair = perian.officials.get(position="ketua")
    official_update(actor=None, official=chair, data={"phone": "081234567890"})
    record(perian, [("musdesus", 300)])
    ilir = cooperative("64.02.01.2002")
    record(ilir, [("musdesus", 200), ("akta", 120)])
    akta = ilir.milestones.get(kind="akta")
    akta.document = document_upload(actor=kukar_officer, cooperative=ilir, kind="akta", uploaded_file=upload())
    akta.save(update_fields=["document"])
    milestone_verify(actor=None, milestone=akta)
    jantur = cooperative("64.02.01.2003")
    record(jantur, [("musdesus", 400), ("akta", 380), ("badan_hukum", 360), *[(k, 340) for k in LEGAL]])
    operating_unit(jantur)
    record(jantur, [("operasional", 330)])
    loa_kulu = cooperative("64.02.02.2001")
    record(loa_kulu, [("musdesus", 3)])
    target_create(actor=None, region=Region.objects.get(code="64.02"), phase="akta", count=100, due_date=ago(-200))
    return {"perian": perian, "ilir": ilir, "jantur": jantur, "loa_kulu": loa_kulu}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("who", ["kukar_officer", "dpmd", "bupati"])
def test_regency_summary_for_each_regency_role(kukar, client_for, who, request):
    response = client_for(request.getfixturevalue(who)).get("/wilayah/64.02/")
    assert response.status_code == 200
    html = response.content.decode()
    for section in ('id="trend"', 'id="ranking"', 'id="stuck"', 'id="changes"', 'id="briefing-pdf"'):
        assert section in html, section
    context = response.context
    # Kecamatan ranked by shortfall against the target (100 akta over 237 villages, spread by village count).
    ranking = context["overview"]["ranking"]
    assert len(ranking) == 20
    muara_muntai = next(row for row in ranking if row["code"] == "64.02.01")
    assert (muara_muntai["villages"], muara_muntai["achieved"]) == (13, 2)
    assert muara_muntai["expected"] == round(100 * 13 / 237)
    shortfalls = [row["shortfall"] for row in ranking]
    assert shortfalls == sorted(shortfalls, reverse=True)
    # Stuck longest: Perian (300 days at its musyawarah), then Muara Muntai Ilir (120 days at its akta); not the
    # operating Jantur, which is done.
    stuck = context["overview"]["stuck"]
    assert [(row.village_code, row.days_in_phase) for row in stuck] == [
        ("64.02.01.2001", 300),
        ("64.02.01.2002", 120),
        ("64.02.02.2001", 3),
    ]
    assert stuck[0].next_labels == ["Akta notaris"] and stuck[0].missing_labels == ["Musyawarah desa/kelurahan khusus"]
    assert stuck[1].next_labels == ["SK badan hukum (AHU)"]
    assert stuck[1].missing_labels == ["Musyawarah desa/kelurahan khusus"]  # the akta has its document
    # The last 7 days: Loa Kulu's musyawarah and the akta verified today.
    changes = context["overview"]["changes"]
    assert changes["counts"] == {"total": 2, "recorded": 1, "verified": 1, "rejected": 0}
    assert {m.cooperative.village_id for m in changes["rows"]} == {"64.02.02.2001", "64.02.01.2002"}


def test_ranking_is_sortable(kukar, client_for, kukar_officer):
    client = client_for(kukar_officer)
    by_name = client.get("/wilayah/64.02/?urut=nama").context["overview"]["ranking"]
    assert [row["name"] for row in by_name] == sorted(row["name"] for row in by_name)
    by_pct = client.get("/wilayah/64.02/?urut=persen").context["overview"]["ranking"]
    assert [row["pct"] for row in by_pct] == sorted(row["pct"] for row in by_pct)
    assert 'aria-sort="ascending"' in client.get("/wilayah/64.02/?urut=nama").content.decode()


def test_trend_chart_data_and_its_table(kukar, client_for, kukar_officer):
    response = client_for(kukar_officer).get("/wilayah/64.02/")
    html = response.content.decode()
    data = json.loads(re.search(r'id="trend-chart-data" type="application/json">(.*?)</script>', html).group(1))
    akta = next(series for series in data["series"] if series["label"] == "Akta notaris")["data"]
    assert akta[-1] == 2 and data["target"]["value"] == 100
    assert len(data["labels"]) == len(response.context["trend_rows"])
    assert "<table" in html.split('id="trend-table"')[0][-200:] or 'id="trend-table"' in html
    assert 'id="ranking-chart-data"' in html and 'id="ranking-table"' in html
    assert "<script>" not in html  # CSP: no inline script, the data travels as application/json


def test_regency_page_queries_do_not_grow_with_rows(kukar, client_for, kukar_officer):
    client = client_for(kukar_officer)
    client.get("/wilayah/64.02/")
    with CaptureQueriesContext(connection) as before:
        assert client.get("/wilayah/64.02/").status_code == 200
    codes = Region.objects.filter(code__startswith="64.02.1", level="village").values_list("code", flat=True)
    for code in codes[:4]:
        record(cooperative(code), [("musdesus", 100), ("akta", 50)])
    with CaptureQueriesContext(connection) as after:
        assert client.get("/wilayah/64.02/").status_code == 200
    # Every block of every app is one or two aggregates; the summary adds a fixed handful.
    assert len(after) == len(before) <= 60


def test_summary_outside_scope_and_read_only(kukar, client_for, paser_officer, bupati, camat):
    assert client_for(paser_officer).get("/wilayah/64.02/").status_code == 404
    assert client_for(camat).get("/wilayah/64.02/").status_code == 404
    html = client_for(bupati).get("/wilayah/64.02/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'method="post"' not in main.lower()  # nothing to change on the page (the header keeps sign-out)


def test_briefing_pdf(kukar, client_for, bupati, paser_officer, camat, kukar_officer):
    response = client_for(bupati).get(reverse("dashboard:region_briefing", args=["64.02"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(paser_officer).get("/wilayah/64.02/ringkasan.pdf").status_code == 404
    assert client_for(camat).get("/wilayah/64.02.01/ringkasan.pdf").status_code == 404  # no briefing below a regency
    # What WeasyPrint lays out: one page, the regency's name and the same figures as the screen.
    from weasyprint import HTML

    overview = region_summary(region=checked("64.02"), today=TODAY)
    document = HTML(string=briefing_html(overview=overview, today=TODAY, child_level_label="Kecamatan")).render()
    assert len(document.pages) == 1
    texts = []

    def walk(box):
        if getattr(box, "text", None):
            texts.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    laid_out = " ".join(texts)
    assert "Kabupaten Kutai Kartanegara" in laid_out
    assert "Perian" in laid_out and "300" in laid_out


def test_camat_sees_their_villages(kukar, client_for, camat):
    response = client_for(camat).get("/wilayah/64.02.01/")
    assert response.status_code == 200
    rows = {row["region"]["code"]: row for row in response.context["villages"]}
    assert len(rows) == Region.objects.filter(parent_id="64.02.01").count() == 13
    perian = rows["64.02.01.2001"]["status"]
    assert (perian.phase_label, perian.days_in_phase, perian.chair_phone) == ("Musyawarah khusus", 300, "081234567890")
    assert perian.next_labels == ["Akta notaris"] and perian.missing_labels == ["Musyawarah desa/kelurahan khusus"]
    assert rows["64.02.01.2003"]["status"].next_labels == []
    assert rows["64.02.01.2004"]["status"] is None
    html = response.content.decode()
    assert 'href="tel:081234567890"' in html and "Koperasi belum terdaftar" in html
    assert client_for(camat).get("/wilayah/64.02.02/").status_code == 404


def test_camat_page_query_count_is_fixed(kukar, client_for, camat):
    client = client_for(camat)
    client.get("/wilayah/64.02.01/")
    with CaptureQueriesContext(connection) as before:
        client.get("/wilayah/64.02.01/")
    record(cooperative("64.02.01.2004"), [("musdesus", 10)])
    full_board(cooperative("64.02.01.2005"), start_nik=6402010101900101)
    with CaptureQueriesContext(connection) as after:
        client.get("/wilayah/64.02.01/")
    assert len(after) == len(before) <= 48  # fixed: about three per registered block (13 apps), never per village


def test_kepala_desa_and_pengurus_get_the_checklist(kukar, client_for, kepala_desa, pengurus, paser_officer):
    village = client_for(kepala_desa).get("/wilayah/64.02.01.2001/")
    assert village.status_code == 200
    checklist = village.context["checklist"]
    assert checklist["next"] == ["Akta notaris"]
    assert checklist["missing_evidence"] == ["Musyawarah desa/kelurahan khusus"]
    states = {step["key"]: step["state"] for step in checklist["steps"]}
    assert states["musdesus"] == "claimed" and states["akta"] == "todo" and states["gerai"] == "todo"
    page = client_for(pengurus).get(f"/koperasi/{kukar['perian'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="checklist"' in html and 'data-step="akta" data-state="todo" aria-current="step"' in html
    assert html.index('id="checklist"') < html.index('id="milestones"')
    assert client_for(pengurus).get(f"/koperasi/{kukar['ilir'].pk}/").status_code == 404
    assert client_for(kepala_desa).get("/wilayah/64.02.01.2002/").status_code == 404


def test_checklist_after_operating(kukar, client_for, kukar_officer):
    page = client_for(kukar_officer).get(f"/koperasi/{kukar['jantur'].pk}/")
    steps = {step["key"]: step["state"] for step in page.context["panels"][0]["context"]["checklist"]["steps"]}
    assert steps["gerai"] == "done" and steps["operasional"] == "claimed"
    assert "semua tahap pembentukan selesai" in page.content.decode()


def test_national_and_province_rank_their_children(kukar, client_for, national_admin):
    client = client_for(national_admin)
    country = client.get("/wilayah/ID/")
    assert country.status_code == 200
    provinces = country.context["overview"]["ranking"]
    kaltim = next(row for row in provinces if row["code"] == "64")
    assert kaltim["achieved"] == Milestone.objects.filter(kind="operasional").count() == 1  # no target: operating
    province = client.get("/wilayah/64/")
    regencies = province.context["overview"]["ranking"]
    assert {row["code"] for row in regencies} >= {"64.01", "64.02"}
    assert 'href="/wilayah/64.02/"' in province.content.decode()


def test_briefing_draws_the_map_when_boundaries_are_loaded(kukar):
    """The PDF has no script: the children's shares are an inline SVG (regions.svg), still on one page."""
    from weasyprint import HTML

    from kopdes.regions.tests.boundary_data import load_kaltim

    overview = region_summary(region=checked("64.02"), today=TODAY)
    assert "<svg" not in briefing_html(overview=overview, today=TODAY, child_level_label="Kecamatan")
    load_kaltim(("64.02",))
    html = briefing_html(overview=overview, today=TODAY, child_level_label="Kecamatan")
    assert html.count("<svg") == 1 and html.count("<path") == 20 and "wilayah_boundaries" in html
    assert len(HTML(string=html).render().pages) == 1
