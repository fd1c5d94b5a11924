"""The OpenAPI document as a contract (STYLE.md rule 8), built by django-ninja with two guards:

- Component schemas are keyed by class name. django-ninja silently lets a later `UnitOut` replace an earlier one,
  so operations end up documented with another resource's schema. Here a second, different schema under a name
  already taken stops the document from being built: rename one of the classes.
- Every operation lists the errors it can answer, in the one error shape (kopdes.core.api.ErrorOut), derived from
  what the operation is: 401 and 429 (authentication, token throttling) everywhere; 422 where there is input to
  validate; 404 where a path or a body names a record or region; 400 and 403 for writes (business rules, roles);
  409 for bodies carrying a `version`. Anything else a handler answers it declares in its own `response=`."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema

from kopdes.api.auth import BearerToken
from kopdes.core.api import ConflictOut, ErrorOut

WRITE_METHODS = {"post", "put", "patch", "delete"}
DESCRIPTIONS = {
    400: "Ditolak oleh aturan bisnis (kolom disebut di errors)",
    401: "Perlu login atau token API",
    403: "Peran Anda tidak boleh melakukan perubahan ini (atau pemeriksaan CSRF sesi gagal)",
    404: "Tidak ditemukan atau di luar cakupan wilayah Anda",
    409: "Data sudah diubah orang lain (version usang)",
    422: "Tidak sesuai skema (kolom disebut di errors)",
    429: "Terlalu banyak token API yang salah dari alamat ini",
}


class StrictOpenAPISchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            existing = self.schemas.get(name)
            if existing is not None and existing != schema:
                raise ImproperlyConfigured(
                    f"Two different API schemas are both named {name!r}; give one of the classes another name."
                )
        super().add_schema_definitions(definitions)


def _ref(schema_name: str) -> dict:
    return {"$ref": REF_TEMPLATE.format(model=schema_name)}


def _body_properties(document: dict, operation: dict) -> dict:
    for content in operation.get("requestBody", {}).get("content", {}).values():
        schema = content.get("schema", {})
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema.get("properties", {})
    return {}


def error_codes(document: dict, path: str, method: str, operation: dict) -> set[int]:
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    codes = {401, 429}
    if parameters or has_body:
        codes.add(422)
    if any(p["in"] == "path" for p in parameters) or has_body:
        codes.add(404)
    if method in WRITE_METHODS:
        codes |= {400, 403, 404}
        if "version" in _body_properties(document, operation):
            codes.add(409)
    return codes


def declare_errors(document: dict) -> None:
    schemas = document["components"]["schemas"]
    for model in (ErrorOut, ConflictOut):
        definition = model.model_json_schema(ref_template=REF_TEMPLATE)
        schemas.update(definition.pop("$defs", {}))
        schemas[model.__name__] = definition
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(error_codes(document, path, method, operation)):
                if code in responses or str(code) in responses:
                    continue
                model = ConflictOut if code == 409 else ErrorOut
                responses[code] = {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": _ref(model.__name__)}},
                }


class KopdesAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document, built once per process (per API and path prefix): the routers, their schemas and the
        registries it reads (the cooperative list's flags) are fixed once the apps are ready, and building it
        walks every operation's models (about a second). Callers must not change it (openapi.json serialises it)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        built = self.__dict__.setdefault("_kopdes_documents", {})
        if path_prefix not in built:
            document = StrictOpenAPISchema(api=self, path_prefix=path_prefix)
            declare_errors(document)
            built[path_prefix] = document
        return built[path_prefix]


def docs_access(view):
    """The API docs and openapi.json: public unless KOPDES_API_DOCS_PUBLIC is off (production), then only for a
    signed-in user or a request with a valid bearer token; others are sent to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.KOPDES_API_DOCS_PUBLIC or request.user.is_authenticated or BearerToken()(request):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapper
