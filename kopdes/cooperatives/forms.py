"""Forms of the cooperative pages. They parse input; the rules live in the models and services, so the page, the
API and the import refuse the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.choices import CooperativeKind, DocumentKind, Phase, Scheme
from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
from kopdes.cooperatives.selectors import LIST_KEY, CooperativeFilters
from kopdes.cooperatives.services import COOPERATIVE_EDITABLE_FIELDS
from kopdes.core import registry
from kopdes.core.forms import ServiceErrorsMixin
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionField, bind_region_fields

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CooperativeFilterForm(forms.Form):
    """The list filters; `filters()` turns them into the one CooperativeFilters used by the list, API and exports."""

    WARNING_CHOICES = [("", _("Semua")), ("ya", _("Ada peringatan")), ("tidak", _("Tanpa peringatan"))]

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=100,
        help_text=_("Nama koperasi, desa atau kecamatan, atau kode wilayah."),
    )
    region = RegionField(label=_("Wilayah"), required=False)
    phase = forms.TypedChoiceField(
        label=_("Tahap"), required=False, coerce=int, empty_value=None, choices=[("", _("Semua")), *Phase.choices]
    )
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua")), *CooperativeKind.choices])
    scheme = forms.ChoiceField(label=_("Skema"), required=False, choices=[("", _("Semua")), *Scheme.choices])
    warnings = forms.ChoiceField(label=_("Peringatan"), required=False, choices=WARNING_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)
        for extra in registry.list_filters_for(LIST_KEY):
            self.fields[extra.key] = forms.BooleanField(label=extra.label, help_text=extra.help_text, required=False)

    def filters(self) -> CooperativeFilters:
        """The filters of a valid form. An invalid one (a region that names nothing in scope) filters to nothing,
        never to everything: the page shows the message next to the field."""
        if not self.is_bound:
            return CooperativeFilters()
        if not self.is_valid():
            return CooperativeFilters(nothing=True)
        data = self.cleaned_data
        return CooperativeFilters(
            region=(data.get("region") or "").strip(),
            phase=data.get("phase"),
            kind=data.get("kind") or "",
            scheme=data.get("scheme") or "",
            has_warnings={"ya": True, "tidak": False}.get(data.get("warnings") or ""),
            q=(data.get("q") or "").strip(),
            flags=tuple(extra.key for extra in registry.list_filters_for(LIST_KEY) if data.get(extra.key)),
        )


class CooperativeForm(ServiceErrorsMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Cooperative
        fields = list(COOPERATIVE_EDITABLE_FIELDS)
        widgets = {"address": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        # Validation of the whole model happens in the service, where the version is checked first.
        pass

    def cooperative_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in COOPERATIVE_EDITABLE_FIELDS}


class CooperativeRegisterForm(ServiceErrorsMixin, forms.Form):
    village = RegionField(label=_("Desa/kelurahan"), levels=[RegionLevel.VILLAGE])
    name = forms.CharField(
        label=_("Nama koperasi"), required=False, max_length=200, help_text=_("Kosongkan untuk nama baku.")
    )
    scheme = forms.ChoiceField(label=_("Skema"), choices=Scheme.choices, initial=Scheme.PENDIRIAN_BARU)
    predecessor = forms.CharField(label=_("Koperasi asal"), required=False, max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)


class OfficialForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "nik", "gender", "position", "village_office", "phone", "term_start", "term_end"]
        widgets = {
            "term_start": DATE_WIDGET,
            "term_end": DATE_WIDGET,
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def _post_clean(self):
        pass

    def official_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class BusinessUnitForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = BusinessUnit
        fields = ["category", "name", "status", "since"]
        widgets = {"since": DATE_WIDGET}

    def _post_clean(self):
        pass

    def unit_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class DocumentForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Judul"), required=False, max_length=200)
    file = forms.FileField(
        label=_("Berkas (PDF, JPEG atau PNG, maks. 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
