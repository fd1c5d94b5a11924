"""The region search: by name or code, in scope, best first; the API, the suggestions fragment and the region input
that forms use."""

import pytest
from django import forms

from kopdes.regions.forms import RegionField, bind_region_fields
from kopdes.regions.selectors import RegionLookupError, region_lookup, region_search

pytestmark = pytest.mark.django_db


def codes(matches):
    return [match.code for match in matches]


def test_name_search_is_scoped_and_ranks_the_exact_name_first(kukar_officer, paser_officer):
    found = region_search(user=kukar_officer, q="tenggarong")
    assert found[0].code == "64.02.06"
    assert found[0].level == "district"
    assert found[0].parent_name == "Kabupaten Kutai Kartanegara"
    assert "64.02.16" in codes(found)  # Tenggarong Seberang: the name starts with it
    assert region_search(user=paser_officer, q="tenggarong") == []


def test_village_name_with_other_case_and_separators(kukar_officer):
    (match,) = region_search(user=kukar_officer, q="RAPAK-lambur")
    assert (match.code, match.name, match.kind, match.parent_name) == (
        "64.02.06.2012",
        "Rapak Lambur",
        "desa",
        "Tenggarong",
    )


def test_word_inside_the_name_and_code_prefix(kukar_officer, national_admin):
    assert "64.02" in codes(region_search(user=national_admin, q="kutai kartanegara"))
    by_code = region_search(user=kukar_officer, q="64.02.06")
    assert by_code[0].code == "64.02.06"
    assert all(code.startswith("64.02.06") for code in codes(by_code))
    assert region_search(user=kukar_officer, q="64.01") == []  # Paser is outside Kukar
    assert region_search(user=kukar_officer, q="t") == []  # too short to mean anything


def test_levels_and_limit(kukar_officer):
    villages = region_search(user=kukar_officer, q="tenggarong", levels=["village"], limit=3)
    assert len(villages) <= 3
    assert {match.level for match in villages} <= {"village"}


def test_camat_and_pengurus_see_only_their_own(camat, pengurus):
    assert region_search(user=camat, q="tenggarong") == []
    assert codes(region_search(user=camat, q="muara muntai"))[0] == "64.02.01"
    assert codes(region_search(user=pengurus, q="perian")) == ["64.02.01.2001"]


def test_lookup_by_code_name_and_label(kukar_officer, paser_officer):
    assert region_lookup(user=kukar_officer, text="Rapak Lambur").code == "64.02.06.2012"
    assert region_lookup(user=kukar_officer, text="tenggarong", levels=["district"]).code == "64.02.06"
    label = "Tenggarong, Kabupaten Kutai Kartanegara (64.02.06)"
    assert region_lookup(user=kukar_officer, text=label).code == "64.02.06"
    with pytest.raises(RegionLookupError):
        region_lookup(user=paser_officer, text="64.02.06")
    with pytest.raises(RegionLookupError) as raised:
        region_lookup(user=paser_officer, text="Rapak Lambur")
    assert "Tidak ada wilayah" in raised.value.message


def test_lookup_of_a_name_several_villages_share_lists_them(national_admin):
    from kopdes.regions.models import Region

    name = Region.objects.filter(level="village", code__startswith="64.").values_list("name", flat=True)
    shared = next(n for n in name.distinct() if Region.objects.filter(name=n, level="village").count() > 1)
    with pytest.raises(RegionLookupError) as raised:
        region_lookup(user=national_admin, text=shared, levels=["village"])
    matches = raised.value.matches
    assert len({match.parent_name + match.code for match in matches}) >= 2
    assert all(match.parent_name for match in matches)


class VillageForm(forms.Form):
    village = RegionField(levels=["village"])


def test_region_field_cleans_a_name_to_the_code_and_lists_candidates(kukar_officer):
    form = VillageForm({"village": "rapak lambur"})
    bind_region_fields(form, kukar_officer)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"] == "64.02.06.2012"
    form = VillageForm({"village": "desa yang tidak ada"})
    bind_region_fields(form, kukar_officer)
    assert not form.is_valid()
    assert "Tidak ada wilayah" in form.errors["village"][0]
    html = str(form["village"])
    assert 'list="id_village-suggestions"' in html
    assert "/wilayah/cari/?field=village&amp;level=village" in html


def test_api_search(client_for, kukar_officer, paser_officer):
    response = client_for(kukar_officer).get("/api/v1/regions/search", {"q": "tenggarong"})
    assert response.status_code == 200
    first = response.json()[0]
    assert first == {
        "code": "64.02.06",
        "name": "Tenggarong",
        "level": "district",
        "kind": "",
        "parent_name": "Kabupaten Kutai Kartanegara",
    }
    response = client_for(paser_officer).get("/api/v1/regions/search", {"q": "tenggarong"})
    assert response.json() == []
    response = client_for(kukar_officer).get("/api/v1/regions/search", {"q": "rapak", "level": "village"})
    assert {row["level"] for row in response.json()} == {"village"}
    assert client_for(kukar_officer).get("/api/v1/regions/search", {"q": "x" * 101}).status_code in (400, 422)


def test_api_search_needs_sign_in(client):
    assert client.get("/api/v1/regions/search", {"q": "tenggarong"}).status_code == 401


def test_suggestions_fragment_and_page(client_for, kukar_officer):
    client = client_for(kukar_officer)
    response = client.get(
        "/wilayah/cari/", {"field": "village", "village": "rapak", "level": "village"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<option value="64.02.06.2012">Rapak Lambur, Tenggarong')
    page = client.get("/wilayah/cari/", {"q": "tenggarong"}).content.decode()
    assert 'href="/wilayah/64.02.06/"' in page
    page = client.get("/wilayah/cari/", {"q": "paser belengkong"}).content.decode()
    assert "Tidak ada wilayah" in page
