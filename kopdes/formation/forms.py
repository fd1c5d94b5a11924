"""Forms for targets. They parse and check the input; the rules (count xor percent, ranges) are the model's,
enforced again by the services, so the page, the API and the admin all refuse the same things."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.choices import DocumentKind
from kopdes.cooperatives.forms import DATE_WIDGET
from kopdes.cooperatives.models import Cooperative
from kopdes.core.forms import ServiceErrorsMixin
from kopdes.formation.choices import PHASE_BY_KEY, MilestoneKind, Phase
from kopdes.formation.models import Target
from kopdes.formation.rules import MILESTONE_IDENTIFIERS
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionField, bind_region_fields

TARGET_LEVELS = (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT)  # where a target may be set
PHASE_CHOICES = [(key, Phase(number).label) for key, number in PHASE_BY_KEY.items()]
TARGET_DATA_FIELDS = ("phase", "count", "percent", "due_date", "expected_pct", "note")


def _percent_field(label, help_text="", *, minimum: str = "0") -> forms.DecimalField:
    # localize: officials type "80,5"; "80.5" is accepted too.
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(minimum),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class TargetForm(ServiceErrorsMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Tahap"), choices=PHASE_CHOICES)
    count = forms.IntegerField(
        label=_("Jumlah koperasi"), required=False, min_value=1, help_text=_("Isi jumlah atau persen, salah satu.")
    )
    percent = _percent_field(_("Persen desa/kelurahan"), _("mis. 100 untuk semua desa/kelurahan."), minimum="0.01")
    due_date = forms.DateField(label=_("Tenggat"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    expected_pct = _percent_field(_("Perkiraan capaian (%)"), _("Capaian yang diperkirakan realistis, mis. 80."))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        has_count = cleaned.get("count") is not None
        has_percent = cleaned.get("percent") is not None
        if has_count == has_percent and "count" not in self.errors and "percent" not in self.errors:
            raise ValidationError(_("Isi jumlah koperasi atau persen, salah satu saja."), code="count_xor_percent")
        return cleaned

    def target_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in TARGET_DATA_FIELDS}


class TargetCreateForm(TargetForm):
    region = RegionField(
        label=_("Wilayah"),
        levels=TARGET_LEVELS,
        help_text=_("Nama atau kode, mis. Kutai Kartanegara, Tenggarong, 64.02 atau 64.02.06."),
    )
    field_order = ["region", "phase", "count", "percent", "due_date", "expected_pct", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)


class TargetEditForm(TargetForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_for(target: Target) -> dict:
        return {field: getattr(target, field) for field in (*TARGET_DATA_FIELDS, "version")}


class MilestoneForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Tahapan"), choices=MilestoneKind.choices)
    date = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    document = forms.FileField(
        label=_("Dokumen bukti (PDF, JPEG atau PNG, maks. 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    note = forms.CharField(label=_("Catatan"), required=False, max_length=300)

    def __init__(self, *args, cooperative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperative = cooperative
        # The step's identifiers (record once): one field per identifier, marked with its step so that the page
        # shows only the chosen step's (static/js/kopdes.js); without JavaScript each label names its step.
        self.field_kinds = {}
        for kind, fields in MILESTONE_IDENTIFIERS.items():
            for name in fields:
                model_field = Cooperative._meta.get_field(name)
                self.fields[name] = forms.CharField(
                    label=f"{model_field.verbose_name[:1].upper()}{model_field.verbose_name[1:]}",
                    required=False,
                    max_length=model_field.max_length,
                    help_text=_("Untuk tahapan %(kind)s; disimpan ke data koperasi.") % {"kind": kind.label},
                )
                if cooperative is not None and getattr(cooperative, name):
                    self.fields[name].initial = getattr(cooperative, name)
                self.field_kinds[name] = str(kind)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError(_("Tanggal tidak boleh di masa depan."))
        return date

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        fields = MILESTONE_IDENTIFIERS.get(kind, ())
        # The step's main number is asked for unless the cooperative has it already.
        if fields:
            main = fields[0]
            stored = getattr(self.cooperative, main, None) if self.cooperative is not None else None
            if not (data.get(main) or "").strip() and not stored:
                self.add_error(
                    main,
                    _("Isi %(label)s: dicatat sekali di sini dan disimpan ke data koperasi.")
                    % {"label": Cooperative._meta.get_field(main).verbose_name},
                )
        return data

    def identifiers(self) -> dict[str, str]:
        """The identifiers of the chosen step, for milestone_record(identifiers=...)."""
        kind = self.cleaned_data["kind"]
        return {name: self.cleaned_data.get(name, "") for name in MILESTONE_IDENTIFIERS.get(kind, ())}


# The document kind filed with a milestone's evidence.
MILESTONE_DOCUMENT_KIND = {
    MilestoneKind.SOSIALISASI: DocumentKind.BERITA_ACARA,
    MilestoneKind.MUSDESUS: DocumentKind.BERITA_ACARA,
    MilestoneKind.AKTA: DocumentKind.AKTA,
    MilestoneKind.BADAN_HUKUM: DocumentKind.SK_AHU,
    MilestoneKind.NIB: DocumentKind.NIB,
    MilestoneKind.NPWP: DocumentKind.NPWP,
    MilestoneKind.REKENING: DocumentKind.REKENING,
    MilestoneKind.OPERASIONAL: DocumentKind.FOTO,
}


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Alasan penolakan"), max_length=300)
