"""Forms of the Satgas pages. They parse input; the rules live in the services and `rules.py`, so the page and the
API refuse the same things."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.core.forms import ServiceErrorsMixin
from kopdes.taskforce.choices import ActionState, ActionStatus, AssigneeKind, AttendanceStatus, MemberRole
from kopdes.taskforce.models import Agency, Decree, Meeting
from kopdes.taskforce.selectors import ActionFilters

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = [("", _("Semua"))]
CODE = {"max_length": 13}


class Form(ServiceErrorsMixin, forms.Form):
    """The base of this app's forms."""


class ModelForm(ServiceErrorsMixin, forms.ModelForm):
    pass


class ActionFilterForm(Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    region = forms.CharField(label=_("Kode wilayah"), required=False, **CODE)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + ActionState.choices)
    mine = forms.BooleanField(label=_("Hanya tindakan saya"), required=False)
    agency = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    meeting = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    decree = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    decision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    cooperative = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**62)

    def filters(self) -> ActionFilters:
        if not self.is_valid():
            return ActionFilters()
        data = self.cleaned_data
        return ActionFilters(
            region=data["region"],
            state=data["state"],
            mine=bool(data["mine"]),
            q=data["q"],
            agency=data["agency"],
            meeting=data["meeting"],
            decree=data["decree"],
            decision=data["decision"],
            cooperative=data["cooperative"],
        )


class UpdateForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label=_("Status sesudahnya"), choices=ActionStatus.choices)
    text = forms.CharField(label=_("Perkembangan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    date = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    document = forms.FileField(label=_("Bukti (PDF, JPEG, PNG)"), required=False)


class AttachmentForm(Form):
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF, JPEG, PNG)"))


class DecreeForm(ModelForm):
    region = forms.CharField(label=_("Kode kabupaten/kota"), **CODE)

    class Meta:
        model = Decree
        fields = ["kind", "number", "date", "title", "signer_name", "signer_position", "summary"]
        widgets = {"date": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}

    field_order = ["region"]


class MemberForm(Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    position = forms.CharField(label=_("Jabatan"), max_length=200)
    role = forms.ChoiceField(label=_("Kedudukan dalam Satgas"), choices=MemberRole.choices)
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=Agency.objects.none(), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies


class MeetingForm(ModelForm):
    region = forms.CharField(label=_("Kode kabupaten/kota"), **CODE)

    class Meta:
        model = Meeting
        fields = [
            "decree",
            "kind",
            "title",
            "date",
            "place",
            "chair_name",
            "chair_position",
            "online_participants",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    field_order = ["region"]

    def __init__(self, *args, decrees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decree"].queryset = decrees if decrees is not None else Decree.objects.none()


class DecisionForm(Form):
    text = forms.CharField(label=_("Keputusan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    assignee_kind = forms.ChoiceField(label=_("Ditujukan kepada"), choices=AssigneeKind.choices)
    assignee_agency = forms.ModelChoiceField(label=_("OPD"), queryset=Agency.objects.none(), required=False)
    assignee_region = forms.CharField(
        label=_("Wilayah sasaran (kode)"),
        required=False,
        help_text=_("Untuk camat atau kepala desa/lurah: setiap unit di wilayah ini mendapat satu tindakan."),
        **CODE,
    )
    subject_region = forms.CharField(label=_("Tentang wilayah (kode, boleh kosong)"), required=False, **CODE)
    subject_cooperative = forms.IntegerField(
        label=_("Tentang koperasi (nomor, boleh kosong)"), required=False, min_value=1, max_value=2**62
    )
    due_date = forms.DateField(label=_("Tenggat"), widget=DATE_WIDGET)
    corrects = forms.TypedChoiceField(label=_("Mengoreksi keputusan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agencies=None, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["assignee_agency"].queryset = agencies
        self.fields["corrects"].choices = [("", "—")] + [(d.pk, str(d)) for d in decisions]


class AttendanceForm(Form):
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=Agency.objects.none(), required=False)
    district = forms.CharField(label=_("atau kecamatan (kode)"), required=False, **CODE)
    status = forms.ChoiceField(label=_("Kehadiran"), choices=AttendanceStatus.choices)
    representative = forms.CharField(label=_("Diwakili oleh"), required=False, max_length=200)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies


class SignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AgencyForm(Form):
    region = forms.CharField(label=_("Kode kabupaten/kota"), **CODE)
    name = forms.CharField(label=_("Nama perangkat daerah"), max_length=200)
    short_name = forms.CharField(label=_("Singkatan"), max_length=30)
    head_title = forms.CharField(label=_("Jabatan kepala"), max_length=200, required=False)


class LetterheadForm(Form):
    government = forms.CharField(label=_("Pemerintah"), max_length=200)
    office = forms.CharField(label=_("Kantor"), max_length=200, required=False)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    contact = forms.CharField(label=_("Telepon/laman"), max_length=200, required=False)
