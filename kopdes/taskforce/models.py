"""The Satgas (task force) of a regency and what it decides: decrees and circulars, the agencies (OPD) it
coordinates, its coordination meetings with attendance and minutes, and the decisions of those meetings and
circulars as action items that someone has to carry out.

A decision addressed to a role ("every camat of Kukar", "every kepala desa and lurah of Paser") fans out into one
`ActionItem` per unit, each owned by that unit's official. Every item stores `scope_code`, the most specific region
it is about (its unit, else its subject, else the regency), so that the one scoping mechanism shows it to that
official and the regency above, and the progress block counts it with one GROUP BY over code prefixes."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kopdes.accounts.choices import Role
from kopdes.core.scoping import ScopedQuerySet
from kopdes.taskforce.choices import (
    ActionStatus,
    AssigneeKind,
    AttendanceStatus,
    DecreeKind,
    MeetingKind,
    MemberRole,
)


class Agency(models.Model):
    """A regional agency (organisasi perangkat daerah, OPD) of a regency: DPMD, Dinas Koperasi, Bappeda… Decisions
    are assigned to agencies; `role` names the login role that speaks for the agency (a DPMD officer sees DPMD's
    actions as "mine")."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    name = models.CharField(_("nama perangkat daerah"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=30)
    head_title = models.CharField(_("jabatan kepala"), max_length=200, blank=True)
    role = models.CharField(
        _("peran pengguna"),
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text=_("Pengguna dengan peran ini di kabupaten yang sama melihat tindakan OPD ini sebagai miliknya."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["region_id", "order", "short_name"]
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "short_name"],
                name="agency_unique_short_name",
                violation_error_message=_("Singkatan OPD ini sudah dipakai di kabupaten yang sama."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name


class Letterhead(models.Model):
    """The regency's letterhead, set once and printed on every minutes PDF."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    government = models.CharField(_("pemerintah"), max_length=200, help_text=_("mis. PEMERINTAH KABUPATEN PASER"))
    office = models.CharField(_("kantor"), max_length=200, blank=True, help_text=_("mis. SEKRETARIAT DAERAH"))
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact = models.CharField(_("telepon/laman"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self) -> str:
        return self.government


class Decree(models.Model):
    """A regent's decree (SK, e.g. forming the Satgas), circular (surat edaran) or instruction. A circular's
    instructions are decisions like a meeting's and fan out the same way."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=DecreeKind.choices, default=DecreeKind.KEPUTUSAN)
    number = models.CharField(_("nomor"), max_length=100)
    date = models.DateField(_("tanggal"))
    title = models.CharField(_("tentang"), max_length=300)
    signer_name = models.CharField(_("penandatangan"), max_length=200)
    signer_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("keputusan/surat edaran")
        verbose_name_plural = _("keputusan/surat edaran")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"],
                name="decree_unique_number",
                violation_error_message=_("Nomor ini sudah dicatat untuk kabupaten/kota yang sama."),
            )
        ]
        indexes = [models.Index(fields=["region", "date"], name="decree_region_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class DecreeMember(models.Model):
    """One seat of a Satgas decree: the person, their agency and office, and their place in the Satgas."""

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, related_name="members", verbose_name=_("keputusan"))
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, help_text=_("mis. Sekretaris Daerah, Camat Tenggarong"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    role = models.CharField(_("kedudukan dalam Satgas"), max_length=20, choices=MemberRole.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "decree__region__code"

    class Meta:
        ordering = ["decree_id", "order", "id"]
        verbose_name = _("anggota Satgas")
        verbose_name_plural = _("anggota Satgas")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Meeting(models.Model):
    """A meeting of the Satgas (rakor, evaluation, technical). Once the minutes are signed the meeting and its
    decisions are locked: a correction is a new decision that names the one it corrects."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    decree = models.ForeignKey(
        Decree,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("dasar (SK Satgas)"),
    )
    kind = models.CharField(_("jenis rapat"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.RAKOR)
    title = models.CharField(_("judul"), max_length=300)
    date = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=300)
    chair_name = models.CharField(_("pimpinan rapat"), max_length=200)
    chair_position = models.CharField(_("jabatan pimpinan rapat"), max_length=200, blank=True)
    online_participants = models.PositiveIntegerField(
        _("peserta daring"), default=0, help_text=_("mis. kepala desa dan lurah yang mengikuti secara daring")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    signed_at = models.DateTimeField(_("notulen ditandatangani"), null=True, blank=True, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("rapat Satgas")
        verbose_name_plural = _("rapat Satgas")
        indexes = [models.Index(fields=["region", "date"], name="meeting_region_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class Attendance(models.Model):
    """Who was in the room: an agency or the camat of a kecamatan, present, represented or absent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("rapat"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    district = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("kecamatan")
    )
    status = models.CharField(_("kehadiran"), max_length=20, choices=AttendanceStatus.choices)
    representative = models.CharField(_("diwakili oleh"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "meeting__region__code"

    class Meta:
        ordering = ["meeting_id", "agency_id", "district_id"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, district__isnull=True)
                | Q(agency__isnull=True, district__isnull=False),
                name="attendance_agency_or_district",
                violation_error_message=_("Kehadiran dicatat untuk satu OPD atau satu kecamatan."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                name="attendance_unique_agency",
                violation_error_message=_("Kehadiran OPD ini sudah dicatat."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "district"],
                name="attendance_unique_district",
                violation_error_message=_("Kehadiran camat ini sudah dicatat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency or self.district}: {self.get_status_display()}"


class Decision(models.Model):
    """One decision of a meeting or one instruction of a circular, addressed to an agency or to a role in every
    unit of an area; `ActionItem`s carry it out. `corrects` names the decision a correction replaces."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("rapat")
    )
    decree = models.ForeignKey(
        Decree, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("surat")
    )
    number = models.PositiveSmallIntegerField(_("nomor urut"), validators=[MinValueValidator(1)])
    text = models.TextField(_("keputusan"))
    assignee_kind = models.CharField(_("ditujukan kepada"), max_length=20, choices=AssigneeKind.choices)
    assignee_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    assignee_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah sasaran"),
        help_text=_("Untuk camat atau kepala desa: setiap unit di wilayah ini mendapat satu tindakan."),
    )
    subject_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tentang wilayah"),
    )
    subject_cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tentang koperasi"),
    )
    due_date = models.DateField(_("tenggat"))
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("mengoreksi"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region__code"

    class Meta:
        ordering = ["meeting_id", "decree_id", "number"]
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, decree__isnull=True) | Q(meeting__isnull=True, decree__isnull=False),
                name="decision_meeting_or_decree",
                violation_error_message=_("Keputusan berasal dari satu rapat atau satu surat."),
            ),
            models.CheckConstraint(
                condition=Q(assignee_kind=AssigneeKind.AGENCY, assignee_agency__isnull=False)
                | (~Q(assignee_kind=AssigneeKind.AGENCY) & Q(assignee_region__isnull=False)),
                name="decision_assignee_given",
                violation_error_message=_("Pilih OPD, atau wilayah untuk camat/kepala desa."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=Q(meeting__isnull=False),
                name="decision_unique_meeting_number",
                violation_error_message=_("Nomor urut ini sudah dipakai di rapat ini."),
            ),
            models.UniqueConstraint(
                fields=["decree", "number"],
                condition=Q(decree__isnull=False),
                name="decision_unique_decree_number",
                violation_error_message=_("Nomor urut ini sudah dipakai di surat ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def source(self):
        return self.meeting or self.decree


class ActionItem(models.Model):
    """One thing one official or agency has to do, carried out through updates. `scope_code` (derived, never
    typed) is the most specific region the item is about: its unit (the kecamatan of a camat, the village of a
    kepala desa), else its subject, else the regency; scoping and the roll-ups read it."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="items", verbose_name=_("keputusan"))
    unit = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit pelaksana"),
        help_text=_("Kecamatan (camat) atau desa/kelurahan (kepala desa/lurah) yang melaksanakan."),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="items", verbose_name=_("OPD")
    )
    subject_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tentang wilayah"),
    )
    subject_cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tentang koperasi"),
    )
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    closed_on = models.DateField(_("tanggal selesai"), null=True, blank=True, editable=False)
    dropped_reason = models.TextField(_("alasan dibatalkan"), blank=True, editable=False)
    scope_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "scope_code"
    scope_cooperative_field = "subject_cooperative_id"

    class Meta:
        ordering = ["due_date", "scope_code", "id"]
        verbose_name = _("tindakan")
        verbose_name_plural = _("tindakan")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(agency__isnull=True),
                name="action_unit_or_agency",
                violation_error_message=_("Tindakan dilaksanakan oleh satu unit wilayah atau satu OPD."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DROPPED) | ~Q(dropped_reason=""),
                name="action_dropped_has_reason",
                violation_error_message=_("Tindakan yang dibatalkan perlu alasan."),
            ),
            models.UniqueConstraint(
                fields=["decision", "unit"],
                condition=Q(unit__isnull=False),
                name="action_unique_decision_unit",
                violation_error_message=_("Unit ini sudah mendapat tindakan dari keputusan yang sama."),
            ),
        ]
        indexes = [
            models.Index(fields=["scope_code", "status", "due_date"], name="action_scope_status_due_idx"),
            # "everything under 64.02" is scope_code LIKE '64.02.%': a pattern index whatever the collation
            models.Index(fields=["scope_code"], name="action_scope_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
            models.Index(fields=["unit", "status"], name="action_unit_status_idx"),
            models.Index(fields=["agency", "status"], name="action_agency_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.decision.text[:60]} · {self.unit.name if self.unit_id else self.agency}"

    @property
    def is_closed(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionUpdate(models.Model):
    """What was done on an item, by whom and when, with its evidence; the status it left the item in. Append-only:
    the item's status is the last update's."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("tindakan"))
    date = models.DateField(_("tanggal"))
    text = models.TextField(_("perkembangan"))
    status = models.CharField(_("status sesudahnya"), max_length=20, choices=ActionStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "item__scope_code"
    scope_cooperative_field = "item__subject_cooperative_id"

    class Meta:
        ordering = ["item_id", "date", "id"]
        verbose_name = _("perkembangan tindakan")
        verbose_name_plural = _("perkembangan tindakan")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"


class Attachment(models.Model):
    """A document of the Satgas: the signed decree, the signed minutes or other meeting papers, the evidence of an
    update. Stored outside the web root, served by a scoped view; the type is read from the bytes at upload
    (`kopdes.core.uploads`) and the sha256 proves it was not changed."""

    decree = models.ForeignKey(Decree, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    update = models.ForeignKey(
        ActionUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(_("judul"), max_length=200, blank=True)
    file = models.FileField(_("berkas"), upload_to="satgas/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scope_code = models.CharField(max_length=13, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "scope_code"

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("dokumen Satgas")
        verbose_name_plural = _("dokumen Satgas")
        constraints = [
            models.CheckConstraint(
                condition=Q(decree__isnull=False, meeting__isnull=True, update__isnull=True)
                | Q(decree__isnull=True, meeting__isnull=False, update__isnull=True)
                | Q(decree__isnull=True, meeting__isnull=True, update__isnull=False),
                name="attachment_one_owner",
                violation_error_message=_("Dokumen melekat pada satu surat, rapat atau perkembangan."),
            )
        ]

    def __str__(self) -> str:
        return self.title or self.original_name
