"""The registry import as the one web import flow serves it (`kopdes.core.import_views`, at /impor/koperasi/): who
may use it, its template's example row, its preview rows and what an applied import changed. The import itself is
`kopdes.formation.io.cooperatives_import` (formation owns the registry file because it carries the milestone
dates)."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative
from kopdes.cooperatives.rules import cooperative_kind_for
from kopdes.cooperatives.services import default_cooperative_name
from kopdes.core.importing import record_history
from kopdes.core.registry import ImportChange, Importer
from kopdes.core.scoping import scope_for, user_can
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.io import COLUMNS, EXAMPLE_ROW, IMPORT_KIND, cooperatives_import
from kopdes.formation.models import Milestone
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region


class RegistryImporter(Importer):
    key = IMPORT_KIND
    slug = "koperasi"
    label = gettext_lazy("Registri koperasi")
    title = gettext_lazy("Impor registri koperasi")
    columns = COLUMNS
    sheet_title = "Koperasi"
    preview_template = "formation/import_preview.html"
    back_url_name = "cooperatives:cooperative_list"
    back_label = gettext_lazy("Registri koperasi")
    change_columns = (gettext_lazy("Koperasi"), gettext_lazy("Tahapan"))
    order = 10

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        return cooperatives_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run)

    def may_import(self, user) -> bool:
        """Importing registers and edits cooperatives; the rows outside the user's scope are refused row by row."""
        return user_can(user, Capability.REGISTER_COOPERATIVE) or user_can(user, Capability.EDIT_COOPERATIVE)

    def example_row(self, user) -> dict:
        """The example's village is in the user's own scope when there is one without a cooperative."""
        example = dict(EXAMPLE_ROW)
        if not scope_for(user).covers_code(example["kode_wilayah"]):
            village = (
                Region.objects.for_user(user)
                .filter(level=RegionLevel.VILLAGE, cooperatives__isnull=True)
                .order_by("code")
                .first()
            )
            if village is not None:
                example["kode_wilayah"] = village.code
                example["nama_koperasi"] = default_cooperative_name(village)
                example["jenis"] = cooperative_kind_for(village.kind)
        return example

    def preview_context(self, result, *, limit: int) -> dict:
        changed = [plan for plan in result.plans if plan.action != "unchanged"]
        return {"changed_rows": [(plan, plan.changes()) for plan in changed[:limit]], "changed_total": len(changed)}

    def message(self, result, file_name: str) -> tuple[int, str]:
        if not (result.created or result.updated):
            return super().message(result, file_name)
        text = _("%(file)s diimpor: %(created)d koperasi baru, %(updated)d diubah, %(unchanged)d tetap.") % {
            "file": file_name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        return messages.SUCCESS, text

    def changes(self, record) -> list[ImportChange]:
        """The cooperatives the import registered or changed, each with the milestones it set."""
        coop_rows = (
            record_history(Cooperative.history, record)
            .order_by("village_id")
            .values_list("id", "village_id", "name", "history_type")
        )
        milestone_rows = (
            record_history(Milestone.history, record)
            .order_by("cooperative_id", "kind")
            .values_list("cooperative_id", "kind", "date")
        )
        milestones: dict[int, list[str]] = {}
        for coop_id, kind, date in milestone_rows:
            label = str(MilestoneKind(kind).label)
            milestones.setdefault(coop_id, []).append(f"{label} {date:%d-%m-%Y}" if date else label)
        rows = [(coop_id, village_id, name, history_type) for coop_id, village_id, name, history_type in coop_rows]
        seen = {row[0] for row in rows}
        if set(milestones) - seen:
            # Cooperatives whose milestones changed but whose own fields did not.
            others = Cooperative.objects.filter(pk__in=set(milestones) - seen).only("pk", "village_id", "name")
            rows += [(coop.pk, coop.village_id, coop.name, "~") for coop in others]
            rows.sort(key=lambda row: row[1])
        return [
            ImportChange(
                key=coop_id,
                subject=name,
                region=village_id,
                action=_("didaftarkan") if history_type == "+" else _("diubah"),
                details="; ".join(milestones.get(coop_id, [])),
                url=reverse_lazy("cooperatives:cooperative_detail", args=[coop_id]),
            )
            for coop_id, village_id, name, history_type in rows
        ]
