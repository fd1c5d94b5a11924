"""What the load test does (make loadtest), kept apart from locust so the normal test suite can check it without
importing locust (which patches the standard library with gevent): each step is a role, a weight, a method, a path
template over the prepared sample (accounts.json from `kopdes loadtest_prepare`) and, for writes, a body.

The mix is what a regency's people do in a working day: officials open the dashboard and the region pages, the
registry list and cooperative pages, the API's progress document and lists; camat look at their kecamatan; pengurus
record their gerai's sales and open their books and monthly report; officers record formation milestones."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    name: str  # the row of the results table
    role: str  # admin | camat | pengurus | bupati
    weight: int
    method: str
    path: str  # str.format over the sample: {regency} {district} {coop} {page} {own_coop} {own_district}
    api: bool = False  # with the role's bearer token instead of the session
    body: Any = None  # a callable(sample) -> JSON body for writes
    # Answers that are a correct refusal of a write (a milestone already recorded, a report already open), not errors.
    refusals: tuple[int, ...] = field(default=())


def _today() -> str:
    return datetime.date.today().isoformat()


def _last_month() -> str:
    first = datetime.date.today().replace(day=1)
    previous = first - datetime.timedelta(days=1)
    return f"{previous.year:04d}-{previous.month:02d}"


STEPS: list[Step] = [
    # regency office and leaders
    Step("dashboard /", "admin", 6, "GET", "/"),
    Step("halaman kabupaten", "admin", 8, "GET", "/wilayah/{regency}/"),
    Step("daftar koperasi", "admin", 6, "GET", "/koperasi/?page={page}"),
    Step("daftar koperasi (cari)", "admin", 2, "GET", "/koperasi/?q=desa&region={district}"),
    Step("halaman koperasi", "admin", 8, "GET", "/koperasi/{coop}/"),
    Step("API progres kabupaten", "admin", 4, "GET", "/api/v1/progress/{regency}", api=True),
    Step("API daftar koperasi", "admin", 3, "GET", "/api/v1/cooperatives?region={district}&page={page}", api=True),
    Step("API satu koperasi", "admin", 2, "GET", "/api/v1/cooperatives/{coop}", api=True),
    Step("dashboard bupati", "bupati", 3, "GET", "/wilayah/{regency}/"),
    Step(
        "API catat tahapan",
        "admin",
        2,
        "POST",
        "/api/v1/cooperatives/{coop}/milestones",
        api=True,
        body=lambda sample: {"kind": "sosialisasi", "date": _today()},
        refusals=(400, 409, 422),
    ),
    # camat
    Step("halaman kecamatan", "camat", 4, "GET", "/wilayah/{own_district}/"),
    Step("camat: halaman koperasi", "camat", 2, "GET", "/koperasi/{district_coop}/"),
    # pengurus
    Step("pengurus: halaman koperasi", "pengurus", 3, "GET", "/koperasi/{own_coop}/"),
    Step("pengurus: pembukuan", "pengurus", 3, "GET", "/pembukuan/koperasi/{own_coop}/"),
    Step(
        "API catat penjualan",
        "pengurus",
        4,
        "POST",
        "/api/v1/cooperatives/{own_coop}/books/sales",
        api=True,
        body=lambda sample: {
            "date": _today(),
            "category": sample.get("own_category", "sembako"),
            "value": random.randint(10, 500) * 1000,
        },  # fmt: skip
        refusals=(400, 409, 422),
    ),
    Step(
        "API buka laporan bulanan",
        "pengurus",
        1,
        "POST",
        "/api/v1/reporting/reports",
        api=True,
        body=lambda sample: {"kind": "koperasi", "period": _last_month(), "cooperative": sample["own_coop"]},
        refusals=(400, 409, 422),
    ),
]

ROLES = sorted({step.role for step in STEPS})


def steps_for(role: str) -> list[Step]:
    return [step for step in STEPS if step.role == role]


def fill(step: Step, sample: dict, rng: random.Random) -> str:
    """The step's path with values drawn from the prepared sample."""
    values = {
        "regency": sample["regency"],
        "district": rng.choice(sample["districts"]),
        "coop": rng.choice(sample["cooperatives"]),
        "district_coop": rng.choice(sample.get("district_cooperatives") or sample["cooperatives"]),
        "page": rng.randint(1, max(1, sample.get("pages", 1))),
        "own_coop": sample.get("own_coop", 0),
        "own_district": sample.get("own_district") or sample["districts"][0],
    }
    return step.path.format(**values)
