"""What every app's forms share: no colon after labels, and a service's ValidationError shown on the form."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ServiceErrorsMixin:
    """Mix into a Form or ModelForm (before it): labels without a suffix, and `add_service_errors`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, exc: ValidationError) -> None:
        """Attach a service's ValidationError to the matching fields; the rest become form-wide errors."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)
