"""The OpenAPI document is a contract: each operation is documented with its own schemas (no two classes merged
under one name), its enums, and the errors it can answer."""

import typing

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from ninja import Router, Schema
from pydantic import BaseModel

from kopdes.api.openapi import KopdesAPI
from kopdes.api.urls import api
from kopdes.cooperatives.choices import Scheme
from kopdes.cooperatives.selectors import LIST_KEY
from kopdes.core import registry
from kopdes.core.choices import BusinessCategory


@pytest.fixture(scope="module")
def doc():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_no_object_of_the_document_repeats_a_key(db):
    """JSON parsers keep the last of two equal keys, but Swagger UI's YAML parser refuses the document and the docs
    page shows no operation: an `openapi_extra` with "200" beside ninja's 200 did exactly that."""
    import json

    repeated = []

    def pairs(items):
        keys = [key for key, _value in items]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(Client().get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert repeated == []


def _operations(doc):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _component(doc, schema: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _model_of(annotation) -> type[BaseModel] | None:
    """The pydantic model an annotation stands for (list[X] → X; X | None → X)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        model = _model_of(arg)
        if model is not None:
            return model
    return None


def _handlers():
    """operationId → the ninja Operation, from the routers themselves (not from the document under test)."""
    found = {}
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                found[api.get_openapi_operation_id(operation)] = operation
    return found


def test_every_request_body_is_the_handlers_own_schema(doc):
    handlers = _handlers()
    checked = 0
    for path, method, operation in _operations(doc):
        handler = handlers[operation["operationId"]]
        body_models = [m for m in handler.models if getattr(m, "__ninja_param_source__", None) == "body"]
        if not body_models:
            continue
        (payload,) = body_models[0].model_fields.values()
        expected = set(_model_of(payload.annotation).model_fields)
        schema = _component(doc, operation["requestBody"]["content"]["application/json"]["schema"])
        assert set(schema["properties"]) == expected, (method, path)
        checked += 1
    assert checked >= 15


def test_every_response_is_the_handlers_own_schema(doc):
    handlers = _handlers()
    for path, method, operation in _operations(doc):
        handler = handlers[operation["operationId"]]
        for status, wrapper in handler.response_models.items():
            if wrapper is None or not hasattr(wrapper, "model_fields"):
                continue
            model = _model_of(wrapper.model_fields["response"].annotation)
            if model is None:
                continue
            schema = _component(doc, operation["responses"][str(status)]["content"]["application/json"]["schema"])
            if schema.get("type") == "array":
                schema = _component(doc, schema["items"])
            for option in schema.get("anyOf", [schema]):
                option = _component(doc, option)
                if option.get("type") != "null":
                    assert set(option["properties"]) == set(model.model_fields), (method, path, status)


def test_resources_that_used_to_share_schema_names_are_documented_apart(doc):
    def body(path, method):
        return set(
            _component(doc, doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"])[
                "properties"
            ]
        )

    def response(path, method, status):
        schema = _component(
            doc, doc["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
        )
        return set(_component(doc, schema.get("items", schema))["properties"])

    assert body("/api/v1/overlap-decisions", "post") == {
        "cooperative",
        "category",
        "decision",
        "note",
        "agreement_number",
    }
    assert body("/api/v1/simkopdes/mappings/{unit_id}", "post") == {"region"}
    gerai = "/api/v1/cooperatives/{cooperative_id}/units"
    assert body(gerai, "post") == {"category", "name", "status", "since"}
    assert response(gerai, "get", 200) == {"id", "category", "name", "status", "since"}
    bumdes_units = "/api/v1/bumdes/{bumdes_id}/units"
    assert "performance" in body(bumdes_units, "post") and "performance" in response(bumdes_units, "get", 200)
    assert "national_id" in response("/api/v1/simkopdes/mappings/{unit_id}", "post", 200)


def test_choice_fields_are_enums(doc):
    schemas = doc["components"]["schemas"]
    assert schemas["CooperativePatch"]["properties"]["scheme"]["enum"] == list(Scheme.values)
    assert schemas["BusinessUnitIn"]["properties"]["category"]["enum"] == list(BusinessCategory.values)
    assert schemas["CooperativeOut"]["properties"]["kind"]["enum"] == ["KDMP", "KKMP"]


def test_registered_list_flags_are_the_enum_of_the_flag_parameter(doc):
    """The cooperatives list refuses a flag no app registered (422); the document names the registered ones, so a
    request that fits it is accepted (schemathesis sent `flag=000…` while the document allowed any string)."""
    known = sorted(item.key for item in registry.list_filters_for(LIST_KEY))
    assert "beda_simkopdes" in known
    (flag,) = [p for p in doc["paths"]["/api/v1/cooperatives"]["get"]["parameters"] if p["name"] == "flag"]
    assert flag["schema"]["items"]["enum"] == known


def test_errors_are_declared(doc):
    error = doc["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"detail", "errors"}
    for path, method, operation in _operations(doc):
        responses = {int(code): response for code, response in operation["responses"].items()}
        expected = {401, 429}
        if operation.get("parameters") or "requestBody" in operation:
            expected.add(422)
        if "{" in path:
            expected.add(404)
        if method != "get":
            expected |= {400, 403, 404}
        assert expected <= set(responses), (method, path, sorted(responses))
        for code in expected:
            ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut") or ref.endswith("/ConflictOut"), (method, path, code)
    patch = doc["paths"]["/api/v1/cooperatives/{cooperative_id}"]["patch"]["responses"]
    assert patch["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ConflictOut")


def test_a_second_schema_under_a_taken_name_stops_the_document():
    first, second = Router(), Router()

    class UnitOut(Schema):
        name: str

    @first.get("/a", response=UnitOut)
    def a(request):
        return {"name": "x"}

    class UnitOut(Schema):  # noqa: F811 - the collision under test
        level: int

    @second.get("/b", response=UnitOut)
    def b(request):
        return {"level": 1}

    colliding = KopdesAPI(urls_namespace="collision-test")
    colliding.add_router("/first", first)
    colliding.add_router("/second", second)
    with pytest.raises(ImproperlyConfigured, match="UnitOut"):
        colliding.get_openapi_schema(path_prefix="/")


def test_the_document_is_built_once_per_process(monkeypatch):
    """openapi.json (the route walk asks for it as every persona, schemathesis once per run) serves the document
    built the first time: building it walks every operation's models."""
    from kopdes.api import openapi

    built = []

    class Counting(openapi.StrictOpenAPISchema):
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(openapi, "StrictOpenAPISchema", Counting)
    router = Router()

    @router.get("/a")
    def a(request):
        return {}

    small = KopdesAPI(urls_namespace="cache-test")
    small.add_router("/", router)
    first = small.get_openapi_schema(path_prefix="/x/")
    assert small.get_openapi_schema(path_prefix="/x/") is first and len(built) == 1
    assert small.get_openapi_schema(path_prefix="/y/") is not first and len(built) == 2
