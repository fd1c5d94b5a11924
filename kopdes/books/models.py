"""The cooperative's own books: its members, the settings of its AD/ART (simpanan amounts, SHU division), the
journal with its lines, the source documents that post to it (simpanan, sales, costs), and the RAT.

The journal is append-only: nothing is edited or deleted, a correction is a reversing entry (`reverses`), and a
source document reversed gets a mirror row with the amounts negated, so "sales in a period" is a plain SUM. Every
row carries the cooperative's village (`village`, denormalised from the cooperative) and the lines carry their
entry's date, so the progress block and the statements are indexed aggregates with no join. Money is integer
rupiah."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.books.choices import Collectability, CostKind, EntryKind, LoanMethod, LoanStatus, SavingKind
from kopdes.cooperatives.choices import Gender
from kopdes.core.choices import BusinessCategory
from kopdes.core.scoping import ScopedQuerySet


class Scoped(models.Model):
    """A row of one cooperative's books, with the cooperative's village copied on it for the roll-ups."""

    cooperative = models.ForeignKey("cooperatives.Cooperative", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "village__code"
    scope_cooperative_field = "cooperative_id"

    class Meta:
        abstract = True


class BookSettings(Scoped):
    """What the AD/ART fixes for the books: simpanan pokok (once) and wajib (monthly), the SHU division in percent
    per item, and the last day of the closed months (entries on or before it are refused)."""

    pokok_rp = models.BigIntegerField(_("simpanan pokok (Rp)"), default=100_000)
    wajib_rp = models.BigIntegerField(_("simpanan wajib per bulan (Rp)"), default=10_000)
    shu_division = models.JSONField(_("pembagian SHU (%)"), default=dict)
    closed_through = models.DateField(_("buku ditutup sampai"), null=True, blank=True)
    opened_on = models.DateField(_("mulai pembukuan"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan pembukuan")
        verbose_name_plural = _("pengaturan pembukuan")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative"],
                name="books_settings_one_per_cooperative",
                violation_error_message=_("Koperasi ini sudah membuka pembukuan."),
            ),
            models.CheckConstraint(
                condition=Q(pokok_rp__gte=0, wajib_rp__gte=0),
                name="books_settings_amounts_not_negative",
                violation_error_message=_("Jumlah simpanan tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.cooperative)


class Member(Scoped):
    """A member (anggota) of the cooperative. KDMP/KKMP members live in the cooperative's village (`domicile`)."""

    number = models.CharField(_("nomor anggota"), max_length=30)
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    domicile = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan domisili")
    )
    joined_on = models.DateField(_("tanggal masuk"))
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cooperative_id", "number"]
        verbose_name = _("anggota")
        verbose_name_plural = _("anggota")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "number"],
                name="books_member_number_unique",
                violation_error_message=_("Nomor anggota ini sudah dipakai di koperasi ini."),
            ),
            models.UniqueConstraint(
                fields=["cooperative", "nik"],
                name="books_member_nik_unique",
                violation_error_message=_("NIK ini sudah terdaftar sebagai anggota koperasi ini."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="books_member_left_after_joined",
                violation_error_message=_("Tanggal keluar tidak boleh sebelum tanggal masuk."),
            ),
        ]
        indexes = [models.Index(fields=["village", "joined_on", "left_on"], name="books_member_village_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class JournalEntry(Scoped):
    """One journal entry (bukti). `number` (no_bukti) is unique per cooperative and kind, so a file imported twice
    changes nothing. A reversal points at the entry it cancels; an entry is reversed at most once."""

    date = models.DateField(_("tanggal"))
    number = models.CharField(_("nomor bukti"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20, choices=EntryKind.choices)
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("membalik")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cooperative_id", "date", "pk"]
        verbose_name = _("jurnal")
        verbose_name_plural = _("jurnal")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "kind", "number"],
                name="books_entry_number_unique",
                violation_error_message=_("Nomor bukti ini sudah dipakai."),
            )
        ]
        indexes = [
            models.Index(fields=["cooperative", "date"], name="books_entry_coop_date_idx"),
            models.Index(fields=["village", "date"], name="books_entry_village_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.date}"


class JournalLine(Scoped):
    """One debit or credit of an entry; the entry's date is copied so statements are one indexed SUM."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    date = models.DateField(_("tanggal"), editable=False)
    account = models.CharField(_("akun"), max_length=4)  # a code of the cooperative's chart (`ChartAccount`)
    debit = models.BigIntegerField(_("debit"), default=0)
    credit = models.BigIntegerField(_("kredit"), default=0)

    class Meta:
        ordering = ["entry_id", "pk"]
        verbose_name = _("baris jurnal")
        verbose_name_plural = _("baris jurnal")
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gte=0, credit__gte=0) & (Q(debit=0) | Q(credit=0)),
                name="books_line_one_side",
                violation_error_message=_("Satu baris jurnal berisi debit atau kredit, tidak negatif."),
            )
        ]
        indexes = [
            models.Index(fields=["cooperative", "date", "account"], name="books_line_coop_date_idx"),
            models.Index(fields=["village", "date"], name="books_line_village_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.account} D{self.debit} K{self.credit}"


class Saving(Scoped):
    """A simpanan payment (positive) or sukarela withdrawal (negative), with the entry it posted; a reversal is a
    mirror row. Its receipt is the entry's number."""

    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="saving")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="savings")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=SavingKind.choices)
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("simpanan")
        verbose_name_plural = _("simpanan")
        indexes = [
            models.Index(fields=["village", "date"], name="books_saving_village_date_idx"),
            models.Index(fields=["cooperative", "kind", "date"], name="books_saving_coop_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Sale(Scoped):
    """A day's sales at one gerai (value and cost of goods), to a member or not; a reversal is a mirror row."""

    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="sale")
    date = models.DateField(_("tanggal"))
    category = models.CharField(_("gerai"), max_length=30, choices=BusinessCategory.choices)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="purchases")
    value = models.BigIntegerField(_("nilai penjualan (Rp)"))
    cost = models.BigIntegerField(_("harga pokok (Rp)"), default=0)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("penjualan")
        verbose_name_plural = _("penjualan")
        indexes = [
            models.Index(fields=["village", "date"], name="books_sale_village_date_idx"),
            models.Index(fields=["cooperative", "date", "category"], name="books_sale_coop_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.category} {self.value}"


class Cost(Scoped):
    """A purchase of goods or an operating cost, by kind; a reversal is a mirror row."""

    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="cost")
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=20, choices=CostKind.choices)
    description = models.CharField(_("uraian"), max_length=300, blank=True)
    amount = models.BigIntegerField(_("jumlah (Rp)"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("biaya")
        verbose_name_plural = _("biaya")
        indexes = [models.Index(fields=["cooperative", "date"], name="books_cost_coop_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.amount}"


class Rat(Scoped):
    """The annual members' meeting (Rapat Anggota Tahunan) for a book year: attendance and quorum, approval of the
    statements and of the SHU division, decisions. Recording it closes the year."""

    year = models.PositiveSmallIntegerField(_("tahun buku"))
    held_on = models.DateField(_("tanggal RAT"))
    members_total = models.PositiveIntegerField(_("jumlah anggota"), editable=False)
    members_present = models.PositiveIntegerField(_("anggota hadir"))
    quorum_met = models.BooleanField(_("kuorum"), editable=False)
    statements_approved = models.BooleanField(_("laporan keuangan disahkan"), default=True)
    shu_approved = models.BooleanField(_("pembagian SHU disetujui"), default=True)
    shu_rp = models.BigIntegerField(_("SHU (Rp)"), editable=False, default=0)
    bagian_desa_rp = models.BigIntegerField(_("bagian desa (Rp)"), editable=False, default=0)
    decisions = models.TextField(_("keputusan"), blank=True)
    minutes = models.FileField(_("notulen"), upload_to="books/rat/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cooperative_id", "year"]
        verbose_name = _("RAT")
        verbose_name_plural = _("RAT")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "year"],
                name="books_rat_one_per_year",
                violation_error_message=_("RAT tahun buku ini sudah dicatat."),
            )
        ]
        indexes = [models.Index(fields=["village", "year"], name="books_rat_village_year_idx")]

    def __str__(self) -> str:
        return f"RAT {self.year} {self.cooperative}"


class CollectabilityBand(models.Model):
    """The settings table of loan collectability: each band's days past due (both ends included; no upper end for
    the last). One table for every cooperative, editable in the admin when the rules change."""

    code = models.CharField(_("kolektibilitas"), max_length=20, choices=Collectability.choices, unique=True)
    min_days = models.PositiveIntegerField(_("hari tunggakan dari"))
    max_days = models.PositiveIntegerField(_("hari tunggakan sampai"), null=True, blank=True)
    legal_source = models.CharField(_("dasar"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["min_days"]
        verbose_name = _("kolektibilitas pinjaman")
        verbose_name_plural = _("kolektibilitas pinjaman")

    def __str__(self) -> str:
        return self.get_code_display()


class LoanProduct(Scoped):
    """A loan product of the cooperative's simpan pinjam unit: yearly rate (basis points: 1200 = 12%), flat or
    annuity, and the limits of amount and tenor a loan must stay within."""

    name = models.CharField(_("nama produk"), max_length=100)
    rate_bp = models.PositiveIntegerField(_("jasa per tahun (basis poin)"))
    method = models.CharField(_("perhitungan"), max_length=10, choices=LoanMethod.choices)
    min_tenor = models.PositiveSmallIntegerField(_("tenor paling singkat (bulan)"), default=1)
    max_tenor = models.PositiveSmallIntegerField(_("tenor paling lama (bulan)"))
    min_amount_rp = models.BigIntegerField(_("pinjaman paling sedikit (Rp)"), default=0)
    max_amount_rp = models.BigIntegerField(_("pinjaman paling banyak (Rp)"))
    active = models.BooleanField(_("dipakai"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cooperative_id", "name"]
        verbose_name = _("produk pinjaman")
        verbose_name_plural = _("produk pinjaman")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "name"],
                name="books_product_name_unique",
                violation_error_message=_("Nama produk ini sudah dipakai di koperasi ini."),
            ),
            models.CheckConstraint(
                condition=Q(min_tenor__gte=1, max_tenor__gte=models.F("min_tenor"), max_tenor__lte=120),
                name="books_product_tenor_range",
                violation_error_message=_(
                    "Tenor 1 sampai 120 bulan, yang paling singkat tidak melebihi yang paling lama."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_amount_rp__gte=0, max_amount_rp__gte=models.F("min_amount_rp"), max_amount_rp__gt=0),
                name="books_product_amount_range",
                violation_error_message=_(
                    "Batas pinjaman tidak negatif, yang paling sedikit tidak melebihi yang paling banyak."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Loan(Scoped):
    """A loan to a member: the product's terms copied at disbursement (rate, method), the schedule in its
    instalments, the disbursement's journal entry. Repayments are `LoanRepayment` rows; days past due and the
    collectability are derived from them and the schedule (selectors), never stored."""

    number = models.CharField(_("nomor pinjaman"), max_length=40)
    product = models.ForeignKey(LoanProduct, on_delete=models.PROTECT, related_name="loans", verbose_name=_("produk"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="loans", verbose_name=_("anggota"))
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="loan")
    disbursed_on = models.DateField(_("tanggal pencairan"))
    amount_rp = models.BigIntegerField(_("pokok pinjaman (Rp)"))
    tenor = models.PositiveSmallIntegerField(_("tenor (bulan)"))
    rate_bp = models.PositiveIntegerField(_("jasa per tahun (basis poin)"))
    method = models.CharField(_("perhitungan"), max_length=10, choices=LoanMethod.choices)
    status = models.CharField(_("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.AKTIF)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cooperative_id", "-disbursed_on", "-pk"]
        verbose_name = _("pinjaman anggota")
        verbose_name_plural = _("pinjaman anggota")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "number"],
                name="books_loan_number_unique",
                violation_error_message=_("Nomor pinjaman ini sudah dipakai."),
            ),
            models.CheckConstraint(condition=Q(amount_rp__gt=0), name="books_loan_amount_positive"),
        ]
        indexes = [models.Index(fields=["village", "status"], name="books_loan_village_status_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.member.name}"


class LoanInstalment(models.Model):
    """One month of a member loan's schedule (`rules.member_loan_schedule`)."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    no = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_date = models.DateField(_("jatuh tempo"))
    principal = models.BigIntegerField(_("pokok (Rp)"))
    interest = models.BigIntegerField(_("jasa (Rp)"))
    total = models.BigIntegerField(_("jumlah (Rp)"))
    balance = models.BigIntegerField(_("sisa pokok (Rp)"))

    class Meta:
        ordering = ["loan_id", "no"]
        verbose_name = _("jadwal angsuran")
        verbose_name_plural = _("jadwal angsuran")
        constraints = [models.UniqueConstraint(fields=["loan", "no"], name="books_instalment_unique")]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.no}"


class LoanRepayment(Scoped):
    """A repayment of a member loan (cash), split into principal and interest by the schedule (interest first, the
    oldest instalment first); a reversal is a mirror row with the amounts negated."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="loan_repayment")
    date = models.DateField(_("tanggal bayar"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    principal = models.BigIntegerField(_("pokok (Rp)"))
    interest = models.BigIntegerField(_("jasa (Rp)"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("angsuran dibayar")
        verbose_name_plural = _("angsuran dibayar")
        indexes = [models.Index(fields=["village", "date"], name="books_repayment_village_idx")]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.date} {self.amount}"


class ChartAccount(Scoped):
    """The cooperative's own changes to the default SAK EP chart of accounts (`choices.Account`): a default account
    renamed or set aside, or an account of its own (four digits; the first gives its kind: 1 aset, 2 kewajiban,
    3 ekuitas, 4 pendapatan, 5 HPP, 6 beban). The chart a cooperative posts to is the defaults with these rows
    applied (`selectors.chart`)."""

    code = models.CharField(
        _("kode akun"),
        max_length=4,
        validators=[RegexValidator(r"^[1-6]\d{3}$", _("Kode akun empat angka, diawali 1 sampai 6."))],
    )
    name = models.CharField(_("nama akun"), max_length=100)
    active = models.BooleanField(_("dipakai"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cooperative_id", "code"]
        verbose_name = _("akun koperasi")
        verbose_name_plural = _("akun koperasi")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "code"],
                name="books_chart_code_unique",
                violation_error_message=_("Kode akun ini sudah ada di bagan akun koperasi."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
