"""Partnerships with BUMN/BUMD/exporters/platforms/banks, and bank financing of KDMP/KKMP under PMK 49/2025.

Every limit of the regulation lives in one table (`FinancingRule`, seeded by a data migration with its legal source,
kept with history) so that a new rule is an edit by the national admin, not a release. An application copies the
rate, tenor and grace it was agreed on: a later change of the table never rewrites a signed schedule.

Scoping: partners are national reference data (`catalogue`). Partnerships and applications belong to a cooperative
(region scope), and a bank's login (`Partner.account_user`, role mitra) also sees the rows addressed to its bank
through `scope_owner_field` — one foreign-key path, so the WHERE stays one clause with no duplicate rows.

`Instalment.paid_rp` and `Application.disbursed_rp`/`outstanding_rp` are derived columns (ADR 0002), recomputed by
the services in the same transaction as the disbursement or repayment that changes them; roll-ups read them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.core.scoping import ScopedQuerySet, ScopeKind
from kopdes.finance.choices import (
    Activity,
    ApplicationStatus,
    ApproverOffice,
    PartnerKind,
    PartnershipKind,
    PartnershipStatus,
    RuleKey,
    Spending,
)

non_negative = MinValueValidator(0, _("Tidak boleh negatif."))
positive = MinValueValidator(1, _("Harus lebih dari nol."))


class FinancingRule(models.Model):
    """One limit of the financing rules with its legal source. `value` is an integer (rupiah, months, basis points,
    percent); `text` holds a list (the financed activities, comma-separated)."""

    key = models.CharField(_("aturan"), max_length=30, choices=RuleKey.choices, unique=True)
    value = models.BigIntegerField(_("nilai"), null=True, blank=True)
    text = models.CharField(_("daftar"), max_length=500, blank=True)
    legal_source = models.CharField(_("dasar hukum"), max_length=200)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.CATALOGUE

    class Meta:
        ordering = ["key"]
        verbose_name = _("aturan pembiayaan")
        verbose_name_plural = _("aturan pembiayaan")

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value if self.value is not None else self.text}"

    @classmethod
    def seed_defaults(cls) -> None:
        """Write the rules as seeded by migration 0002 where a key is missing (never changes an existing row)."""
        from kopdes.finance.migrations import _defaults

        for key, value, text, source, note in _defaults.RULES:
            cls.objects.get_or_create(key=key, defaults={"value": value, "text": text, "legal_source": source,
                                                         "note": note})  # fmt: skip


class Partner(models.Model):
    """A partner of the cooperatives: a BUMN, BUMD, exporter, digital platform, waste manager or bank. A bank's
    `account_user` (role mitra) sees the applications addressed to it and records its decisions."""

    name = models.CharField(_("nama mitra"), max_length=200, unique=True)
    kind = models.CharField(_("jenis mitra"), max_length=20, choices=PartnerKind.choices)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    account_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="finance_partner",
        verbose_name=_("akun mitra"),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_kind = ScopeKind.CATALOGUE

    class Meta:
        ordering = ["name"]
        verbose_name = _("mitra")
        verbose_name_plural = _("mitra")
        indexes = [models.Index(fields=["kind"], name="finance_partner_kind")]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A cooperative's partnership with a partner (an LPG base with Pertamina, fertiliser with Pupuk Indonesia…)."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("koperasi")
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("mitra"))
    kind = models.CharField(_("jenis kemitraan"), max_length=20, choices=PartnershipKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.DIJAJAKI
    )
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    value_rp = models.BigIntegerField(_("nilai (Rp)"), default=0, validators=[non_negative])
    document_number = models.CharField(_("nomor perjanjian"), max_length=100, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative"
    scope_owner_field = "partner__account_user"

    class Meta:
        ordering = ["cooperative__village__code", "partner__name"]
        verbose_name = _("kemitraan")
        verbose_name_plural = _("kemitraan")
        indexes = [models.Index(fields=["status", "kind"], name="finance_partnership_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "partner", "kind"],
                name="finance_partnership_unique",
                violation_error_message=_("Kemitraan jenis ini dengan mitra ini sudah tercatat untuk koperasi ini."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="finance_partnership_dates",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} — {self.partner} ({self.get_kind_display()})"


class Application(models.Model):
    """A cooperative's financing application to a state bank under PMK 49/2025, from the draft through the
    village's approval, the bank's assessment and agreement, disbursement and repayment. The rate, tenor and grace
    are the agreed terms (defaults from `FinancingRule`)."""

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", on_delete=models.PROTECT, related_name="financing", verbose_name=_("koperasi")
    )
    bank = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="applications",
        limit_choices_to={"kind": PartnerKind.BANK},
        verbose_name=_("bank"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    amount_rp = models.BigIntegerField(_("jumlah pinjaman (Rp)"), validators=[positive])
    rate_bp = models.PositiveIntegerField(_("bunga per tahun (basis poin)"))
    tenor_months = models.PositiveSmallIntegerField(_("tenor (bulan)"))
    grace_months = models.PositiveSmallIntegerField(_("masa tenggang (bulan)"))
    dana_desa_1_rp = models.BigIntegerField(_("Dana Desa tahun -3 (Rp)"), default=0, validators=[non_negative])
    dana_desa_2_rp = models.BigIntegerField(_("Dana Desa tahun -2 (Rp)"), default=0, validators=[non_negative])
    dana_desa_3_rp = models.BigIntegerField(_("Dana Desa tahun -1 (Rp)"), default=0, validators=[non_negative])
    musyawarah_date = models.DateField(_("tanggal musyawarah"), null=True, blank=True)
    musyawarah_number = models.CharField(_("nomor berita acara musyawarah"), max_length=100, blank=True)
    approver_office = models.CharField(_("disetujui oleh"), max_length=15, choices=ApproverOffice.choices, blank=True)
    approver_name = models.CharField(_("nama pejabat"), max_length=150, blank=True)
    approval_number = models.CharField(_("nomor surat persetujuan"), max_length=100, blank=True)
    approved_on = models.DateField(_("tanggal persetujuan"), null=True, blank=True)
    agreement_number = models.CharField(_("nomor perjanjian kredit"), max_length=100, blank=True)
    agreement_date = models.DateField(_("tanggal perjanjian"), null=True, blank=True)
    first_due_date = models.DateField(_("jatuh tempo pertama"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan penolakan"), max_length=300, blank=True)
    disbursed_rp = models.BigIntegerField(_("dicairkan (Rp)"), default=0, editable=False)
    outstanding_rp = models.BigIntegerField(_("sisa pokok (Rp)"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cooperative__village__code"
    scope_cooperative_field = "cooperative"
    scope_owner_field = "bank__account_user"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengajuan pembiayaan")
        verbose_name_plural = _("pengajuan pembiayaan")
        indexes = [models.Index(fields=["status"], name="finance_application_status")]

    def __str__(self) -> str:
        return f"{self.cooperative} — {self.bank} Rp{self.amount_rp:,}".replace(",", ".")

    @property
    def dana_desa_average_rp(self) -> int:
        return (self.dana_desa_1_rp + self.dana_desa_2_rp + self.dana_desa_3_rp) // 3


class ProposalLine(models.Model):
    """A line of the business proposal: a financed activity, capital or operating spending, the disbursement stage
    it belongs to and its amount."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    activity = models.CharField(_("kegiatan"), max_length=20, choices=Activity.choices)
    spending = models.CharField(_("jenis belanja"), max_length=5, choices=Spending.choices)
    description = models.CharField(_("uraian"), max_length=200)
    stage = models.PositiveSmallIntegerField(_("tahap pencairan"), default=1, validators=[positive])
    amount_rp = models.BigIntegerField(_("jumlah (Rp)"), validators=[positive])
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "application__cooperative__village__code"
    scope_cooperative_field = "application__cooperative"

    class Meta:
        ordering = ["stage", "id"]
        verbose_name = _("baris proposal")
        verbose_name_plural = _("baris proposal")

    def __str__(self) -> str:
        return self.description


