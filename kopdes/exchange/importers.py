"""The SIMKOPDES import as the one web import flow serves it (`kopdes.core.import_views`, at /impor/simkopdes/): the
snapshot date beside the file, the preview of how the file's names matched Kemendagri regions, a template per
level, and the landing page after a confirmed import (the units left to review, else the comparison)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.accounts.choices import Capability
from kopdes.core.registry import ImportChange, Importer
from kopdes.core.scoping import user_can
from kopdes.exchange.choices import UnitStatus
from kopdes.exchange.forms import SnapshotUploadForm
from kopdes.exchange.io import LEVEL_LABELS, template_table
from kopdes.exchange.models import NationalSnapshot
from kopdes.exchange.services import IMPORT_KIND, snapshot_import


class SimkopdesImporter(Importer):
    key = IMPORT_KIND
    slug = "simkopdes"
    label = gettext_lazy("Data SIMKOPDES")
    title = gettext_lazy("Impor data SIMKOPDES")
    description = gettext_lazy(
        "Statistik publik sistem nasional (SIMKOPDES): per provinsi, per kabupaten/kota, atau per desa. Nama "
        "wilayahnya dicocokkan ke kode Kemendagri; Anda melihat hasilnya dulu sebelum disimpan."
    )
    template_variants = {
        "village": gettext_lazy("per desa"),
        "district": gettext_lazy("per kecamatan"),
        "regency": gettext_lazy("per kabupaten/kota"),
        "province": gettext_lazy("per provinsi"),
    }
    sheet_title = "SIMKOPDES"
    preview_template = "exchange/import_preview.html"
    upload_form = SnapshotUploadForm
    back_url_name = "exchange:mapping_review"
    back_label = gettext_lazy("Tinjau pencocokan")
    change_columns = (gettext_lazy("Tingkat"), gettext_lazy("Baris tersimpan"))
    order = 40

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, snapshot_date=None, **options):
        return snapshot_import(
            actor=actor, data=data, file_name=file_name, snapshot_date=snapshot_date, dry_run=dry_run
        )

    def may_import(self, user) -> bool:
        return user_can(user, Capability.IMPORT_SIMKOPDES)

    def template_file(self, user, variant: str = ""):
        if variant not in LEVEL_LABELS:
            return None
        header, rows = template_table(variant)
        return f"templat-simkopdes-{variant}", header, rows

    def preview_context(self, result, *, limit: int) -> dict:
        levels = [
            {
                "level": level,
                "label": LEVEL_LABELS[level],
                "matched": counts.get(UnitStatus.MATCHED, 0),
                "unmatched": counts.get(UnitStatus.UNMATCHED, 0) + counts.get(UnitStatus.IGNORED, 0),
                "ambiguous": counts.get(UnitStatus.AMBIGUOUS, 0),
            }
            for level, counts in result.units.items()
        ]
        return {"levels": levels, "level_label": LEVEL_LABELS.get(result.level, "")}

    def confirm_label(self, result) -> str:
        return _("Simpan sebagai data %(date)s") % {"date": date_format(result.snapshot_date, "j F Y")}

    def message(self, result, file_name: str) -> tuple[int, str]:
        text = _(
            "Data SIMKOPDES %(date)s disimpan: %(rows)s baris, %(matched)s cocok, %(unmatched)s belum cocok, "
            "%(ambiguous)s meragukan."
        ) % {
            "date": result.snapshot_date.strftime("%d-%m-%Y"),
            "rows": result.rows,
            "matched": result.matched,
            "unmatched": result.unmatched,
            "ambiguous": result.ambiguous,
        }
        return messages.SUCCESS, text

    def success_url(self, result, user) -> str | None:
        """Units left to match go to the review first; otherwise the comparison of the user's region."""
        if result.unmatched - result.ignored or result.ambiguous:
            return reverse("exchange:mapping_review")
        return reverse("exchange:comparison", args=[user.home_code])

    def changes(self, record) -> list[ImportChange]:
        """The snapshot rows this import stored, by level (a later import of the same date replaces them)."""
        stored = (
            NationalSnapshot.objects.filter(import_record=record)
            .values("level", "snapshot_date")
            .annotate(rows=Count("id"))
            .order_by("snapshot_date", "level")
        )
        return [
            ImportChange(
                key=item["level"],
                subject=str(LEVEL_LABELS.get(item["level"], item["level"])),
                action=_("data %(date)s") % {"date": item["snapshot_date"].strftime("%d-%m-%Y")},
                details=str(item["rows"]),
            )
            for item in stored
        ]
