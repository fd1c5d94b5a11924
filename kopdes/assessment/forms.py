"""Forms of the assessment: the field visit (on a phone: big checkboxes, the position filled in by the browser's
GPS), the regency's weights."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopdes.assessment.choices import CATEGORIES, Category, ChecklistItem, Indicator, Verdict
from kopdes.core.forms import ServiceErrorsMixin


class VisitForm(ServiceErrorsMixin, forms.Form):
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"}))
    checklist = forms.MultipleChoiceField(
        label=_("Yang ditemukan"), choices=ChecklistItem.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Catatan temuan"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = forms.FileField(
        label=_("Foto (JPEG/PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
    )
    latitude = forms.DecimalField(
        label=_("Lintang"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "data-gps": "lat"}),
    )
    longitude = forms.DecimalField(
        label=_("Bujur"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "data-gps": "lon"}),
    )
    verdict = forms.ChoiceField(
        label=_("Kategori hasil hitungan"), choices=Verdict.choices, initial=Verdict.CONFIRM, widget=forms.RadioSelect
    )
    category_proposed = forms.ChoiceField(
        label=_("Kategori menurut Anda (jika membantah)"),
        choices=[("", "—"), *[(c, Category(c).label) for c in CATEGORIES]],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class WeightsForm(ServiceErrorsMixin, forms.Form):
    visit_radius_m = forms.IntegerField(
        label=_("Jarak kunjungan dari titik acuan desa (meter)"), min_value=100, max_value=50_000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in Indicator:
            self.fields[f"w_{indicator.value}"] = forms.IntegerField(label=indicator.label, min_value=0, max_value=100)

    def weights(self) -> dict[str, int]:
        return {indicator.value: self.cleaned_data[f"w_{indicator.value}"] for indicator in Indicator}
