"""Forms of the consultation pages. They parse; the rules are the services' (a refused value comes back on its
field through `add_service_errors`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.core.forms import ServiceErrorsMixin
from kopdes.core.scoping import scope_for
from kopdes.helpdesk.choices import ConsultationState, Responder, Status, Topic
from kopdes.helpdesk.models import Contact, Message
from kopdes.helpdesk.selectors import ConsultationFilters
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionField, bind_region_fields
from kopdes.regions.models import Region

ACCEPT = "application/pdf,image/jpeg,image/png"
MAX_VILLAGE_CHOICES = 500


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def village_choices(user) -> list[tuple[str, str]]:
    """The villages a user may ask about: their village, their kecamatan's, their cooperatives'."""
    scope = scope_for(user)
    villages = Region.objects.for_user(user).filter(level=RegionLevel.VILLAGE)
    if scope.is_cooperative:
        villages = Region.objects.filter(code__in=sorted(scope.village_codes))
    rows = villages.select_related("parent").order_by("code")[:MAX_VILLAGE_CHOICES]
    return [(r.code, f"{r.get_kind_display()} {r.name} ({r.parent.name if r.parent_id else ''})") for r in rows]


class ConsultationForm(ServiceErrorsMixin, forms.Form):
    village = forms.ChoiceField(label=_("Desa/kelurahan yang ditanyakan"))
    topic = forms.ChoiceField(label=_("Topik"), choices=Topic.choices)
    title = forms.CharField(label=_("Judul pertanyaan"), max_length=200)
    question = forms.CharField(label=_("Pertanyaan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    asker_phone = forms.CharField(
        label=_("Nomor WhatsApp Anda"),
        max_length=20,
        required=False,
        help_text=_("Agar petugas dapat menghubungi Anda, mis. 0812xxxxxxx."),
    )
    files = MultipleFileField(label=_("Lampiran (PDF, JPEG, PNG; boleh lebih dari satu)"))
    refers_to = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = village_choices(user)
        if len(self.fields["village"].choices) == 1:
            self.fields["village"].initial = self.fields["village"].choices[0][0]


class MessageForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Message.Kind.choices)
    text = forms.CharField(label=_("Pesan"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("Lampiran (PDF, JPEG, PNG)"))

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if office:
            self.fields["kind"].choices = [
                (Message.Kind.JAWABAN, Message.Kind.JAWABAN.label),
                (Message.Kind.PERMINTAAN, Message.Kind.PERMINTAAN.label),
            ]
        else:  # the asker only replies
            del self.fields["kind"]

    def message_kind(self) -> str:
        return self.cleaned_data.get("kind") or Message.Kind.TANGGAPAN


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Apa yang masih perlu dijawab?"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ArticleForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Judul artikel"), max_length=200)
    question = forms.CharField(
        label=_("Pertanyaan (anonim)"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    answer = forms.CharField(label=_("Jawaban (anonim)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    reviewed = forms.BooleanField(
        label=_("Sudah saya periksa: tidak ada nama orang, desa, koperasi, nomor telepon atau NIK."), required=False
    )


class ConsultationFilterForm(forms.Form):
    region = forms.CharField(label=_("Kode wilayah"), max_length=13, required=False)
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *ConsultationState.choices, *Status.choices]
    )
    topic = forms.ChoiceField(label=_("Topik"), required=False, choices=[("", _("Semua")), *Topic.choices])
    mine = forms.BooleanField(label=_("Milik saya"), required=False)
    q = forms.CharField(label=_("Cari"), max_length=200, required=False)

    def filters(self):
        if not self.is_bound or not self.is_valid():
            return ConsultationFilters()
        data = self.cleaned_data
        return ConsultationFilters(
            region=data["region"], state=data["state"], topic=data["topic"], mine=data["mine"], q=data["q"]
        )


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), max_length=200, required=False)
    topic = forms.ChoiceField(label=_("Topik"), required=False, choices=[("", _("Semua")), *Topic.choices])


class TopicSettingForm(forms.Form):
    """One row per topic: who answers, in how many working days."""

    def __init__(self, *args, settings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for topic in Topic:
            current = settings.get(topic.value)
            self.fields[f"{topic.value}_responder"] = forms.ChoiceField(
                label=topic.label, choices=Responder.choices, initial=current.responder if current else Responder.DINAS
            )
            self.fields[f"{topic.value}_days"] = forms.IntegerField(
                label=_("hari kerja"), min_value=1, max_value=30, initial=current.target_days if current else 3
            )

    def rows(self):
        return [(topic, self[f"{topic.value}_responder"], self[f"{topic.value}_days"]) for topic in Topic]


class ContactForm(ServiceErrorsMixin, forms.ModelForm):
    region = RegionField(label=_("Desa/kelurahan atau kecamatan"), levels=(RegionLevel.VILLAGE, RegionLevel.DISTRICT))

    class Meta:
        model = Contact
        fields = ["kind", "name", "role_title", "phone"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)
        self.order_fields(["region", "kind", "name", "role_title", "phone"])
