"""Forms of the mapping pages. They parse input; the rules live in the models and services, so the page, the API
and the import refuse the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.core.choices import BusinessCategory
from kopdes.core.forms import ServiceErrorsMixin
from kopdes.mapping.choices import (
    BumdesLegalStatus,
    BumdesPerformance,
    BumdesUnitStatus,
    OverlapDecisionKind,
    OverlapState,
)
from kopdes.mapping.selectors import BumdesFilters, OverlapFilters, PotentialFilters
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionField, bind_region_fields

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("Semua"))]


class Form(ServiceErrorsMixin, forms.Form):
    """The base of this app's forms: region fields take a name or a code in the user's scope (`user=`)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)


class PotentialFilterForm(Form):
    q = forms.CharField(label=_("Cari komoditas/desa"), required=False, max_length=100)
    region = RegionField(label=_("Wilayah"), required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False, choices=ALL + BusinessCategory.choices)
    opportunity = forms.BooleanField(label=_("Hanya peluang (belum dilayani)"), required=False)

    def filters(self) -> PotentialFilters:
        if not self.is_valid():
            return PotentialFilters()
        data = self.cleaned_data
        return PotentialFilters(
            region=data["region"], category=data["category"], q=data["q"], opportunity=data["opportunity"] or None
        )


class BumdesFilterForm(Form):
    q = forms.CharField(label=_("Cari nama/desa"), required=False, max_length=100)
    region = RegionField(label=_("Wilayah"), required=False)
    category = forms.ChoiceField(label=_("Punya unit"), required=False, choices=ALL + BusinessCategory.choices)
    legal_status = forms.ChoiceField(label=_("Status hukum"), required=False, choices=ALL + BumdesLegalStatus.choices)

    def filters(self) -> BumdesFilters:
        if not self.is_valid():
            return BumdesFilters()
        return BumdesFilters(**self.cleaned_data)


class OverlapFilterForm(Form):
    state = forms.ChoiceField(label=_("Status"), required=False, choices=OverlapState.choices)
    region = RegionField(label=_("Wilayah"), required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False, choices=ALL + BusinessCategory.choices)

    def filters(self) -> OverlapFilters:
        if not self.is_valid():
            return OverlapFilters()
        data = self.cleaned_data
        return OverlapFilters(
            state=data["state"] or OverlapState.OPEN, region=data["region"], category=data["category"]
        )


class PotentialForm(Form):
    village = RegionField(label=_("Desa/kelurahan"), levels=[RegionLevel.VILLAGE])
    category = forms.ChoiceField(label=_("Kategori usaha"), choices=BusinessCategory.choices)
    commodity = forms.CharField(label=_("Komoditas"), max_length=150)
    volume = forms.DecimalField(label=_("Volume"), required=False, max_digits=14, decimal_places=2)
    volume_unit = forms.CharField(label=_("Satuan"), required=False, max_length=30)
    value_rp = forms.IntegerField(label=_("Perkiraan nilai (Rp/tahun)"), required=False)
    people = forms.IntegerField(label=_("Orang terlibat"), required=False)
    source = forms.CharField(label=_("Sumber data"), required=False, max_length=200)
    recorded_on = forms.DateField(label=_("Tanggal data"), required=False, widget=DATE_WIDGET)

    def data_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("village", None)
        return data

    @classmethod
    def initial_for(cls, potential) -> dict:
        return {name: getattr(potential, name) for name in cls.base_fields if name != "village"} | {
            "village": potential.village_id
        }


class BumdesForm(Form):
    village = RegionField(
        label=_("Desa"),
        levels=[RegionLevel.VILLAGE],
        help_text=_("Nama atau kode desa; kelurahan tidak punya BUMDes."),
    )
    name = forms.CharField(label=_("Nama BUMDes"), max_length=200)
    legal_status = forms.ChoiceField(label=_("Status badan hukum"), choices=BumdesLegalStatus.choices)
    registration_number = forms.CharField(label=_("Nomor registrasi/sertifikat"), required=False, max_length=100)

    def data_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("village", None)
        return data


class UnitForm(Form):
    category = forms.ChoiceField(label=_("Kategori usaha"), choices=BusinessCategory.choices)
    name = forms.CharField(label=_("Nama unit"), required=False, max_length=150)
    status = forms.ChoiceField(label=_("Status"), choices=BumdesUnitStatus.choices)
    performance = forms.ChoiceField(label=_("Kinerja"), choices=BumdesPerformance.choices)
    revenue_rp = forms.IntegerField(label=_("Omzet setahun (Rp)"), required=False)
    year = forms.IntegerField(label=_("Tahun omzet"), required=False)


class VerdictForm(Form):
    village = RegionField(label=_("Desa/kelurahan"), levels=[RegionLevel.VILLAGE])
    category = forms.ChoiceField(label=_("Kategori usaha yang dipertimbangkan"), choices=BusinessCategory.choices)


class DecisionForm(Form):
    cooperative = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(choices=BusinessCategory.choices, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Keputusan"), choices=OverlapDecisionKind.choices)
    agreement_number = forms.CharField(
        label=_("Nomor kesepakatan tertulis"), required=False, max_length=100, help_text=_("Wajib untuk ambil alih.")
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}))
