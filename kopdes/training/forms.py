"""Forms of the training pages. They parse input; the rules live in the models, rules and services, so the page,
the API and the import refuse the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.cooperatives.choices import Position
from kopdes.core.forms import ServiceErrorsMixin
from kopdes.formation.choices import Phase
from kopdes.regions.choices import RegionLevel
from kopdes.regions.forms import RegionField, bind_region_fields
from kopdes.training.choices import EventKind, FundingSource, ParticipantSource, ProviderKind, Tier, Track
from kopdes.training.models import Course, Provider
from kopdes.training.selectors import CourseFilters, EventFilters, ParticipantFilters, ProviderFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("Semua"))]
ORGANISER_LEVELS = (RegionLevel.PROVINCE, RegionLevel.REGENCY, RegionLevel.DISTRICT)


class Form(ServiceErrorsMixin, forms.Form):
    """The base of this app's forms; region fields check the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_fields(self, user)


class CourseFilterForm(Form):
    q = forms.CharField(label=_("Cari judul/kode"), required=False, max_length=100)
    track = forms.ChoiceField(label=_("Bidang"), required=False, choices=ALL + Track.choices)
    tier = forms.ChoiceField(label=_("Jenjang"), required=False, choices=ALL + Tier.choices)

    def filters(self) -> CourseFilters:
        return CourseFilters(**self.cleaned_data) if self.is_valid() else CourseFilters()


class ProviderFilterForm(Form):
    q = forms.CharField(label=_("Cari nama/nomor"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=ALL + ProviderKind.choices)
    valid_on = forms.DateField(label=_("Bersertifikat pada"), required=False, widget=DATE_WIDGET)

    def filters(self) -> ProviderFilters:
        return ProviderFilters(**self.cleaned_data) if self.is_valid() else ProviderFilters()


class CourseForm(Form):
    code = forms.CharField(label=_("Kode"), max_length=20)
    title = forms.CharField(label=_("Judul"), max_length=200)
    track = forms.ChoiceField(label=_("Bidang"), choices=Track.choices)
    tier = forms.ChoiceField(label=_("Jenjang"), choices=Tier.choices)
    hours = forms.IntegerField(label=_("Jam pelajaran"), min_value=1, max_value=1000)
    competencies = forms.CharField(label=_("Kompetensi"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProviderForm(Form):
    name = forms.CharField(label=_("Nama lembaga"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=ProviderKind.choices)
    certification_number = forms.CharField(label=_("Nomor sertifikasi/akreditasi"), max_length=100)
    issuing_body = forms.CharField(label=_("Penerbit sertifikasi"), max_length=200)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DATE_WIDGET)


class EventFilterForm(Form):
    q = forms.CharField(label=_("Cari nama/tempat"), required=False, max_length=100)
    region = RegionField(label=_("Wilayah"), required=False)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=ALL + EventKind.choices)
    year = forms.IntegerField(label=_("Tahun"), required=False, min_value=2000, max_value=2100)

    def filters(self) -> EventFilters:
        """No filter when nothing was asked; nothing at all when a filter is invalid (its message is shown)."""
        if not self.is_bound:
            return EventFilters()
        return EventFilters(**self.cleaned_data) if self.is_valid() else EventFilters(region="-")


class EventForm(Form):
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=EventKind.choices)
    title = forms.CharField(label=_("Nama kegiatan"), max_length=300)
    organiser_region = RegionField(label=_("Wilayah penyelenggara"), levels=ORGANISER_LEVELS)
    agency = forms.CharField(label=_("Instansi penyelenggara"), max_length=200)
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DATE_WIDGET)
    venue = forms.CharField(label=_("Tempat"), required=False, max_length=300)
    online_link = forms.URLField(label=_("Tautan daring"), required=False, max_length=300, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=1, max_value=100_000)
    quota_per_cooperative = forms.IntegerField(label=_("Kuota undangan per koperasi"), min_value=1, max_value=20)
    invited_positions = forms.MultipleChoiceField(
        label=_("Jabatan yang diundang"), required=False, choices=Position.choices, widget=forms.CheckboxSelectMultiple
    )
    course = forms.ModelChoiceField(label=_("Materi (untuk pelatihan)"), required=False, queryset=Course.objects.all())
    provider = forms.ModelChoiceField(label=_("Lembaga pelatihan"), required=False, queryset=Provider.objects.all())
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def data_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("organiser_region", "version"):
            data.pop(name, None)
        return data

    @classmethod
    def initial_for(cls, event) -> dict:
        return {name: getattr(event, name) for name in cls.base_fields if name != "organiser_region"} | {
            "organiser_region": event.organiser_region_id
        }


class FundingForm(Form):
    source = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.choices)
    amount_rp = forms.IntegerField(label=_("Jumlah (Rp)"))
    village = RegionField(label=_("Desa pembayar (APBDes)"), required=False, levels=(RegionLevel.VILLAGE,))


class InvitationForm(Form):
    region = RegionField(label=_("Wilayah (kecamatan atau desa)"), required=False)
    min_phase = forms.TypedChoiceField(
        label=_("Koperasi paling sedikit pada tahap"), choices=Phase.choices, coerce=int, initial=0, required=False
    )
    positions = forms.MultipleChoiceField(
        label=_("Jabatan (urutan pengisian kuota)"),
        required=False,
        choices=Position.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class ParticipantFilterForm(Form):
    q = forms.CharField(label=_("Cari nama/koperasi"), required=False, max_length=100)
    source = forms.ChoiceField(label=_("Asal"), required=False, choices=ALL + ParticipantSource.choices)
    attended = forms.NullBooleanField(
        label=_("Kehadiran"),
        required=False,
        widget=forms.Select(choices=[("", _("Semua")), ("true", _("Hadir")), ("false", _("Belum hadir"))]),
    )
    district = forms.CharField(label=_("Kode kecamatan"), required=False, max_length=13)

    def filters(self) -> ParticipantFilters:
        return ParticipantFilters(**self.cleaned_data) if self.is_valid() else ParticipantFilters()


class WalkInForm(Form):
    cooperative = forms.IntegerField(label=_("Koperasi"), widget=forms.Select)
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.ChoiceField(label=_("Jabatan"), required=False, choices=[("", "–"), *Position.choices])
    day = forms.DateField(widget=forms.HiddenInput)


class ResultForm(Form):
    passed = forms.BooleanField(label=_("Lulus"), required=False)
    pre_score = forms.IntegerField(label=_("Pra-tes"), required=False, min_value=0, max_value=100)
    post_score = forms.IntegerField(label=_("Pasca-tes"), required=False, min_value=0, max_value=100)
    certificate_number = forms.CharField(label=_("Nomor sertifikat"), required=False, max_length=60)


class NeedsFilterForm(Form):
    region = RegionField(label=_("Wilayah"), required=False)
    tier = forms.ChoiceField(label=_("Belum lulus jenjang"), choices=Tier.choices, required=False)
    track = forms.ChoiceField(label=_("Bidang"), required=False, choices=ALL + Track.choices)
