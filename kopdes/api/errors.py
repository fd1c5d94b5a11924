"""Every API error has the same shape: {"detail": "...", "errors": [{"field", "message"}]}."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from kopdes.core.exceptions import ConflictError, validation_errors


def register_error_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def django_validation(request, exc):
        return api.create_response(
            request, {"detail": _("Data tidak valid."), "errors": validation_errors(exc)}, status=400
        )

    @api.exception_handler(NinjaValidationError)
    def schema_validation(request, exc):
        errors = [
            {
                "field": ".".join(str(part) for part in error.get("loc", [])[1:]) or "__all__",
                "message": error["msg"],
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": _("Data tidak valid."), "errors": errors}, status=422)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return api.create_response(
            request,
            {
                "detail": exc.message,
                "errors": [{"field": "version", "message": exc.message}],
                "current_version": getattr(exc.current, "version", None),
            },
            status=409,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Tidak ditemukan."), "errors": []}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request,
            {"detail": _("Peran Anda tidak boleh melakukan perubahan ini."), "errors": []},
            status=403,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": _("Perlu login atau token API."), "errors": []}, status=401)
