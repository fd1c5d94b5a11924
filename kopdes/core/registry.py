"""Extension points: where apps register what the hub pages show, so that a new domain app is a new folder plus
registrations, never an edit to `core`, `cooperatives`, `formation` or `dashboard` (STYLE.md rule 16; NetBox
`netbox/registry.py`).

Apps register in their `AppConfig.ready()`:

- a **progress block**: one key of the progress document (`/api/v1/progress/{code}`, `kopdes progress`, the region
  pages), the selector that computes it over a checked region (`ScopedRegion`), the pydantic type that documents it
  in the OpenAPI document, and the panel template the region page includes;
- a **cooperative panel**: one section of the cooperative page, with the function that gives its template context;
- a **cooperative history source**: the history rows of a model that belongs to a cooperative, for its "Riwayat";
- an **importer**: one kind of spreadsheet import (its key is the plain string `ImportRecord.kind` takes, so a new
  importer needs no migration), served by the one web flow of `kopdes.core.import_views`: upload → preview of every
  row's errors or changes → confirm the same bytes → the import's record page;
- a **list exporter**: how to write one filtered list as XLSX/CSV, so that any list page can hand a large export to
  the one background job (`kopdes.core.export_jobs`);
- a **list filter**: a yes/no filter an app adds to a list it sits above (the registry list's "beda dengan
  SIMKOPDES"), applied by the list's page, API and export alike;
- a **menu item**: an entry of the top menu with who may see it (`base.html` shows `menu_for(user)`).

Demo data and benchmark steps need no registration: `kopdes.devtools` finds each app's `demo.py` and `bench.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.contrib import messages
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ProgressBlock:
    """One key of the progress document. `build(region: ScopedRegion)` returns plain JSON-able data; `schema` is the
    pydantic type of that value (None allowed when `optional`). A block with `spread=True` (formation's phases, the
    document's spine) puts its dict's keys at the top level, so the document keeps the shape it always had.

    A block with `as_of=True` can say how things stood on a past day: asked for one, it is called as
    `build(region, document, as_of=date)`. Any other block gives today's value, and the document says so."""

    key: str
    build: Callable[[Any], Any]
    schema: Any
    template: str | None = None
    order: int = 100
    optional: bool = False
    spread: bool = False
    decorate: Callable[[Any], Any] | None = None  # data → what the panel template shows (labels, dates)
    as_of: bool = False  # build() accepts as_of=<date> and answers for that day


@dataclass(frozen=True)
class CooperativePanel:
    """One section of the cooperative page: `context(request, cooperative, forms)` returns the template context of
    `template` (forms: the bound forms to show again with their errors after a failed POST).

    `prefetch`: the cooperative's related rows the context reads (lookups for `prefetch_related_objects`: relation
    names or `Prefetch` objects). The page prefetches every panel's lookups once on the cooperative, so rows that
    several panels show (its board, gerai, milestones) are read once per page; the context finds them with
    `prefetched(cooperative, name)` and reads them itself when they are not there (called from elsewhere)."""

    key: str
    template: str
    context: Callable[..., dict]
    order: int = 100
    prefetch: tuple = ()


def panel_prefetches(panels) -> list:
    """The panels' prefetch lookups, each relation once (the first panel's lookup for it)."""
    lookups: dict[str, Any] = {}
    for panel in panels:
        for lookup in panel.prefetch:
            lookups.setdefault(getattr(lookup, "prefetch_to", lookup), lookup)
    return list(lookups.values())


def prefetched(instance, name: str) -> list | None:
    """The rows of `instance`'s relation `name` when they were prefetched on it (see `CooperativePanel.prefetch`),
    else None: the caller then reads them itself."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None or name not in cache:
        return None
    return list(cache[name])


@dataclass(frozen=True)
class HistorySource:
    """History rows of a cooperative's records: `rows(cooperative_id)` returns a simple-history queryset.
    `related`: the relations the record's `str()` reads besides its cooperative (e.g. a financing application's
    bank), read once for all the rows the page shows rather than once per row."""

    key: str
    label: Any
    rows: Callable[[int], Any]
    order: int = 100
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportChange:
    """One line of an import record's "what this import changed": a row the import created or changed."""

    key: object  # identifies the row on the page (data-changed)
    subject: str
    region: str = ""  # the region code the row belongs to
    action: Any = ""  # in words: registered, changed, stored
    details: str = ""
    url: str = ""