class Disbursement(models.Model):
    """Money the bank paid out, stage by stage."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="disbursements")
    date = models.DateField(_("tanggal"))
    stage = models.PositiveSmallIntegerField(_("tahap"), default=1)
    amount_rp = models.BigIntegerField(_("jumlah (Rp)"), validators=[positive])
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "application__cooperative__village__code"
    scope_cooperative_field = "application__cooperative"
    scope_owner_field = "application__bank__account_user"

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("pencairan")
        verbose_name_plural = _("pencairan")

    def __str__(self) -> str:
        return f"{self.application_id} {self.date} {self.amount_rp}"


class Instalment(models.Model):
    """One month of the schedule (`rules.loan_schedule`). `paid_rp` is derived from the repayments."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="instalments")
    no = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_date = models.DateField(_("jatuh tempo"))
    principal_rp = models.BigIntegerField(_("pokok (Rp)"))
    interest_rp = models.BigIntegerField(_("bunga (Rp)"))
    total_rp = models.BigIntegerField(_("jumlah (Rp)"))
    balance_rp = models.BigIntegerField(_("sisa pokok (Rp)"))
    paid_rp = models.BigIntegerField(_("dibayar (Rp)"), default=0, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "application__cooperative__village__code"
    scope_cooperative_field = "application__cooperative"
    scope_owner_field = "application__bank__account_user"

    class Meta:
        ordering = ["application", "no"]
        verbose_name = _("angsuran")
        verbose_name_plural = _("angsuran")
        indexes = [models.Index(fields=["due_date"], name="finance_instalment_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "no"],
                name="finance_instalment_unique",
                violation_error_message=_("Angsuran ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} #{self.no}"

    @property
    def unpaid_rp(self) -> int:
        return self.total_rp - self.paid_rp


class Repayment(models.Model):
    """A payment by the cooperative, allocated to the oldest unpaid instalments (append-only: a correction is a
    negative repayment recorded by the bank)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="repayments")
    date = models.DateField(_("tanggal bayar"))
    amount_rp = models.BigIntegerField(_("jumlah (Rp)"), validators=[positive])
    prepayment = models.BooleanField(_("pelunasan dipercepat"), default=False)
    from_dana_desa = models.BooleanField(_("dari Dana Desa (talangan)"), default=False)
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "application__cooperative__village__code"
    scope_cooperative_field = "application__cooperative"
    scope_owner_field = "application__bank__account_user"

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("pembayaran angsuran")
        verbose_name_plural = _("pembayaran angsuran")

    def __str__(self) -> str:
        return f"{self.application_id} {self.date} {self.amount_rp}"
