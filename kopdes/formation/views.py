"""Pages for formation progress: milestones (recorded, verified, rejected from the cooperative page) and targets.
Views only parse, scope and render;
numbers come from the selectors, writes from the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives import services as coop_services
from kopdes.cooperatives.selectors import cooperative_get
from kopdes.cooperatives.views import cooperative_page
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import get_object_for_user, require, user_can
from kopdes.formation import selectors, services
from kopdes.formation.choices import PHASE_BY_KEY, MilestoneKind, Phase
from kopdes.formation.forms import (
    MILESTONE_DOCUMENT_KIND,
    TARGET_LEVELS,
    MilestoneForm,
    RejectForm,
    TargetCreateForm,
    TargetEditForm,
)
from kopdes.formation.models import Milestone, Target
from kopdes.regions.choices import NATIONAL_CODE
from kopdes.regions.forms import RegionFilterForm
from kopdes.regions.models import Region
from kopdes.regions.selectors import CODE_QUERY


def _phase_labels() -> dict[str, str]:
    return {key: Phase(number).label for key, number in PHASE_BY_KEY.items()}


@require_http_methods(["GET", "POST"])
@login_required
def target_list(request):
    user = request.user
    can_manage = user_can(user, Capability.MANAGE_TARGETS)
    form = None
    if request.method == "POST":
        region_code = request.POST.get("region", "").strip()
        # Scope first (404 outside), then capability (403), as everywhere else. A name ("Tenggarong") is resolved
        # in scope by the form's region field, with a message when it names none or several.
        if CODE_QUERY.match(region_code):
            get_object_for_user(Region, user, code=region_code)
        require(user, Capability.MANAGE_TARGETS)
        form = TargetCreateForm(request.POST, user=user)
        if form.is_valid():
            region = Region.objects.get(code=form.cleaned_data["region"])
            try:
                target = services.target_create(actor=user, region=region, **form.target_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Target untuk %(region)s disimpan.") % {"region": target.region.name})
                return redirect("formation:target_list")
    elif can_manage:
        home = user.home_code
        form = TargetCreateForm(initial={"region": "" if home == NATIONAL_CODE else home}, user=user)

    filter_form = RegionFilterForm(request.GET, user=user, levels=TARGET_LEVELS)
    region_filter = filter_form.region_code()
    rows = [] if region_filter is None else selectors.target_list_with_attainment(user=user, region_code=region_filter)
    context = {
        "rows": rows,
        "filter_form": filter_form,
        "region_filter": region_filter,
        "phase_labels": _phase_labels(),
        "can_manage": can_manage,
        "form": form,
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

    (row,) = selectors.targets_with_attainment([target])
    context = {
        "target": target,
        "attainment": row["attainment"],
        "form": form,
        "conflict": conflict,
        "phase_labels": _phase_labels(),
        "history": target.history.select_related("history_user").order_by("-history_date", "-history_id"),
    }
    return render(request, "formation/target_edit.html", context, status=status)


# --- milestones on the cooperative page ----------------------------------------------------------------------------


@require_POST
@login_required
def milestone_record(request, pk: int):
    cooperative = cooperative_get(user=request.user, pk=pk)
    require(request.user, Capability.RECORD_MILESTONE)
    form = MilestoneForm(request.POST, request.FILES, cooperative=cooperative)
    if not form.is_valid():
        return cooperative_page(request, cooperative, status=400, milestone_form=form)
    data = form.cleaned_data
    document = None
    try:
        with transaction.atomic():
            if data["document"]:
                document = coop_services.document_upload(
                    actor=request.user,
                    cooperative=cooperative,
                    kind=MILESTONE_DOCUMENT_KIND.get(data["kind"], "lainnya"),
                    uploaded_file=data["document"],
                    title=f"{MilestoneKind(data['kind']).label} {data['date']:%d-%m-%Y}",
                )
            services.milestone_record(
                actor=request.user,
                cooperative=cooperative,
                kind=data["kind"],
                date=data["date"],
                document=document,
                note=data["note"],
                identifiers=form.identifiers(),
            )
    except ValidationError as exc:
        if document is not None:
            document.file.delete(save=False)  # the row was rolled back; do not leave its file behind
        if not hasattr(exc, "error_dict"):
            exc = ValidationError({"document": exc.messages})
        form.add_service_errors(exc)
        return cooperative_page(request, cooperative, status=400, milestone_form=form)
    messages.success(
        request,
        _("Tahapan %(kind)s dicatat. Tahap koperasi: %(phase)s.")
        % {"kind": MilestoneKind(data["kind"]).label, "phase": Phase(cooperative.phase).label},
    )
    return redirect("cooperatives:cooperative_detail", cooperative.pk)


def _get_milestone(request, pk: int) -> Milestone:
    return get_object_for_user(Milestone.objects.select_related("cooperative"), request.user, pk=pk)


@require_POST
@login_required
def milestone_verify(request, pk: int):
    milestone = _get_milestone(request, pk)
    require(request.user, Capability.VERIFY_MILESTONE)
    try:
        services.milestone_verify(actor=request.user, milestone=milestone)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tahapan %(kind)s diverifikasi.") % {"kind": milestone.get_kind_display()})
    return redirect("cooperatives:cooperative_detail", milestone.cooperative_id)


@require_POST
@login_required
def milestone_reject(request, pk: int):
    milestone = _get_milestone(request, pk)
    require(request.user, Capability.VERIFY_MILESTONE)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan penolakan."))
    else:
        services.milestone_reject(actor=request.user, milestone=milestone, note=form.cleaned_data["note"])
        messages.success(request, _("Tahapan %(kind)s ditolak.") % {"kind": milestone.get_kind_display()})
    return redirect("cooperatives:cooperative_detail", milestone.cooperative_id)