class Importer:
    """One kind of spreadsheet import. Subclass it, set the attributes and register an instance in
    `AppConfig.ready()`; the one web flow (`kopdes.core.import_views`, under /impor/<slug>/) then gives it the upload,
    the dry-run preview of every row, the confirm of exactly the previewed bytes, the downloadable template and the
    import record pages, with no view or URL of its own.

    `run(actor=, data=, file_name=, dry_run=, **options)` is the app's import function: it validates the whole file,
    writes nothing on a dry run or on any error, creates the `ImportRecord`, and returns a result exposing `ok`,
    `errors` (`RowError`s), `notes`, `record` and `rows` (the registry's and mapping's also `created`, `updated`,
    `unchanged`; see `kopdes.core.importing.ImportResult`). `options` are the cleaned extra fields of `upload_form`
    (e.g. the SIMKOPDES snapshot date)."""

    key: ClassVar[str] = ""  # ImportRecord.kind
    slug: ClassVar[str] = ""  # the page: /impor/<slug>/
    label: ClassVar[Any] = ""  # what the records list calls this kind
    title: ClassVar[Any] = ""  # the import page's heading
    description: ClassVar[Any] = ""  # one paragraph under the heading
    columns: ClassVar[list[str]] = []  # the template's header row
    template_variants: ClassVar[dict[str, Any]] = {}  # variant → label, when the template differs by variant
    sheet_title: ClassVar[str] = "Data"
    preview_template: ClassVar[str] = "imports/_preview_rows.html"  # the rows of a valid file's preview
    upload_form: ClassVar[Any] = None  # a kopdes.core.forms.ImportUploadForm subclass; None: the file alone
    back_url_name: ClassVar[str] = ""  # the page this import feeds, linked from the import page
    back_label: ClassVar[Any] = ""
    change_columns: ClassVar[tuple[Any, Any]] = ("", "")  # headings of ImportChange.subject and .details

    order: ClassVar[int] = 100

    def __eq__(self, other) -> bool:  # registering the same importer twice (ready() run again) is harmless
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"

    def run(self, *, actor, data: bytes, file_name: str, dry_run: bool = False, **options):
        raise NotImplementedError

    def may_import(self, user) -> bool:
        """May `user` use this import (else 403)? Rows outside the user's scope are refused row by row by `run`."""
        raise NotImplementedError

    def example_row(self, user) -> dict:
        """The template's example row (column → value), for a region in the user's own scope when possible."""
        return {}

    def template_file(self, user, variant: str = "") -> tuple[str, list[str], list[list]] | None:
        """(file stem, header, rows) of the downloadable template of `variant`; None for an unknown variant."""
        if variant:
            return None
        example = self.example_row(user)
        return f"templat-impor-{self.slug}", self.columns, [[example.get(column, "") for column in self.columns]]

    def preview_context(self, result, *, limit: int) -> dict:
        """What `preview_template` needs besides `result`: by default the first `limit` rows of
        `result.changed_rows` (`kopdes.core.importing.RowChange`) and their total."""
        rows = getattr(result, "changed_rows", [])
        return {"changed_rows": rows[:limit], "changed_total": len(rows)}

    def confirm_label(self, result) -> str:
        """The confirm button's text ("" for the flow's own)."""
        return ""

    def message(self, result, file_name: str) -> tuple[int, str]:
        """The (level, text) shown after a confirmed import."""
        if result.created or result.updated:
            text = _("%(file)s diimpor: %(created)d baru, %(updated)d diubah, %(unchanged)d tetap.") % {
                "file": file_name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
            return messages.SUCCESS, text
        text = _("Tidak ada perubahan: semua %(rows)d baris %(file)s sama dengan data yang tersimpan.") % {
            "rows": result.rows,
            "file": file_name,
        }
        return messages.INFO, text

    def success_url(self, result, user) -> str | None:
        """Where a confirmed import lands; None: the import's record page."""
        return None

    def changes(self, record) -> list[ImportChange]:
        """What an applied import changed, for its record page: the rows whose history carries
        `record.change_reason`."""
        return []


@dataclass(frozen=True)
class ListExporter:
    """One exportable list. `count(user, params)` and `rows(user, params)` read it through the page's own selector
    and the user's scope (`params` are the list's filters as JSON-able data, kept on the job); `columns` is the
    header row; `file_stem(params)` names the file; `describe(params)` says in words what was filtered."""

    key: str
    label: Any
    columns: list[str]
    count: Callable[[Any, dict], int]
    rows: Callable[[Any, dict], Any]
    file_stem: Callable[[dict], str]
    sheet_title: str
    describe: Callable[[dict], str] = lambda params: ""
    back_url: Callable[[dict], str] | None = None


@dataclass(frozen=True)
class ListFilter:
    """A yes/no filter that an app above a list adds to it (exchange's "beda dengan SIMKOPDES" on the registry
    list, which cooperatives may not import): `apply(queryset)` narrows the list's queryset when the filter is on.
    The list's filter dataclass carries the keys that are on, so its page, API (`flag=<key>`) and export apply the
    same filters."""

    key: str
    list: str  # the list it belongs to, e.g. "cooperatives"
    label: Any
    apply: Callable[[Any], Any]
    help_text: Any = ""
    order: int = 100


@dataclass(frozen=True)
class ReportSource:
    """Figures an app adds to a pendamping's monthly report (reporting pre-fills them; a key given here is no
    longer typed): `figures(pendamping, period)` returns {key: value} for the period."""

    key: str
    figures: Callable[[Any, Any], dict]
    order: int = 100


@dataclass(frozen=True)
class MenuItem:
    """One entry of the top menu: `url(user)` where it leads, `visible(user)` whether the user may open it (the
    menu shows only pages that answer 200 to that user, never a 403)."""

    key: str
    label: Any
    url: Callable[[Any], str]
    visible: Callable[[Any], bool] = lambda user: True
    order: int = 100


T = TypeVar("T")


class Collection(Generic[T]):
    """Registered items by key, iterated in (order, key) order. Registering a key twice is a programming error."""

    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        key = item.key  # type: ignore[attr-defined]
        if key in self._items and self._items[key] != item:
            raise ValueError(f"{self.name}: {key!r} is already registered")
        self._items[key] = item
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda i: (getattr(i, "order", 100), i.key)))  # type: ignore[attr-defined]

    def __getitem__(self, key: str) -> T:
        return self._items[key]

    def get(self, key: str, default=None):
        return self._items.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def keys(self) -> list[str]:
        return [item.key for item in self]  # type: ignore[attr-defined]


