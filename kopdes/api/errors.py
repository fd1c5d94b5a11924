"""Every API error has the same shape: {"detail": "...", "errors": [{"field", "message"}]} (kopdes.core.api.ErrorOut).

422: the request does not fit the OpenAPI document (a wrong type, a value outside the enum or the range), with the
field named. 400: it fits, but a business rule refuses it (a milestone before the previous one, a duplicate). 401/403/
404/409/429 as usual."""

import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from kopdes.core.exceptions import ConflictError, validation_errors


def _error(api, request, status: int, detail: str, errors: list | None = None, **extra):
    return api.create_response(request, {"detail": detail, "errors": errors or [], **extra}, status=status)


def register_error_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def django_validation(request, exc):
        return _error(api, request, 400, _("Data tidak valid."), validation_errors(exc))

    @api.exception_handler(NinjaValidationError)
    def schema_validation(request, exc):
        errors = [
            {
                "field": ".".join(str(part) for part in error.get("loc", [])[1:]) or "__all__",
                "message": error["msg"],
            }
            for error in exc.errors
        ]
        return _error(api, request, 422, _("Data tidak valid."), errors)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return _error(
            api,
            request,
            409,
            exc.message,
            [{"field": "version", "message": exc.message}],
            current_version=getattr(exc.current, "version", None),
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(api, request, 404, _("Tidak ditemukan."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _error(api, request, 403, _("Peran Anda tidak boleh melakukan perubahan ini."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _error(api, request, 401, _("Perlu login atau token API."))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        response = _error(api, request, 429, _("Terlalu banyak token API yang salah dari alamat ini. Coba lagi nanti."))
        if exc.wait:
            response["Retry-After"] = str(math.ceil(exc.wait))
        return response

    @api.exception_handler(MultiPartParserError)
    def broken_upload(request, exc):
        return _error(api, request, 400, _("Unggahan tidak bisa dibaca (multipart rusak)."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return _error(api, request, 400, _("Permintaan terlalu besar."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        # Raised by django-ninja itself, e.g. the CSRF check of a session-authenticated write.
        detail = _("Pemeriksaan CSRF gagal.") if exc.status_code == 403 else str(exc)
        return _error(api, request, exc.status_code, detail)
