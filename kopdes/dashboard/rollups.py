"""Region roll-ups kept for a minute: the progress document and the summary of a region are the same for everyone
who may see the region, and cost from a few hundred milliseconds (a regency) to seconds (the country) to build. The
first request builds and keeps them; for KOPDES_ROLLUP_FRESH_SECONDS every request reads the kept copy; after that the
next request still gets the kept copy at once while the background worker builds a new one (one at a time per
region); a copy older than KOPDES_ROLLUP_MAX_AGE_SECONDS is never served (the request builds it). The pages say when
their numbers were computed, and `?segarkan=1` builds them again on the spot.

Only regions already checked against the user reach this module (`ScopedRegion`), and the key holds the region, the
language and the day, never the user: what one user may see of a region, every user who may see it sees.
With KOPDES_ROLLUP_FRESH_SECONDS = 0 (the test settings) nothing is kept."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django_tasks import task

from kopdes.core.scoping import ScopedRegion, ensure_scoped, system_region
from kopdes.regions.models import Region

logger = logging.getLogger("kopdes.rollups")
VERSION = 1
# name -> builder(region, today): the roll-ups the worker can rebuild by name (rollup_rebuild_task below).
BUILDERS: dict[str, Callable[[ScopedRegion, datetime.date], Any]] = {}


@dataclass(frozen=True)
class Rollup:
    value: Any
    computed_at: datetime.datetime


def rollup_builder(name: str):
    """Register a builder under `name` (the selectors' progress document and region summary)."""

    def register(function):
        BUILDERS[name] = function
        return function

    return register


def fresh_seconds() -> int:
    return int(getattr(settings, "KOPDES_ROLLUP_FRESH_SECONDS", 60))


def max_age_seconds() -> int:
    return max(int(getattr(settings, "KOPDES_ROLLUP_MAX_AGE_SECONDS", 900)), fresh_seconds())


def rollup_key(name: str, code: str, language: str, today: datetime.date) -> str:
    return f"rollup:{VERSION}:{name}:{code or 'ID'}:{language}:{today.isoformat()}"


def rollup(name: str, region: ScopedRegion, *, today: datetime.date | None = None, refresh: bool = False) -> Rollup:
    """The roll-up `name` of a checked region for today: kept, stale-but-being-rebuilt, or built now."""
    ensure_scoped(region)
    today = today or timezone.localdate()
    build = BUILDERS[name]
    if fresh_seconds() <= 0:
        return Rollup(build(region, today), timezone.now())
    language = _language()
    key = rollup_key(name, region.code, language, today)
    kept = None if refresh else cache.get(key)
    if kept is not None:
        age = (timezone.now() - kept.computed_at).total_seconds()
        if age <= fresh_seconds():
            return kept
        if age <= max_age_seconds():
            _rebuild_later(name, region.code, language, today, key)
            return kept
    return rollup_store(name, region, today=today)


def rollup_store(name: str, region: ScopedRegion, *, today: datetime.date) -> Rollup:
    """Build the roll-up now and keep it (the request path, and the worker's rebuild)."""
    return rollup_put(name, region, today=today, value=BUILDERS[name](region, today))


def rollup_put(name: str, region: ScopedRegion, *, today: datetime.date, value: Any) -> Rollup:
    """Keep `value` as the roll-up `name` of the region in the current language, built now (a builder that builds
    another's value too)."""
    result = Rollup(value, timezone.now())
    if fresh_seconds() > 0:
        cache.set(rollup_key(name, ensure_scoped(region).code, _language(), today), result, max_age_seconds())
    return result


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _rebuild_later(name: str, code: str, language: str, today: datetime.date, key: str) -> None:
    """Ask the worker for a new copy, once per region and minute however many requests find the old one."""
    if not cache.add(f"{key}:rebuilding", 1, timeout=max(fresh_seconds(), 30)):
        return
    try:
        rollup_rebuild_task.enqueue(name, code, language, today.isoformat())
    except Exception:  # the queue is down: the kept copy is served until it is too old, then built in the request
        logger.exception("could not queue the rebuild of %s", key)
        cache.delete(f"{key}:rebuilding")


@task()
def rollup_rebuild_task(name: str, code: str, language: str, day: str) -> None:
    """The worker's side: build the roll-up of a region again (no user: the requester was checked when asking).
    Here rather than in a tasks module because `rollup` queues it; the builders are registered by
    kopdes.dashboard.selectors, which the app imports when it starts."""
    today = datetime.date.fromisoformat(day)
    region = system_region(Region.objects.get(code=code) if code else None)
    with translation.override(language):
        rollup_store(name, region, today=today)
    cache.delete(f"{rollup_key(name, code, language, today)}:rebuilding")