progress_blocks: Collection[ProgressBlock] = Collection("progress_blocks")
cooperative_panels: Collection[CooperativePanel] = Collection("cooperative_panels")
cooperative_history: Collection[HistorySource] = Collection("cooperative_history")
importers: Collection[Importer] = Collection("importers")
list_exporters: Collection[ListExporter] = Collection("list_exporters")
list_filters: Collection[ListFilter] = Collection("list_filters")
menu_items: Collection[MenuItem] = Collection("menu_items")
pendamping_sources: Collection[ReportSource] = Collection("pendamping_sources")


def menu_for(user) -> list[tuple[str, Any, str]]:
    """(key, label, url) of the menu entries `user` may open, in order."""
    return [(item.key, item.label, item.url(user)) for item in menu_items if item.visible(user)]


def list_filters_for(list_key: str) -> list[ListFilter]:
    """The filters registered for one list, in order."""
    return [item for item in list_filters if item.list == list_key]


RESERVED_SLUGS = frozenset({"riwayat"})  # /impor/riwayat/ is the records' page


def importer_register(importer: Importer) -> Importer:
    """Register an importer (an instance of an `Importer` subclass); its slug must be free."""
    if not importer.key or not importer.slug or importer.slug in RESERVED_SLUGS:
        raise ValueError(f"importers: {importer!r} needs a key and a free slug")
    taken = importer_for_slug(importer.slug)
    if taken is not None and taken.key != importer.key:
        raise ValueError(f"importers: slug {importer.slug!r} is taken by {taken.key!r}")
    return importers.register(importer)


def importer_for_slug(slug: str) -> Importer | None:
    return next((importer for importer in importers if importer.slug == slug), None)


def importer_label(kind: str) -> Any:
    return importers[kind].label if kind in importers else kind
