from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.finance.choices import ApplicationStatus, PartnershipStatus
from kopdes.finance.models import Application, FinancingRule, Partner, Partnership, ProposalLine

DATE = forms.DateInput(attrs={"type": "date"})


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "bank",
            "amount_rp",
            "tenor_months",
            "grace_months",
            "dana_desa_1_rp",
            "dana_desa_2_rp",
            "dana_desa_3_rp",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = Partner.objects.filter(kind="bank")


class LineForm(forms.ModelForm):
    class Meta:
        model = ProposalLine
        fields = ["activity", "spending", "description", "stage", "amount_rp"]


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    office = forms.ChoiceField(
        label=_("Disetujui oleh"), choices=Application._meta.get_field("approver_office").choices
    )
    name = forms.CharField(label=_("Nama pejabat"), max_length=150)
    number = forms.CharField(label=_("Nomor surat persetujuan"), max_length=100)
    approved_on = forms.DateField(label=_("Tanggal persetujuan"), widget=DATE)
    musyawarah_date = forms.DateField(label=_("Tanggal musyawarah"), widget=DATE)
    musyawarah_number = forms.CharField(label=_("Nomor berita acara musyawarah"), max_length=100)


class AdvanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agreement_number = forms.CharField(label=_("Nomor perjanjian kredit"), max_length=100, required=False)
    agreement_date = forms.DateField(label=_("Tanggal perjanjian"), widget=DATE, required=False)
    first_due_date = forms.DateField(label=_("Jatuh tempo pertama"), widget=DATE, required=False)


class RejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=300)


class DisbursementForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=DATE)
    amount_rp = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    stage = forms.IntegerField(label=_("Tahap"), min_value=1, initial=1)
    reference = forms.CharField(label=_("Referensi"), max_length=100, required=False)


class RepaymentForm(forms.Form):
    date = forms.DateField(label=_("Tanggal bayar"), widget=DATE)
    amount_rp = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    prepayment = forms.BooleanField(label=_("Pelunasan dipercepat"), required=False)
    from_dana_desa = forms.BooleanField(label=_("Dari Dana Desa (talangan)"), required=False)
    reference = forms.CharField(label=_("Referensi"), max_length=100, required=False)


class PartnershipForm(forms.ModelForm):
    cooperative_id = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Partnership
        fields = ["partner", "kind", "status", "start_date", "end_date", "value_rp", "document_number", "note"]
        widgets = {"start_date": DATE, "end_date": DATE}


class RuleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = FinancingRule
        fields = ["value", "text", "legal_source", "note"]


class ApplicationFilterForm(forms.Form):
    region = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *ApplicationStatus.choices])


class PartnershipFilterForm(forms.Form):
    region = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *PartnershipStatus.choices])
