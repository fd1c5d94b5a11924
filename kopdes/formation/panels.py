"""The milestone panel of the cooperative page: the timeline with its evidence, verify/reject for verifiers, and the
form to record the next step."""

from __future__ import annotations

from django.utils import timezone

from kopdes.accounts.choices import Capability
from kopdes.core import registry
from kopdes.core.scoping import user_can
from kopdes.formation.choices import MilestoneKind
from kopdes.formation.forms import MilestoneForm, RejectForm
from kopdes.formation.models import Milestone
from kopdes.formation.selectors import cooperative_checklist


def milestones(request, cooperative, forms: dict) -> dict:
    user = request.user
    rows = registry.prefetched(cooperative, "milestones")  # read once for the page's panels
    if rows is None:
        rows = list(
            Milestone.objects.for_user(user)
            .filter(cooperative=cooperative)
            .select_related("document", "recorded_by", "verified_by")
            .order_by("date", "id")
        )
    can_record = user_can(user, Capability.RECORD_MILESTONE)
    form = forms.get("milestone_form")
    if can_record and form is None:
        recorded = {m.kind for m in rows if m.is_reached}
        next_kind = next((kind for kind in MilestoneKind.values if kind not in recorded), None)
        form = MilestoneForm(initial={"kind": next_kind, "date": timezone.localdate()}, cooperative=cooperative)
    return {
        "milestones": rows,
        "can_record": can_record,
        "can_verify": user_can(user, Capability.VERIFY_MILESTONE),
        "milestone_form": form,
        "reject_form": RejectForm(),
    }


def checklist(request, cooperative, forms: dict) -> dict:
    """The cooperative's next steps and missing evidence, first on its page (pengurus, kepala desa)."""
    return {"checklist": cooperative_checklist(user=request.user, cooperative=cooperative)}
