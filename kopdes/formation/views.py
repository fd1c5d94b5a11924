"""Pages for formation progress: the dashboard entry point and targets. Views only parse, scope and render;
numbers come from the selectors, writes from the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kopdes.accounts.choices import Capability
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import get_object_for_user, require, scope_for, user_can
from kopdes.formation import selectors, services
from kopdes.formation.choices import PHASE_BY_KEY, Phase
from kopdes.formation.forms import TargetCreateForm, TargetEditForm
from kopdes.formation.models import Target
from kopdes.regions.choices import NATIONAL_CODE, RegionLevel
from kopdes.regions.models import Region


def _phase_labels() -> dict[str, str]:
    return {key: Phase(number).label for key, number in PHASE_BY_KEY.items()}


@require_GET
@login_required
def dashboard(request):
    """Open the user's own scope: their region page, or their cooperative for pengurus and pendamping."""
    scope = scope_for(request.user)
    if scope.everything or scope.region_code:
        return redirect("regions:region_detail", request.user.home_code)
    if scope.cooperative_ids:
        if len(scope.cooperative_ids) == 1:
            (pk,) = scope.cooperative_ids
            return redirect("cooperatives:cooperative_detail", pk)
        return redirect("cooperatives:cooperative_list")
    return render(request, "formation/dashboard_empty.html")


def _region_options(user):
    """Suggestions for the region code field: the user's home region and the level below it (one query)."""
    scope = scope_for(user)
    if scope.everything:
        return Region.objects.filter(level=RegionLevel.PROVINCE).only("code", "name")
    if scope.region_code:
        return Region.objects.filter(Q(code=scope.region_code) | Q(parent_id=scope.region_code)).only("code", "name")
    return Region.objects.none()


def _targets_with_attainment(targets) -> list[dict]:
    """Each target with its attainment, from the same progress summary the region page shows. Targets are few
    (a handful per region), so one summary per distinct region is cheap."""
    summaries: dict[str, dict] = {}
    rows = []
    for target in targets:
        if target.region_id not in summaries:
            summaries[target.region_id] = selectors.progress_summary(region=target.region)
        rows.append({"target": target, "attainment": selectors.target_attainment(target, summaries[target.region_id])})
    return rows


@require_http_methods(["GET", "POST"])
@login_required
def target_list(request):
    user = request.user
    can_manage = user_can(user, Capability.MANAGE_TARGETS)
    form = None
    if request.method == "POST":
        region_code = request.POST.get("region", "").strip()
        # Scope first (404 outside), then capability (403), as everywhere else.
        region = get_object_for_user(Region, user, code=region_code) if region_code else None
        require(user, Capability.MANAGE_TARGETS)
        form = TargetCreateForm(request.POST)
        if form.is_valid():
            try:
                target = services.target_create(actor=user, region=region, **form.target_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Target untuk %(region)s disimpan.") % {"region": target.region.name})
                return redirect("formation:target_list")
    elif can_manage:
        home = user.home_code
        form = TargetCreateForm(initial={"region": "" if home == NATIONAL_CODE else home})

    region_filter = request.GET.get("region", "").strip()
    targets = selectors.target_list(user=user, region_code=region_filter).order_by("region_id", "due_date", "phase")
    context = {
        "rows": _targets_with_attainment(targets),
        "region_filter": region_filter,
        "phase_labels": _phase_labels(),
        "can_manage": can_manage,
        "form": form,
        "region_options": _region_options(user) if form is not None else [],
    }
    return render(request, "formation/target_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def target_edit(request, pk: int):
    user = request.user
    target = get_object_for_user(Target.objects.select_related("region"), user, pk=pk)
    require(user, Capability.MANAGE_TARGETS)
    conflict = None
    status = 200
    if request.method == "POST":
        form = TargetEditForm(request.POST)
        if form.is_valid():
            try:
                services.target_update(
                    actor=user, target=target, version=form.cleaned_data["version"], data=form.target_data()
                )
            except ConflictError as exc:
                # Keep what the other person saved; show it next to what this user typed, and offer the newer
                # data (with its version) in the form so a deliberate re-save is one click away.
                conflict = {"message": exc.message, "submitted": form.target_data()}
                target = Target.objects.select_related("region").get(pk=exc.current.pk)
                form = TargetEditForm(initial=TargetEditForm.initial_for(target))
                status = 409
            except ValidationError as exc:
                target.refresh_from_db()  # the service set the refused values on our copy; the database has none
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Target disimpan."))
                return redirect("formation:target_list")
    else:
        form = TargetEditForm(initial=TargetEditForm.initial_for(target))

    summary = selectors.progress_summary(region=target.region)
    context = {
        "target": target,
        "attainment": selectors.target_attainment(target, summary),
        "form": form,
        "conflict": conflict,
        "phase_labels": _phase_labels(),
        "history": target.history.select_related("history_user").order_by("-history_date", "-history_id"),
    }
    return render(request, "formation/target_edit.html", context, status=status)
