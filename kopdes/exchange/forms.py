from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.core.forms import ImportUploadForm
from kopdes.regions.forms import RegionField, bind_region_fields

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class SnapshotUploadForm(ImportUploadForm):
    """The SIMKOPDES import's upload: the file and the date of the national data, the import's one option."""

    file = forms.FileField(
        label=gettext_lazy("Berkas statistik SIMKOPDES (CSV atau XLSX)"),
        help_text=gettext_lazy("Per provinsi, per kabupaten/kota atau per desa; tingkatnya dikenali dari judul kolom."),
    )
    snapshot_date = forms.DateField(
        label=gettext_lazy("Tanggal data"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Tanggal pembaruan statistik di SIMKOPDES. Impor ulang tanggal yang sama menggantikannya."
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"snapshot_date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_file(self):
        uploaded = super().clean_file()
        if uploaded.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return uploaded


class ReviewRegionForm(forms.Form):
    """The review list's region filter: a name or a code, in scope, with suggestions while typing."""

    region = RegionField(label=gettext_lazy("Wilayah"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)

    def region_code(self) -> str | None:
        """The code to filter under ("" for all), or None when the text names nothing in scope."""
        if not self.is_bound:
            return ""
        return (self.cleaned_data.get("region") or "") if self.is_valid() else None
