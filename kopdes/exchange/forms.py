from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.core.forms import ImportUploadForm

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
