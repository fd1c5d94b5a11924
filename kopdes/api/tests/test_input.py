"""No input makes the API answer 500: huge page numbers, `null` for text fields, and (SQLite) two writers at once.
Found by probing the demo over HTTP; the fuzzing run (test_fuzz.py) keeps looking for more."""

import datetime
import json
import re

import pytest

from kopdes.cooperatives.services import business_unit_create
from kopdes.formation.services import target_create
from kopdes.mapping import services as mapping
from kopdes.mapping.models import BumdesUnit, VillagePotential
from kopdes.regions.models import Region
from kopdes.tests.factories import KUKAR, KUKAR_VILLAGE


def _paginated_lists(client) -> list[str]:
    doc = client.get("/api/v1/openapi.json").json()
    return [
        path
        for path, operations in doc["paths"].items()
        if "get" in operations and any(p["name"] == "page" for p in operations["get"].get("parameters", []))
    ]


def test_every_paginated_list_refuses_a_page_beyond_64_bits(client_for, national_admin, kukar_coop):
    client = client_for(national_admin)
    paths = _paginated_lists(client)
    assert {"/api/v1/cooperatives", "/api/v1/bumdes", "/api/v1/potentials", "/api/v1/simkopdes/review"} <= set(paths)
    for path in paths:
        if "{" in path:  # a list under a record (e.g. an event's invitations): the page is checked before the record
            concrete = re.sub(r"\{[^}]+\}", "1", path.replace("{code}", "64.02"))
            huge = client.get(concrete, {"page": "200000000000000000"})
            assert huge.status_code == 422, (path, huge.content)
            assert [error["field"] for error in huge.json()["errors"]] == ["page"], path
            continue
        huge = client.get(path, {"page": "200000000000000000"})
        assert huge.status_code == 422, (path, huge.content)
        assert [error["field"] for error in huge.json()["errors"]] == ["page"], path
        last = client.get(path, {"page": "1000000"})
        assert last.status_code == 200, (path, last.content)
        assert last.json()["items"] == []


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("field", ["predecessor", "akta_number", "notary", "bank_name", "bank_account", "address"])
def test_null_for_a_blank_cooperative_text_field_is_stored_as_blank(client_for, kukar_officer, kukar_coop, field):
    kukar_coop.__class__.objects.filter(pk=kukar_coop.pk).update(**{field: "Ada isinya"})
    response = _patch(client_for(kukar_officer), f"/api/v1/cooperatives/{kukar_coop.pk}", {"version": 1, field: None})
    assert response.status_code == 200, response.content
    assert response.json()[field] == ""
    kukar_coop.refresh_from_db()
    assert getattr(kukar_coop, field) == ""


@pytest.mark.parametrize("field", ["name", "scheme"])
def test_null_for_a_required_cooperative_field_is_422_naming_it(client_for, kukar_officer, kukar_coop, field):
    response = _patch(client_for(kukar_officer), f"/api/v1/cooperatives/{kukar_coop.pk}", {"version": 1, field: None})
    assert response.status_code == 422, response.content
    assert [error["field"] for error in response.json()["errors"]] == [f"payload.{field}"]
    kukar_coop.refresh_from_db()
    assert kukar_coop.version == 1


def test_null_nullable_identifier_stays_null(client_for, kukar_officer, kukar_coop):
    response = _patch(client_for(kukar_officer), f"/api/v1/cooperatives/{kukar_coop.pk}", {"version": 1, "nib": None})
    assert response.status_code == 200 and response.json()["nib"] is None


def test_null_unit_names_and_potential_and_target_texts(client_for, national_admin, kukar_coop):
    client = client_for(national_admin)
    gerai = business_unit_create(actor=None, cooperative=kukar_coop, category="sembako", name="Gerai Perian")
    response = _patch(client, f"/api/v1/cooperatives/{kukar_coop.pk}/units/{gerai.pk}", {"name": None})
    assert response.status_code == 200 and response.json()["name"] == ""

    village = Region.objects.get(code=KUKAR_VILLAGE)
    bumdes = mapping.bumdes_register(actor=None, village=village, name="BUMDes Perian")
    unit = mapping.bumdes_unit_create(actor=None, bumdes=bumdes, category="pertanian", name="Unit tani")
    response = _patch(client, f"/api/v1/bumdes/{bumdes.pk}/units/{unit.pk}", {"name": None})
    assert response.status_code == 200 and response.json()["name"] == ""
    assert BumdesUnit.objects.get(pk=unit.pk).name == ""

    potential = mapping.potential_create(
        actor=None, village=village, category="pertanian", commodity="Padi", volume_unit="ton", source="BPS"
    )
    response = _patch(client, f"/api/v1/potentials/{potential.pk}", {"volume_unit": None, "source": None})
    assert response.status_code == 200, response.content
    potential = VillagePotential.objects.get(pk=potential.pk)
    assert (potential.volume_unit, potential.source) == ("", "")
    refused = _patch(client, f"/api/v1/potentials/{potential.pk}", {"commodity": None})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "payload.commodity"

    target = target_create(
        actor=None, region=Region.objects.get(code=KUKAR), phase="akta", count=5, due_date=datetime.date(2025, 12, 31)
    )
    response = _patch(client, f"/api/v1/targets/{target.pk}", {"version": 1, "note": None})
    assert response.status_code == 200, response.content
    assert response.json()["note"] == ""


def test_null_in_create_bodies(client_for, national_admin):
    client = client_for(national_admin)
    body = {"village": KUKAR_VILLAGE, "category": "perikanan", "commodity": "Ikan", "source": None}
    response = client.post("/api/v1/potentials", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["source"] == ""
    body = {"village": KUKAR_VILLAGE, "name": None}
    response = client.post("/api/v1/bumdes", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "payload.name"
