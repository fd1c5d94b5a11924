"""The potentials and BUMDes imports as the one web import flow serves them (`kopdes.core.import_views`, at
/impor/potensi/ and /impor/bumdes/): who may use them, their templates and what an applied import changed. The
imports themselves are `kopdes.mapping.io.potentials` and `kopdes.mapping.io.bumdes`."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kopdes.accounts.choices import Capability
from kopdes.core.choices import BusinessCategory
from kopdes.core.importing import record_history
from kopdes.core.registry import ImportChange, Importer
from kopdes.core.scoping import user_can
from kopdes.mapping.io.bumdes import BUMDES_COLUMNS, BUMDES_EXAMPLE, BUMDES_IMPORT_KIND, bumdes_import
from kopdes.mapping.io.potentials import (
    POTENTIAL_COLUMNS,
    POTENTIAL_EXAMPLE,
    POTENTIALS_IMPORT_KIND,
    potentials_import,
)
from kopdes.mapping.models import Bumdes, BumdesUnit, VillagePotential


def _action(history_type: str) -> str:
    return _("baru") if history_type == "+" else _("dihapus") if history_type == "-" else _("diubah")


def _category(key: str) -> str:
    return str(BusinessCategory(key).label) if key in BusinessCategory.values else key


class PotentialsImporter(Importer):
    key = POTENTIALS_IMPORT_KIND
    slug = "potensi"
    label = gettext_lazy("Potensi desa")
    title = gettext_lazy("Impor potensi desa")
    columns = POTENTIAL_COLUMNS
    sheet_title = "Potensi"
    back_url_name = "mapping:potential_list"
    back_label = gettext_lazy("Potensi desa")
    change_columns = (gettext_lazy("Komoditas"), gettext_lazy("Kategori"))
    order = 20

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        return potentials_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run)

    def may_import(self, user) -> bool:
        return user_can(user, Capability.MAP_POTENTIAL)

    def example_row(self, user) -> dict:
        return POTENTIAL_EXAMPLE

    def changes(self, record) -> list[ImportChange]:
        rows = (
            record_history(VillagePotential.history, record)
            .order_by("village_id", "category", "commodity")
            .values_list("id", "village_id", "category", "commodity", "history_type")
        )
        return [
            ImportChange(
                key=pk,
                subject=commodity,
                region=village_id,
                action=_action(history_type),
                details=_category(category),
                url=reverse_lazy("mapping:potential_edit", args=[pk]),
            )
            for pk, village_id, category, commodity, history_type in rows
        ]


class BumdesImporter(Importer):
    key = BUMDES_IMPORT_KIND
    slug = "bumdes"
    label = gettext_lazy("BUMDes dan unit usahanya")
    title = gettext_lazy("Impor BUMDes dan unit usahanya")
    columns = BUMDES_COLUMNS
    sheet_title = "BUMDes"
    back_url_name = "mapping:bumdes_list"
    back_label = gettext_lazy("BUMDes")
    change_columns = (gettext_lazy("BUMDes"), gettext_lazy("Unit usaha"))
    order = 30

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        return bumdes_import(actor=actor, data=data, file_name=file_name, dry_run=dry_run)

    def may_import(self, user) -> bool:
        return user_can(user, Capability.MANAGE_BUMDES)

    def example_row(self, user) -> dict:
        return BUMDES_EXAMPLE

    def changes(self, record) -> list[ImportChange]:
        """The BUMDes the import registered or changed, then each unit it added or changed, by village."""
        changes = [
            (village_id, 0, ImportChange(
                key=f"bumdes-{pk}",
                subject=name,
                region=village_id,
                action=_action(history_type),
                url=reverse_lazy("mapping:bumdes_detail", args=[pk]),
            ))
            for pk, village_id, name, history_type in record_history(Bumdes.history, record).values_list(
                "id", "village_id", "name", "history_type"
            )
        ]  # fmt: skip
        units = list(
            record_history(BumdesUnit.history, record).values_list("id", "bumdes_id", "category", "history_type")
        )
        owners = Bumdes.objects.in_bulk({bumdes_id for _pk, bumdes_id, _c, _t in units})
        for pk, bumdes_id, category, history_type in units:
            owner = owners.get(bumdes_id)
            village_id = owner.village_id if owner else ""
            change = ImportChange(
                key=f"unit-{pk}",
                subject=owner.name if owner else "",
                region=village_id,
                action=_action(history_type),
                details=_category(category),
                url=reverse_lazy("mapping:bumdes_detail", args=[bumdes_id]),
            )
            changes.append((village_id, 1, change))
        return [change for _village, _order, change in sorted(changes, key=lambda item: item[:2])]
