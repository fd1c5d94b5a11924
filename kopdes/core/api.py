"""Building blocks for the apps' API routers (django-ninja): the error shape, the paginator, and request field types
derived from the model fields, so that the OpenAPI document says what the services will accept.

The rule the document keeps: a request the schema allows is either done or refused for a business reason (400, with
the field named), never a 500 and never a 422; a request the schema forbids is a 422 with the field named. So each
request field carries its model field's limits: the choices as an enum, the length, the range, and whether `null`
is allowed (a blank text field takes `null` as "")."""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Annotated, Any, Literal

from django.core import validators
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema, model_validator

# --- errors ---


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every API error: a sentence for people and the fields at fault (`__all__` for the record as a whole)."""

    detail: str
    errors: list[FieldErrorOut]


class ConflictOut(ErrorOut):
    """409: the record changed since it was read; `current_version` is the version to send after re-reading it."""

    current_version: int | None


# --- pagination ---

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """Page-number pagination with a bounded page number: an offset beyond 64 bits used to reach the database
    ("datatype mismatch" on SQLite, a 500). Past the last page the list is simply empty."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


# --- JSON values as the document states them ---


def _json_number(value: Any) -> Any:
    # pydantic's lax mode would take `true` as 1 and "5" as 5; the document says "integer".
    if isinstance(value, bool | str):
        raise ValueError("harus berupa angka")
    return value


def _iso_date(value: Any) -> Any:
    # pydantic's lax mode would take a number as a Unix timestamp; the document says an ISO date.
    if not isinstance(value, str | datetime.date):
        raise ValueError("harus berupa tanggal ISO (YYYY-MM-DD)")
    return value


def integer(**limits: Any) -> Any:
    """An integer in a request body, with its limits (ge, le) stated in the document."""
    return Annotated[int, Field(**limits), BeforeValidator(_json_number)]


Integer = integer()

Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
"""A date in a request body."""


# --- identifiers and free text ---

MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A record id in a path: a database key, so at least 1 and within 64 bits."""

RefId = integer(ge=1, le=MAX_ID)
"""A record id in a request body (JSON): a number, not a string of digits. In a query string use QueryId."""

QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record id in a query string (a filter): query values arrive as text, so RefId's "no strings" rule would refuse
every one of them."""

RegionCode = Annotated[str, Field(max_length=13, pattern=r"^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$")]
"""A Kemendagri code (`64`, `64.02`, `64.02.05`, `64.02.05.2003`) or `ID` for the whole country."""

SearchText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
"""Free text in a query (search words, filters): no NUL character, which PostgreSQL cannot compare."""


# --- request fields from model fields ---


def _blank_for_null(value: str | None) -> str:
    return "" if value is None else value


def _limits(field: models.Field) -> dict[str, Any]:
    """The model field's limits as pydantic constraints. Integer ranges are the portable ones (PostgreSQL's), so
    the document is the same whichever database serves it."""
    limits: dict[str, Any] = {}
    if isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
        limits.update(ge=low, le=high)
    for validator in [*field.default_validators, *field._validators]:
        if isinstance(validator, validators.MinValueValidator):
            limits["ge"] = max(limits.get("ge", validator.limit_value), validator.limit_value)
        elif isinstance(validator, validators.MaxValueValidator):
            limits["le"] = min(limits.get("le", validator.limit_value), validator.limit_value)
        elif isinstance(validator, validators.RegexValidator) and not validator.inverse_match:
            limits["pattern"] = validator.regex.pattern
    if isinstance(field, models.CharField | models.TextField):
        if field.max_length:
            limits["max_length"] = field.max_length
        limits.setdefault("pattern", NO_NUL)
    return limits


def _decimal(field: models.DecimalField, limits: dict[str, Any]) -> Any:
    """A decimal field: a JSON number or a decimal string, within the digits the column holds; extra decimal
    places are cut (a coordinate to the micro-degree), not refused."""
    places = field.decimal_places
    step = Decimal(1).scaleb(-places)
    bound = Decimal(10) ** (field.max_digits - places) - step
    low = max(Decimal(limits.get("ge", -bound)), -bound)
    high = min(Decimal(limits.get("le", bound)), bound)
    whole = field.max_digits - places
    sign = "-?" if low < 0 else ""
    pattern = rf"^{sign}\d{{1,{whole}}}(\.\d+)?$"

    def number_or_text(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("harus berupa angka")
        return value

    def cut(value: Decimal) -> Decimal:
        if low - 1 < value < high + 1:  # within reach of quantize's precision
            value = value.quantize(step, rounding=ROUND_DOWN)
            if low <= value <= high:
                return value
        raise ValueError(f"harus di antara {low} dan {high}")

    schema = {
        "anyOf": [
            {"type": "number", "minimum": float(low), "maximum": float(high)},
            {"type": "string", "pattern": pattern},
        ]
    }
    return Annotated[
        Decimal,
        BeforeValidator(number_or_text),
        Field(allow_inf_nan=False),
        AfterValidator(cut),
        WithJsonSchema(schema),
    ]


def choice_type(model: type[models.Model], name: str) -> Any:
    """The enum of a choice field's stored values ("" too when it may be blank), for response schemas."""
    field = model._meta.get_field(name)
    values = [value for value, _label in field.flatchoices if value not in ("", None)]
    if field.blank:
        values.append("")
    return Literal[tuple(values)]  # type: ignore[valid-type]


def model_type(model: type[models.Model], name: str) -> Any:
    """The request type of `model.name`: choices as an enum, the model's length and range limits, and `null` as the
    model takes it — kept for a nullable field, read as "" for a text field that may be blank, refused (422) for
    one that may not."""
    field = model._meta.get_field(name)
    limits = _limits(field)
    base: Any
    if field.choices:
        values = [value for value, _label in field.flatchoices if value not in ("", None)]
        if field.blank and not field.null:
            values.append("")
        base = Literal[tuple(values)]  # type: ignore[valid-type]
        limits = {}
    elif isinstance(field, models.CharField | models.TextField):
        base = str
        if not field.blank:
            limits.setdefault("min_length", 1)
    elif isinstance(field, models.DecimalField):
        base = _decimal(field, limits)
        limits = {}
    elif isinstance(field, models.IntegerField):
        base = integer(**limits)
        limits = {}
    elif isinstance(field, models.DateField):
        base = Date
    else:  # pragma: no cover - a new field kind gets its mapping here
        raise TypeError(f"model_type does not map {type(field).__name__} ({model.__name__}.{name})")
    typed = Annotated[base, Field(**limits)] if limits else base
    if field.null:
        return typed | None
    if isinstance(field, models.CharField | models.TextField) and field.blank:
        return Annotated[typed | None, AfterValidator(_blank_for_null)]
    return typed


class InputSchema(Schema):
    """A request body: a JSON object. (django-ninja's Schema reads attributes of any object, so a JSON array or
    `null` would otherwise pass as an object with every field left out.)"""

    @model_validator(mode="before")
    @classmethod
    def _json_object(cls, data: Any) -> Any:
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("harus berupa objek JSON")
        return data


class PatchSchema(InputSchema):
    """A partial update: a field left out keeps its value. Fields default to None only to mark them optional; the
    document shows no default, and `null` is accepted only where the field's type allows it."""

    @staticmethod
    def _drop_null_defaults(schema: dict, model: type) -> None:
        for prop in schema.get("properties", {}).values():
            if "default" in prop and prop["default"] is None:
                del prop["default"]

    model_config = {"json_schema_extra": _drop_null_defaults}
