"""The assessment of a cooperative is recomputed at once when its evidence changes: a sale, a simpanan, a member,
a RAT, a gerai, an official, a training result, a partnership, a disbursement, a formation step, a monthly
report or the cooperative itself (its governance warnings). Once per cooperative per transaction, after it commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def schedule(cooperative_id: int | None) -> None:
    """Recompute after the current transaction commits, once per cooperative (a callback already waiting in this
    transaction is enough; a rolled-back transaction drops its callbacks with it)."""
    if not cooperative_id:
        return
    connection = transaction.get_connection()
    for entry in connection.run_on_commit:
        waiting = entry[1]
        if getattr(waiting, "assessment_cooperative_id", None) == cooperative_id and not waiting.done:
            return

    def run():
        from kopdes.assessment.services import recompute_safely

        run.done = True
        recompute_safely(cooperative_id)

    run.done = False

    run.assessment_cooperative_id = cooperative_id
    transaction.on_commit(run)


def _by_field(field: str):
    def handler(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        schedule(getattr(instance, field, None))

    return handler


def _disbursement(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        schedule(getattr(instance.application, "cooperative_id", None))


_HANDLERS = []


def connect() -> None:
    from kopdes.books.models import Member, Rat, Sale, Saving
    from kopdes.cooperatives.models import BusinessUnit, Cooperative, Official
    from kopdes.finance.models import Disbursement, Partnership
    from kopdes.formation.models import Milestone
    from kopdes.training.models import Participant

    for model in (Member, Rat, Sale, Saving, BusinessUnit, Official, Partnership, Milestone, Participant):
        handler = _by_field("cooperative_id")
        _HANDLERS.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid=f"assessment-{model._meta.label}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"assessment-del-{model._meta.label}")
    handler = _by_field("pk")
    _HANDLERS.append(handler)
    post_save.connect(handler, sender=Cooperative, dispatch_uid="assessment-cooperative")
    post_save.connect(_disbursement, sender=Disbursement, dispatch_uid="assessment-disbursement")
    try:  # a cooperative's monthly report (reporting, the layer below), when that app is installed
        from kopdes.reporting.models import Report
    except ImportError:
        return
    handler = _by_field("cooperative_id")
    _HANDLERS.append(handler)
    post_save.connect(handler, sender=Report, dispatch_uid="assessment-report")
