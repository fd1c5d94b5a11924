"""The finance panel of the cooperative page: its partnerships, its applications with the prerequisites, the
schedule of the running loan and what is in arrears."""

from __future__ import annotations

from kopdes.accounts.choices import Capability
from kopdes.core.scoping import user_can
from kopdes.finance import selectors


def cooperative(request, cooperative, forms: dict) -> dict:
    user = request.user
    applications = list(
        selectors.application_list(user=user, filters=selectors.ApplicationFilters(cooperative=cooperative.pk))
    )
    running = next((a for a in applications if a.status in ("dicairkan", "mengangsur")), None)
    for application in applications:
        application.days_past_due = selectors.days_past_due(application.arrears_since)
    return {
        "finance": {
            "partnerships": list(selectors.partnership_list(user=user).filter(cooperative=cooperative)),
            "applications": applications,
            "prerequisites": selectors.prerequisites(cooperative),
            "running": running,
            "can_prepare": user_can(user, Capability.PREPARE_FINANCING),
            "can_partner": user_can(user, Capability.MANAGE_PARTNERSHIPS),
            "schedule": list(selectors.schedule(user=user, application=running)) if running else [],
        }
    }
