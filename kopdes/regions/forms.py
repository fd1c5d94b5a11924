"""The region input every form that asks for a place uses: a text field that takes a Kemendagri code or a name
("rapak lambur", "tenggarong", "64.02.06"), with suggestions as the user types (htmx fills a <datalist> from
`regions:region_search`); without JavaScript it is a plain text field and the name is resolved when the form is
sent. Scope: only regions the user may see are suggested or accepted (outside reads as unknown)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kopdes.regions.choices import RegionLevel
from kopdes.regions.selectors import RegionLookupError, region_lookup

SHOWN_CANDIDATES = 6


class RegionInput(forms.TextInput):
    """A text input with a <datalist> of suggestions that htmx refreshes while the user types."""

    template_name = "regions/widgets/region_input.html"

    def __init__(self, *, levels=(), attrs=None):
        self.levels = tuple(levels)
        self.matches = []
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        params = "&".join([f"field={name}", *(f"level={level}" for level in self.levels)])
        widget["attrs"].update(
            {
                "list": list_id,
                "hx-get": f"{reverse('regions:region_search')}?{params}",
                "hx-trigger": "input changed delay:250ms, focus once",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "hx-push-url": "false",  # inside a filter form that pushes its own URL
            }
        )
        widget["list_id"] = list_id
        widget["matches"] = self.matches
        return context


class RegionField(forms.CharField):
    """Cleans a code or a name to the code of the one region in the user's scope it names (of `levels`). The form
    sets `field.user` (see `bind_region_fields`); an ambiguous name is refused with the candidates, which the widget
    also offers as suggestions."""

    def __init__(self, *, levels=(), **kwargs):
        self.levels = tuple(levels)
        self.user = None
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", _help_text(self.levels))
        kwargs["widget"] = RegionInput(levels=self.levels)
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.matches = []
        return result

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        if self.user is None:
            raise forms.ValidationError(_("Wilayah tidak bisa diperiksa."), code="no_user")
        try:
            region = region_lookup(user=self.user, text=value, levels=self.levels)
        except RegionLookupError as exc:
            self.widget.matches = exc.matches
            message = exc.message
            if exc.matches:
                labels = "; ".join(match.label for match in exc.matches[:SHOWN_CANDIDATES])
                more = len(exc.matches) - SHOWN_CANDIDATES
                message = f"{message} {labels}" + (f" (+{more})" if more > 0 else "")
            raise forms.ValidationError(message, code="region") from exc
        return region.code


def _help_text(levels) -> str:
    if tuple(levels) == (RegionLevel.VILLAGE,):
        return _("Nama atau kode desa/kelurahan, mis. Rapak Lambur atau 64.02.06.2012.")
    return _("Nama atau kode wilayah, mis. Tenggarong atau 64.02.06.")


def bind_region_fields(form: forms.BaseForm, user) -> None:
    """Give the form's region fields the user whose scope they check."""
    for field in form.fields.values():
        if isinstance(field, RegionField):
            field.user = user


class RegionFilterForm(forms.Form):
    """A list's region filter (GET): a name or a code in the user's scope, with suggestions while typing. Used by
    every page that filters or opens by region, so they all accept "tenggarong" as well as "64.02.06"."""

    region = RegionField(label=_("Wilayah"), required=False)

    def __init__(self, data=None, *, user=None, levels=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        # Only a non-empty region makes the form bound: an empty filter is "everything", not an error.
        super().__init__(data if data is not None and (data.get("region") or "").strip() else None, **kwargs)
        field = self.fields["region"]
        if levels:
            field.levels = field.widget.levels = tuple(levels)
            field.help_text = _help_text(field.levels)
        bind_region_fields(self, user)

    def region_code(self) -> str | None:
        """The code to filter under ("" for all), or None when the text names nothing in scope (the field then
        carries the message; the page lists nothing rather than everything)."""
        if not self.is_bound:
            return ""
        return (self.cleaned_data.get("region") or "") if self.is_valid() else None
