"""What every app's forms share: no colon after labels, a service's ValidationError shown on the form, and the two
steps of a web import (upload, then confirm the previewed file; see `kopdes.core.import_views`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kopdes.core import tabular


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


class ImportUploadForm(forms.Form):
    """Step 1 of the web import: the file. Size is checked before it is read, so a huge upload never fills memory.

    An importer that needs more than the file (the SIMKOPDES snapshot date) subclasses this form and adds fields:
    their cleaned values are the import's options, carried to the confirm step with the previewed file."""

    file = forms.FileField(
        label=_("Berkas XLSX atau CSV (maks. 20 MB, 100.000 baris)"),
        allow_empty_file=True,  # the import says "Berkas kosong." like the command does
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > tabular.MAX_BYTES:
            raise ValidationError(
                _("Berkas terlalu besar (%(mb).1f MB); paling besar 20 MB.") % {"mb": uploaded.size / 1_048_576}
            )
        return uploaded

    def import_options(self) -> dict:
        """The cleaned extra fields, as keyword arguments of the importer's `run`."""
        return {name: value for name, value in self.cleaned_data.items() if name != "file"}

    def option_data(self) -> dict:
        """The extra fields as submitted (strings), to be validated again when the preview is confirmed."""
        return {name: self.data.get(self.add_prefix(name), "") for name in self.fields if name != "file"}

    @classmethod
    def options_from(cls, data: dict) -> dict | None:
        """The options of `option_data()` cleaned again (without the file); None when they no longer validate."""
        form = cls(data)
        del form.fields["file"]
        return form.import_options() if form.is_valid() else None


class ImportConfirmForm(forms.Form):
    """Step 2: which previewed file to import. The bytes stay on the server, bound to the user who uploaded them."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    options = forms.CharField(required=False, widget=forms.HiddenInput)  # the extra fields, signed for this file
