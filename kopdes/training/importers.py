"""The attendance sheet import as the one web import flow serves it (`kopdes.core.import_views`, at
/impor/kehadiran-pelatihan/): the event beside the file, the template, what an applied import changed."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.accounts.choices import Capability
from kopdes.core.forms import ImportUploadForm
from kopdes.core.importing import record_history
from kopdes.core.registry import ImportChange, Importer
from kopdes.core.scoping import user_can
from kopdes.training.io import ATTENDANCE_COLUMNS, IMPORT_KIND, attendance_import, example_row
from kopdes.training.models import Participant


class AttendanceUploadForm(ImportUploadForm):
    """The sheet and the event it belongs to (its number is on the event's page and in its export's name)."""

    event = forms.IntegerField(label=gettext_lazy("Nomor kegiatan"), min_value=1, max_value=2**31 - 1)


class AttendanceImporter(Importer):
    key = IMPORT_KIND
    slug = "kehadiran-pelatihan"
    label = gettext_lazy("Daftar hadir kegiatan")
    title = gettext_lazy("Impor daftar hadir kegiatan")
    description = gettext_lazy(
        "Daftar hadir kertas yang diketik kemudian: peserta yang terdaftar dicatat hadir (dan hasilnya untuk "
        "pelatihan); nama yang tidak ada di daftar dengan tanggal hadir dicatat sebagai datang langsung."
    )
    columns = ATTENDANCE_COLUMNS
    sheet_title = "Kehadiran"
    upload_form = AttendanceUploadForm
    back_url_name = "training:event_list"
    back_label = gettext_lazy("Kegiatan")
    change_columns = (gettext_lazy("Peserta"), gettext_lazy("Kegiatan"))
    order = 60

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, event=None, **options):
        return attendance_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run, event=event)

    def may_import(self, user) -> bool:
        return user_can(user, Capability.MANAGE_TRAINING)

    def example_row(self, user) -> dict:
        return example_row()

    def changes(self, record) -> list[ImportChange]:
        rows = (
            record_history(Participant.history, record)
            .select_related("cooperative", "event")
            .order_by("cooperative__village_id", "name")
        )
        return [
            ImportChange(
                key=f"participant-{row.id}",
                subject=row.name,
                region=row.cooperative.village_id,
                action=_("baru") if row.history_type == "+" else _("diubah"),
                details=row.event.title,
                url=reverse_lazy("training:event_detail", args=[row.event_id]),
            )
            for row in rows
        ]
