"""Forms of the books' pages: plain forms whose cleaned data go to the services (which hold the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kopdes.books.choices import CostKind, LoanMethod, SavingKind
from kopdes.cooperatives.choices import Gender
from kopdes.core.forms import ServiceErrorsMixin

MONEY = {"min_value": 1, "max_value": 10**15}
DATE = forms.DateInput(attrs={"type": "date"})


class BooksOpenForm(ServiceErrorsMixin, forms.Form):
    opened_on = forms.DateField(label=_("Mulai pembukuan"), widget=DATE)
    pokok_rp = forms.IntegerField(label=_("Simpanan pokok (Rp)"), min_value=0, max_value=10**12, initial=100_000)
    wajib_rp = forms.IntegerField(
        label=_("Simpanan wajib per bulan (Rp)"), min_value=0, max_value=10**12, initial=10_000
    )


class MemberForm(ServiceErrorsMixin, forms.Form):
    number = forms.CharField(label=_("Nomor anggota"), max_length=30)
    nik = forms.RegexField(
        label=_("NIK"), regex=r"^\d{16}$", max_length=16, error_messages={"invalid": _("NIK harus 16 angka.")}
    )
    name = forms.CharField(label=_("Nama"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Gender.choices)
    joined_on = forms.DateField(label=_("Tanggal masuk"), widget=DATE)
    phone = forms.CharField(label=_("Telepon (WhatsApp)"), max_length=20, required=False)


class SavingForm(ServiceErrorsMixin, forms.Form):
    member = forms.CharField(label=_("Nomor anggota"), max_length=30)
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    kind = forms.ChoiceField(label=_("Jenis"), choices=SavingKind.choices, initial=SavingKind.WAJIB)
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"), min_value=-(10**15), max_value=10**15, help_text=_("Negatif untuk penarikan sukarela.")
    )


class SaleForm(ServiceErrorsMixin, forms.Form):
    value = forms.IntegerField(
        label=_("Nilai penjualan (Rp)"),
        **MONEY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    cost = forms.IntegerField(
        label=_("Harga pokok (Rp)"),
        min_value=0,
        max_value=10**15,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    member = forms.CharField(label=_("Nomor anggota (kosong: bukan anggota)"), max_length=30, required=False)


class CostForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    kind = forms.ChoiceField(label=_("Jenis"), choices=CostKind.choices)
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), **MONEY)
    description = forms.CharField(label=_("Uraian"), max_length=300, required=False)


class RatForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Tahun buku"), min_value=2000, max_value=2100)
    held_on = forms.DateField(label=_("Tanggal RAT"), widget=DATE)
    members_present = forms.IntegerField(label=_("Anggota hadir"), min_value=0, max_value=1_000_000)
    statements_approved = forms.BooleanField(label=_("Laporan keuangan disahkan"), required=False, initial=True)
    shu_approved = forms.BooleanField(label=_("Pembagian SHU disetujui"), required=False, initial=True)
    decisions = forms.CharField(label=_("Keputusan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class LoanProductForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Nama produk"), max_length=100)
    rate_percent = forms.DecimalField(
        label=_("Jasa per tahun (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("Contoh: 18 atau 12,5."),
    )
    method = forms.ChoiceField(label=_("Perhitungan"), choices=LoanMethod.choices)
    min_tenor = forms.IntegerField(label=_("Tenor paling singkat (bulan)"), min_value=1, max_value=120, initial=1)
    max_tenor = forms.IntegerField(label=_("Tenor paling lama (bulan)"), min_value=1, max_value=120, initial=12)
    min_amount_rp = forms.IntegerField(
        label=_("Pinjaman paling sedikit (Rp)"), min_value=0, max_value=10**13, initial=0
    )
    max_amount_rp = forms.IntegerField(label=_("Pinjaman paling banyak (Rp)"), **MONEY)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["rate_bp"] = int(data.pop("rate_percent") * 100)
        return data


class LoanForm(ServiceErrorsMixin, forms.Form):
    product = forms.ModelChoiceField(label=_("Produk"), queryset=None)
    member = forms.CharField(label=_("Nomor anggota"), max_length=30)
    day = forms.DateField(label=_("Tanggal pencairan"), widget=DATE)
    amount = forms.IntegerField(label=_("Pokok pinjaman (Rp)"), **MONEY)
    tenor = forms.IntegerField(label=_("Tenor (bulan)"), min_value=1, max_value=120)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class LoanRepaymentForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(label=_("Tanggal bayar"), widget=DATE)
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"), **MONEY, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class ChartAccountForm(ServiceErrorsMixin, forms.Form):
    code = forms.RegexField(
        label=_("Kode akun"), regex=r"^[1-6]\d{3}$", max_length=4,
        error_messages={"invalid": _("Kode akun empat angka, diawali 1 sampai 6.")},
        help_text=_("1 aset, 2 kewajiban, 3 ekuitas, 4 pendapatan, 5 HPP, 6 beban."),
    )  # fmt: skip
    name = forms.CharField(label=_("Nama akun"), max_length=100)
    active = forms.BooleanField(label=_("Dipakai"), required=False, initial=True)
