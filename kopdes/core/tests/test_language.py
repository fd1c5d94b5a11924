"""Indonesian first, English available: the language switch, dates and money."""

import datetime

from django.urls import reverse
from django.utils import translation

from kopdes.core.templatetags.kopdes import format_rupiah
from kopdes.formation.services import milestone_record


def test_pages_are_indonesian_by_default_and_english_on_request(client_for, kukar_officer, kukar_coop):
    milestone_record(actor=None, cooperative=kukar_coop, kind="musdesus", date=datetime.date(2025, 6, 10))
    client = client_for(kukar_officer)
    url = reverse("cooperatives:cooperative_detail", args=[kukar_coop.pk])
    html = client.get(url).content.decode()
    assert "Tahapan pembentukan" in html and "10 Juni 2025" in html and 'lang="id"' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'lang="en"' in html and "Tahapan pembentukan" not in html
    assert "June 10, 2025" in html or "10 June 2025" in html


def test_the_english_catalogue_is_compiled_and_used():
    with translation.override("en"):
        assert translation.gettext("Dasbor") != "Dasbor"
        assert translation.gettext("Koperasi") != "Koperasi"


def test_money_is_written_the_indonesian_way():
    assert format_rupiah(3_000_000_000) == "Rp 3.000.000.000"
    assert format_rupiah(-1500) == "-Rp 1.500"
    assert format_rupiah(None) == "–"


def test_an_english_browser_still_gets_indonesian_until_the_user_chooses(client_for, kukar_officer):
    client = client_for(kukar_officer)
    url = reverse("formation:target_list")
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Belum ada target" in html
    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'lang="en"' in html and "Belum ada target" not in html
