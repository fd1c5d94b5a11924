"""The pieces of the route walk (kopdes/tests/test_route_walk.py, whose docstring says how to add rows) that an app's
own rows use: the personas in column order, the marker texts of MARKS, the `World` of objects and the `Case`.

An app keeps its rows in `<app>/tests/walk.py` (found through INSTALLED_APPS, nothing to register):

    from kopdes.tests.walk import Case

    def build(world):  # optional: the app's objects, added to the shared world (Kukar, Perian; see World)
        world.course = course_create(...)

    # fmt: off
    # Statuses in PERSONAS order:   anon natl kukr pasr cmat pngr bpti kads dpmd
    PAGES = {
        "training:event_list": [Case("302  200  200  200  200  200  200  200  200")],
    }
    API = {
        ("GET", "/api/v1/training/events"): [Case("401  200  200  200  200  200  200  200  200")],
    }
    # fmt: on

A key that already has a row elsewhere gets the app's cases added to it ("core:import" for an app's importer)."""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass, field

from kopdes.tests import factories

# The columns of every row: anonymous, then the personas of tests/factories.py.
PERSONAS = ("anonymous", *factories.PERSONAS)
assert PERSONAS == ("anonymous", "national", "kukar", "paser", "camat", "pengurus", "bupati", "kades", "dpmd"), (
    "a new persona is a new column: update the header comments of every table and give every row its status"
)

TENGGARONG_KELURAHAN = "64.02.06.1005"  # Melayu, kec. Tenggarong: in Kukar, outside Muara Muntai
MUARA_LEKA = "64.02.01.2002"  # a village of Muara Muntai without a cooperative or a BUMDes
MUARA_ALOH = "64.02.01.2003"

# Marker texts to put in the names of the world's objects, and the personas that must never see them: every text
# response of the walk is searched for them.
MARKS = {
    "Rahasia Perian": ("paser",),  # Perian (64.02.01.2001): the cooperative, its board and gerai, BUMDes, potential
    "Rahasia Kecamatan": ("paser", "pengurus", "kades"),  # kec. Muara Muntai as a whole (a SIMKOPDES unit)
    "Rahasia Tenggarong": ("paser", "camat", "pengurus", "kades"),  # in Kukar, outside Muara Muntai
    "Rahasia Kabupaten": ("paser", "camat", "pengurus", "kades"),  # Kukar as a whole (a target, an import)
    "Rahasia Paser": ("kukar", "camat", "pengurus", "bupati", "kades", "dpmd"),  # in Paser
}


class World(types.SimpleNamespace):
    """The objects the walk requests, built once for the module: `users` and `sessions` (persona → user, and the key
    of a session signed in as them), then the base apps' objects (test_route_walk.build_world: `coop` of Perian,
    `tenggarong_coop`, `paser_coop`, `official`, `gerai`, `document`, `musdesus` (a claimed milestone with its
    evidence), `target` (Kukar), `district_target` (Muara Muntai), `bumdes`, `bumdes_unit`, `potential`,
    `decision`, `import_record` (the Kukar officer's), `pengurus_import`, `export_job` (the Kukar officer's),
    `national_unit` (a SIMKOPDES village filed under Muara Muntai)), then what each app's `build(world)` adds."""


@dataclass(frozen=True)
class Case:
    """One request of a row and the status each persona gets: `expect` holds one status per PERSONAS column.

    `args` are the URL's arguments (pages) or path parameters (API), a dict or a function of the world; `body` is a
    function of the world giving the form fields (pages; files included) or the JSON body (API)."""

    expect: str
    method: str = "GET"  # pages; an API row's method is its key's
    args: dict | Callable[[World], dict] = field(default_factory=dict)
    body: Callable[[World], dict] | None = None
    query: str = ""
    multipart: bool = False  # API only: send the body as a form with files instead of JSON
    htmx: bool = False  # pages: asked by htmx (HX-Request), so the view answers with the page's fragment
    label: str = ""  # tells the cases of one row apart

    def __post_init__(self):
        statuses = self.expect.split()
        assert len(statuses) == len(PERSONAS), f"{self.expect!r}: one status per persona {PERSONAS}"
        assert all(status.isdigit() for status in statuses), f"{self.expect!r}: statuses are numbers"

    def status_for(self, persona_name: str) -> int:
        return int(self.expect.split()[PERSONAS.index(persona_name)])

    def arguments(self, world: World) -> dict:
        return self.args(world) if callable(self.args) else self.args

    @property
    def name(self) -> str:
        return self.label or self.method


def coop(world: World) -> dict:
    """URL arguments of the Perian cooperative's pages."""
    return {"pk": world.coop.pk}


def coop_id(world: World) -> dict:
    """Path parameters of the Perian cooperative's API operations."""
    return {"cooperative_id": world.coop.pk}
