"""Building blocks for the apps' API routers (django-ninja): the error shape, the paginator, and request field types
derived from the model fields, so that the OpenAPI document says what the services will accept.

The rule the document keeps: a request the schema allows is either done or refused for a business reason (400, with
the field named), never a 500 and never a 422; a request the schema forbids is a 422 with the field named. So each
request field carries its model field's limits: the choices as an enum, the length, the range, and whether `null`
is allowed (a blank text field takes `null` as "")."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core import validators
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

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


# --- identifiers and free text ---

MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A record id in a path: a database key, so at least 1 and within 64 bits."""

RefId = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record id in a body."""

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
    if isinstance(field, models.DecimalField):
        limits.update(max_digits=field.max_digits, decimal_places=field.decimal_places)
    if isinstance(field, models.CharField | models.TextField):
        if field.max_length:
            limits["max_length"] = field.max_length
        limits.setdefault("pattern", NO_NUL)
    return limits


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
        base = Decimal
    elif isinstance(field, models.IntegerField):
        base = int
    elif isinstance(field, models.DateField):
        base = datetime.date
    else:  # pragma: no cover - a new field kind gets its mapping here
        raise TypeError(f"model_type does not map {type(field).__name__} ({model.__name__}.{name})")
    typed = Annotated[base, Field(**limits)] if limits else base
    if field.null:
        return typed | None
    if isinstance(field, models.CharField | models.TextField) and field.blank:
        return Annotated[typed | None, AfterValidator(_blank_for_null)]
    return typed


class PatchSchema(Schema):
    """A partial update: a field left out keeps its value. Fields default to None only to mark them optional; the
    document shows no default, and `null` is accepted only where the field's type allows it."""

    @staticmethod
    def _drop_null_defaults(schema: dict, model: type) -> None:
        for prop in schema.get("properties", {}).values():
            if "default" in prop and prop["default"] is None:
                del prop["default"]

    model_config = {"json_schema_extra": _drop_null_defaults}
