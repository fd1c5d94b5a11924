"""Extension points: where apps register what the hub pages show, so that a new domain app is a new folder plus
registrations, never an edit to `core`, `cooperatives`, `formation` or `dashboard` (STYLE.md rule 16; NetBox
`netbox/registry.py`).

Apps register in their `AppConfig.ready()`:

- a **progress block**: one key of the progress document (`/api/v1/progress/{code}`, `kopdes progress`, the region
  pages), the selector that computes it over a checked region (`ScopedRegion`), the pydantic type that documents it
  in the OpenAPI document, and the panel template the region page includes;
- a **cooperative panel**: one section of the cooperative page, with the function that gives its template context;
- a **cooperative history source**: the history rows of a model that belongs to a cooperative, for its "Riwayat";
- an **importer kind**: the plain string `ImportRecord.kind` takes, with its label (no migration for a new importer);
- a **list exporter**: how to write one filtered list as XLSX/CSV, so that any list page can hand a large export to
  the one background job (`kopdes.core.export_jobs`).

Demo data and benchmark steps need no registration: `kopdes.devtools` finds each app's `demo.py` and `bench.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar


@dataclass(frozen=True)
class ProgressBlock:
    """One key of the progress document. `build(region: ScopedRegion)` returns plain JSON-able data; `schema` is the
    pydantic type of that value (None allowed when `optional`). A block with `spread=True` (formation's phases, the
    document's spine) puts its dict's keys at the top level, so the document keeps the shape it always had."""

    key: str
    build: Callable[[Any], Any]
    schema: Any
    template: str | None = None
    order: int = 100
    optional: bool = False
    spread: bool = False
    decorate: Callable[[Any], Any] | None = None  # data → what the panel template shows (labels, dates)


@dataclass(frozen=True)
class CooperativePanel:
    """One section of the cooperative page: `context(request, cooperative, forms)` returns the template context of
    `template` (forms: the bound forms to show again with their errors after a failed POST)."""

    key: str
    template: str
    context: Callable[..., dict]
    order: int = 100


@dataclass(frozen=True)
class HistorySource:
    """History rows of a cooperative's records: `rows(cooperative_id)` returns a simple-history queryset."""

    key: str
    label: Any
    rows: Callable[[int], Any]
    order: int = 100


@dataclass(frozen=True)
class ImporterKind:
    key: str
    label: Any


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
importer_kinds: Collection[ImporterKind] = Collection("importer_kinds")
list_exporters: Collection[ListExporter] = Collection("list_exporters")


def importer_label(kind: str) -> Any:
    return importer_kinds[kind].label if kind in importer_kinds else kind
