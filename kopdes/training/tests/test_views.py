"""Training pages: scope (404 outside, 403 for the read-only bupati and for regional admins on the national
catalogue), the door (search, one-tap check-in, walk-ins), exports through the one writer, coverage and panels."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kopdes.training import services
from kopdes.training.io import ATTENDANCE_COLUMNS
from kopdes.training.models import Course, Participant

D = datetime.date


@pytest.fixture
def invited(training, board):
    services.invitations_generate(actor=None, event=training)
    return list(training.participants.order_by("id"))


@pytest.mark.parametrize("name", ["event_detail", "door", "invite", "event_edit", "invitation_print"])
def test_event_pages_outside_scope_are_404(client_for, paser_officer, training, name):
    assert client_for(paser_officer).get(reverse(f"training:{name}", args=[training.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("event_detail", 200), ("invitation_print", 200), ("door", 403), ("invite", 403), ("event_edit", 403)],
)
def test_bupati_reads_but_does_not_change(client_for, bupati, training, name, status):
    assert client_for(bupati).get(reverse(f"training:{name}", args=[training.pk])).status_code == status


def test_bupati_cannot_tick_attendance(client_for, bupati, invited, training):
    url = reverse("training:check_in", args=[training.pk, invited[0].pk])
    assert client_for(bupati).post(url, {"day": "2025-09-10"}).status_code == 403
    assert Participant.objects.filter(attended_on__isnull=False).count() == 0


def test_catalogue_is_read_by_all_and_edited_by_national_admins(
    client_for, kukar_officer, national_admin, pengurus, dasar
):
    assert client_for(pengurus).get(reverse("training:course_list")).status_code == 200
    assert client_for(kukar_officer).get(reverse("training:course_create")).status_code == 403
    data = {"code": "KU-1", "title": "Pembukuan dasar", "track": "keuangan", "tier": "dasar", "hours": 16}
    assert client_for(kukar_officer).post(reverse("training:course_create"), data).status_code == 403
    response = client_for(national_admin).post(reverse("training:course_create"), data)
    assert response.status_code == 302
    assert Course.objects.get(code="KU-1").history.first().history_user == national_admin


def test_create_event_on_the_page(client_for, kukar_officer, dasar, provider):
    data = {
        "kind": "pelatihan", "title": "Pelatihan keuangan", "organiser_region": "64.02", "agency": "DiskopUKM Kukar",
        "start_date": "2027-12-30", "end_date": "2028-01-02", "capacity": 30, "quota_per_cooperative": 2,
        "course": dasar.pk, "provider": provider.pk,
    }  # fmt: skip
    response = client_for(kukar_officer).post(reverse("training:event_create"), data)
    assert response.status_code == 400
    assert "tidak mencakup seluruh tanggal" in response.content.decode()
    data["end_date"] = data["start_date"] = "2027-12-30"
    response = client_for(kukar_officer).post(reverse("training:event_create"), data)
    assert response.status_code == 302


def test_door_search_tick_and_walk_in(client_for, kukar_officer, invited, training, board):
    client = client_for(kukar_officer)
    door = reverse("training:door", args=[training.pk])
    page = client.get(door, {"q": "Anggota 0", "day": "2025-09-10"}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert page.status_code == 200 and f'data-participant="{invited[0].pk}"' in html and "<html" not in html
    ticked = client.post(
        reverse("training:check_in", args=[training.pk, invited[0].pk]), {"day": "2025-09-10", "q": "Anggota"}
    )
    assert ticked.status_code == 200
    invited[0].refresh_from_db()
    assert invited[0].attended_on == D(2025, 9, 10)
    # Someone not invited, found by name: one tap makes them a walk-in, present.
    page = client.get(door, {"q": "Anggota 3", "day": "2025-09-10"})
    assert f'data-official="{board[3].pk}"' in page.content.decode()
    client.post(reverse("training:walk_in", args=[training.pk]), {"official": board[3].pk, "day": "2025-09-10"})
    walk_in = Participant.objects.get(official=board[3])
    assert (walk_in.source, walk_in.attended_on) == ("langsung", D(2025, 9, 10))
    # A typed walk-in, and one on a day outside the event refused.
    client.post(
        reverse("training:walk_in", args=[training.pk]),
        {"cooperative": board[0].cooperative_id, "name": "Pak Darmin", "position": "", "day": "2025-09-11"},
    )
    assert Participant.objects.filter(name="Pak Darmin", attended_on=D(2025, 9, 11)).exists()
    refused = client.post(
        reverse("training:walk_in", args=[training.pk]),
        {"cooperative": board[0].cooperative_id, "name": "Bu Sari", "day": "2025-09-12"},
    )
    assert refused.status_code == 400 and "di luar tanggal kegiatan" in refused.content.decode()


def test_attendance_export_masks_nik_for_the_bupati(client_for, bupati, invited, training):
    response = client_for(bupati).get(reverse("training:event_detail", args=[training.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ATTENDANCE_COLUMNS
    assert len(rows) == 3 and rows[1][3] == "Anggota 0" and "*" in rows[1][5]


def test_result_on_the_page_numbers_the_certificate(client_for, kukar_officer, invited, training):
    services.attendance_record(actor=None, participant=invited[0], day=D(2025, 9, 10))
    client_for(kukar_officer).post(
        reverse("training:result", args=[training.pk, invited[0].pk]), {"passed": "on", "post_score": "80"}
    )
    invited[0].refresh_from_db()
    assert invited[0].passed and invited[0].certificate_number.endswith("-001")


def test_event_list_query_count(client_for, kukar_officer, invited, training, sosialisasi):
    client = client_for(kukar_officer)
    client.get(reverse("training:event_list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("training:event_list"))
    assert response.status_code == 200 and "BPU Tenggarong" in response.content.decode()
    assert len(queries) <= 8


def test_coverage_page_and_panels(client_for, kukar_officer, pengurus, invited, training, kukar_coop):
    services.attendance_record(actor=None, participant=invited[0], day=D(2025, 9, 10))
    services.result_record(actor=None, participant=invited[0], passed=True)
    client = client_for(kukar_officer)
    page = client.get(reverse("training:coverage"), {"region": "64.02"}).content.decode()
    assert 'data-count="trained_dasar">1<' in page and 'data-child="64.02.01"' in page
    region = client.get(reverse("dashboard:region_detail", args=["64.02"])).content.decode()
    assert 'id="training"' in region and 'data-count="trained_dasar">1<' in region
    coop_page = (
        client_for(pengurus).get(reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])).content.decode()
    )
    assert 'id="coop-training"' in coop_page and "Lulus" not in coop_page.split('id="coop-training"')[0][-50:]
    assert client_for(pengurus).get(reverse("training:coverage")).status_code == 404


def test_needs_export(client_for, kukar_officer, board):
    response = client_for(kukar_officer).get(
        reverse("training:needs"), {"region": "64.02", "tier": "dasar", "format": "csv"}
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("kode_desa,koperasi") and len(lines) == 9


def test_cooperative_panel_hides_the_name_of_an_event_outside_scope(
    client_for, pengurus, kukar_officer, invited, kukar_coop
):
    url = reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])
    own = client_for(pengurus).get(url).content.decode()
    panel = own.split('id="coop-training"')[1]
    assert "TK-1 Tata kelola koperasi dasar" in panel and "Muara Muntai</a>" not in panel
    assert "Pelatihan tata kelola dasar Muara Muntai" not in own  # the regency's event, outside the pengurus's scope
    officer = client_for(kukar_officer).get(url).content.decode()
    assert "Pelatihan tata kelola dasar Muara Muntai</a>" in officer
