"""Forms of the report pages: opening a report, the typed part (only the fields its form has), the review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.models import Cooperative
from kopdes.core.forms import ServiceErrorsMixin
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.reporting import rules
from kopdes.reporting.choices import (
    FIGURE_LABELS,
    FIGURE_MAX,
    TEXT_FIELDS,
    TEXT_LABELS,
    TEXT_MAX,
    FormKind,
    PeriodType,
)
from kopdes.reporting.selectors import typed_figure_keys

PERIOD_HELP = _("Bulan laporan, misalnya 2026-10.")


class PeriodField(forms.Field):
    widget = forms.TextInput(attrs={"maxlength": 7, "placeholder": "2026-10"})

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return rules.parse_period(value.strip())
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class NewReportForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Formulir"), choices=FormKind.choices)
    period = PeriodField(label=_("Periode"), help_text=PERIOD_HELP)
    district = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Region.objects.none(), required=False)
    cooperative = forms.ModelChoiceField(label=_("Koperasi"), queryset=Cooperative.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.for_user(user).filter(level=RegionLevel.DISTRICT)
        self.fields["cooperative"].queryset = Cooperative.objects.for_user(user).order_by("village_id")
        self.fields["cooperative"].label_from_instance = lambda c: f"{c.name} ({c.village_id})"


class TypedForm(ServiceErrorsMixin, forms.Form):
    """The report's typed part: its text fields and the figures it does not derive."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        self.figure_keys = typed_figure_keys(report)
        for key in self.figure_keys:
            self.fields[f"figures.{key}"] = forms.IntegerField(
                label=FIGURE_LABELS[key],
                required=False,
                min_value=0,
                max_value=FIGURE_MAX,
                initial=report.figures.get(key),
                error_messages={"min_value": _("Angka tidak boleh negatif.")},
            )
        for name in TEXT_FIELDS[report.kind]:
            self.fields[name] = forms.CharField(
                label=TEXT_LABELS[name],
                required=False,
                max_length=TEXT_MAX,
                initial=getattr(report, name),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if report.comments.get(name):
                self.fields[name].help_text = report.comments[name]

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name not in ("version",) and "." not in name}
        data["figures"] = {key: self.cleaned_data.get(f"figures.{key}") for key in self.figure_keys}
        return data


class ReviewForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    general = forms.CharField(
        label=_("Catatan umum"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", report.version)
        super().__init__(*args, **kwargs)
        if typed_figure_keys(report) or report.kind == FormKind.KOPERASI:
            self.fields["figures"] = forms.CharField(label=_("Catatan untuk angka"), required=False, max_length=1000)
        for name in TEXT_FIELDS[report.kind]:
            self.fields[name] = forms.CharField(
                label=_("Catatan untuk: %(field)s") % {"field": TEXT_LABELS[name]}, required=False, max_length=1000
            )

    def comments(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version" and value}


class SettingsForm(ServiceErrorsMixin, forms.Form):
    """Per form: the period type and the due day (of the month after the period)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in FormKind.choices:
            self.fields[f"{kind}_period_type"] = forms.ChoiceField(
                label=_("%(form)s: periode") % {"form": label}, choices=PeriodType.choices
            )
            self.fields[f"{kind}_due_day"] = forms.IntegerField(
                label=_("%(form)s: tenggat tanggal") % {"form": label}, min_value=1, max_value=28
            )

    @staticmethod
    def initial_for(rows: list[dict]) -> dict:
        initial = {}
        for row in rows:
            initial[f"{row['kind']}_period_type"] = row["period_type"]
            initial[f"{row['kind']}_due_day"] = row["due_day"]
        return initial
