"""The access log of full NIK displays (UU PDP 27/2022, "who saw whose personal data, when").

The apps that show a whole NIK (the cooperative's officials, the training lists, the books' members; page, API and
export alike) call `kopdes.cooperatives.selectors.nik_shown`, which only emits a record on the `kopdes.privacy.nik`
logger: the lower layers never import this app. Here a logging handler turns each record into `NikView` rows (one
bulk insert per display, whatever the number of people on it), and the request that caused it is remembered from
Django's `request_started` signal, so the row says whether it was a page, the API or a file export."""

from __future__ import annotations

import contextvars
import logging
from urllib.parse import parse_qs

from django.core.signals import request_finished, request_started

LOGGER_NAME = "kopdes.privacy.nik"
# (path, query string, the subjects already logged in this request: a page showing one person twice is one row)
_request: contextvars.ContextVar[tuple[str, str, set] | None] = contextvars.ContextVar(
    "kopdes_nik_request", default=None
)


def where_of(path: str, query: str) -> str:
    """page, api or export, from the request's path and query string ("" path: a command line, i.e. an export)."""
    from kopdes.operations.models import NikView

    if not path:
        return NikView.Where.EXPORT
    if path.startswith("/api/"):
        return NikView.Where.API
    if "format" in parse_qs(query) or any(part in path for part in ("/ekspor", "/export", "/arsip")):
        return NikView.Where.EXPORT
    return NikView.Where.PAGE


class NikViewHandler(logging.Handler):
    """Writes the `nik_subjects` of a record (kind, id, label, masked NIK, cooperative id) as NikView rows."""

    def emit(self, record: logging.LogRecord) -> None:
        subjects = getattr(record, "nik_subjects", None)
        viewer = getattr(record, "nik_viewer", None)
        if not subjects or viewer is None:
            return
        try:
            nik_views_write(viewer, subjects)
        except Exception:  # the display already happened; say loudly that its log row did not
            logging.getLogger("kopdes.security").exception("NIK access log row could not be written")


def nik_views_write(viewer, subjects) -> int:
    from kopdes.cooperatives.models import Cooperative
    from kopdes.operations.models import NikView

    path, query, seen = _request.get() or ("", "", set())
    where = where_of(path, query)
    subjects = [s for s in subjects if (s[0], s[1]) not in seen]
    seen.update((s[0], s[1]) for s in subjects)
    if not subjects:
        return 0
    cooperative_ids = {s[4] for s in subjects if s[4]}
    villages = dict(Cooperative.objects.filter(pk__in=cooperative_ids).values_list("pk", "village_id"))
    full_name, username = viewer.get_full_name(), viewer.get_username()
    name = (f"{full_name} ({username})" if full_name else username)[:150] if viewer.pk else "?"
    rows = [
        NikView(
            viewer=viewer if viewer.pk else None,
            viewer_name=name,
            subject_kind=kind[:20],
            subject_id=pk,
            subject_label=str(label)[:200],
            nik_masked=masked[:20],
            cooperative_id=cooperative_id,
            village_code=villages.get(cooperative_id, "") or "",
            where=where,
            path=path[:300],
        )
        for kind, pk, label, masked, cooperative_id in subjects
    ]
    NikView.objects.bulk_create(rows)
    return len(rows)


def _started(sender, environ=None, **kwargs) -> None:
    environ = environ or {}
    _request.set((environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), set()))


def _finished(sender, **kwargs) -> None:
    _request.set(None)


def connect() -> None:
    """Attach the handler once (AppConfig.ready)."""
    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h, NikViewHandler) for h in logger.handlers):
        logger.addHandler(NikViewHandler())
    logger.setLevel(logging.INFO)
    logger.propagate = False
    request_started.connect(_started, dispatch_uid="kopdes-nik-request-started")
    request_finished.connect(_finished, dispatch_uid="kopdes-nik-request-finished")
