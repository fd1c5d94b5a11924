"""Pages of the Satgas: my open actions and the overdue ones, the action list with its export, an item with its
updates, the agencies × status matrix, decrees with their members, meetings with attendance, decisions and their
progress since, the minutes as a PDF on the regency's letterhead. Views parse, scope (404 outside scope), check
the capability (403) and hand writes to the services; numbers come from the selectors."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative
from kopdes.core import export_jobs
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, require, scope_for, user_can
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.taskforce import selectors, services
from kopdes.taskforce.blocks import EXPORT_KIND
from kopdes.taskforce.choices import AssigneeKind
from kopdes.taskforce.forms import (
    ActionFilterForm,
    AgencyForm,
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    DecreeForm,
    LetterheadForm,
    MeetingForm,
    MemberForm,
    SignForm,
    UpdateForm,
)
from kopdes.taskforce.models import Agency, Attachment, Decision, Decree, Letterhead, Meeting
from kopdes.taskforce.pdf import minutes_pdf

PAGE_SIZE = 50


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _regency_in_scope(user, code: str) -> Region | None:
    """A regency the user may act on; outside scope reads as unknown, like a code that does not exist."""
    return Region.objects.for_user(user).filter(code=(code or "").strip(), level=RegionLevel.REGENCY).first()


def _region_in_scope(user, code: str) -> Region | None:
    return Region.objects.for_user(user).filter(code=(code or "").strip()).first() if code else None


def _home_regency(user) -> str:
    code = scope_for(user).region_code or ""
    return code[:5] if len(code) >= 5 else ""


# --- my actions and the lists ----------------------------------------------------------------------------------


@require_GET
@login_required
def home(request):
    """The landing panel of every official and agency: my open actions, then what is overdue in my scope."""
    overdue = selectors.action_list(user=request.user, filters=selectors.ActionFilters(state="overdue"))
    context = {
        "mine": list(
            selectors.action_list(user=request.user, filters=selectors.ActionFilters(mine=True, state="active"))[:50]
        ),
        "overdue": list(overdue[:20]),
        "overdue_count": overdue.count(),
        "meetings": list(selectors.meeting_list(user=request.user)[:5]),
        "decrees": list(selectors.decree_list(user=request.user)[:5]),
        "today": timezone.localdate(),
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
    }
    return render_page(request, "taskforce/home.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def action_list(request):
    form = ActionFilterForm(request.GET or None)
    filters = form.filters()
    queryset = selectors.action_list(user=request.user, filters=filters)
    fmt = request.POST.get("format") or request.GET.get("format")
    if fmt:
        params = dataclasses.asdict(filters)
        return export_jobs.list_export_response(
            request, kind=EXPORT_KIND, params=params, fmt=fmt, count=queryset.count()
        )
    if request.method == "POST":
        raise Http404
    context = {
        "form": form,
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(request),
        "formats": FORMATS,
        "today": timezone.localdate(),
    }
    return render_page(request, "taskforce/action_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def action_detail(request, pk: int):
    item = selectors.action_get(user=request.user, pk=pk)
    form = UpdateForm(
        request.POST or None,
        request.FILES or None,
        initial={"version": item.version, "status": item.status, "date": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        require(request.user, Capability.UPDATE_ACTION)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.action_update_add(
                    actor=request.user,
                    item=item,
                    version=data["version"],
                    status=data["status"],
                    text=data["text"],
                    date=data["date"],
                    uploaded_file=data["document"],
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
                status = 409
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    exc = ValidationError({"document": exc.messages})
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Perkembangan dicatat."))
                return redirect("taskforce:action_detail", item.pk)
        status = status if status != 200 else 400
    context = {
        "item": item,
        "updates": selectors.action_updates(item=item),
        "form": form,
        "can_update": user_can(request.user, Capability.UPDATE_ACTION),
        "can_close": services.may_close(request.user, item),
        "today": timezone.localdate(),
        "history": item.history.select_related("history_user")[:20],
    }
    return render_page(request, "taskforce/action_detail.html", context, status=status)


@require_GET
@login_required
def agency_matrix(request):
    region = request.GET.get("region", "")[:13]
    context = {"rows": selectors.agency_matrix(user=request.user, region=region), "region": region}
    return render_page(request, "taskforce/agency_matrix.html", context)


# --- agencies and the letterhead -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def agency_list(request):
    form = AgencyForm(request.POST or None, initial={"region": _home_regency(request.user)})
    if request.method == "POST":
        require(request.user, Capability.MANAGE_TASKFORCE)
        if form.is_valid():
            data = form.cleaned_data
            region = _regency_in_scope(request.user, data.pop("region"))
            if region is None:
                form.add_error("region", _("Kode kabupaten/kota tidak dikenal atau di luar wilayah Anda."))
            else:
                try:
                    services.agency_create(actor=request.user, region=region, **data)
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, _("OPD dicatat."))
                    return redirect("taskforce:agency_list")
    context = {
        "agencies": selectors.agency_list(user=request.user, region=request.GET.get("region", "")[:13]),
        "form": form,
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
    }
    return render_page(request, "taskforce/agency_list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def letterhead_edit(request, code: str):
    region = _regency_in_scope(request.user, code)
    if region is None:
        raise Http404
    letterhead = Letterhead.objects.filter(region=region).first()
    initial = {name: getattr(letterhead, name) for name in LetterheadForm.base_fields} if letterhead else {}
    form = LetterheadForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request.user, Capability.MANAGE_TASKFORCE)
        if form.is_valid():
            services.letterhead_set(actor=request.user, region=region, **form.cleaned_data)
            messages.success(request, _("Kop surat disimpan."))
            return redirect("taskforce:meeting_list")
    context = {"form": form, "title": _("Kop surat %(region)s") % {"region": region.name},
               "cancel": reverse("taskforce:meeting_list")}  # fmt: skip
    return render_page(request, "taskforce/form.html", context, status=400 if form.errors else 200)


# --- decrees ---------------------------------------------------------------------------------------------------


@require_GET
@login_required
def decree_list(request):
    context = {
        "decrees": selectors.decree_list(user=request.user, region=request.GET.get("region", "")[:13]),
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
    }
    return render_page(request, "taskforce/decree_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def decree_create(request):
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = DecreeForm(request.POST or None, initial={"region": _home_regency(request.user)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = _regency_in_scope(request.user, data.pop("region"))
        if region is None:
            form.add_error("region", _("Kode kabupaten/kota tidak dikenal atau di luar wilayah Anda."))
        else:
            try:
                decree = services.decree_create(actor=request.user, region=region, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("%(decree)s dicatat.") % {"decree": decree})
                return redirect("taskforce:decree_detail", decree.pk)
    context = {"form": form, "title": _("Catat SK atau surat edaran"), "cancel": reverse("taskforce:decree_list")}
    return render_page(request, "taskforce/form.html", context, status=400 if form.errors else 200)


def _decree(request, pk: int) -> Decree:
    return get_object_for_user(Decree.objects.select_related("region"), request.user, pk=pk)


@require_GET
@login_required
def decree_detail(request, pk: int):
    decree = _decree(request, pk)
    return _decree_page(request, decree)


def _decree_page(request, decree, *, member_form=None, attachment_form=None, decision_form=None, status=200):
    agencies = Agency.objects.filter(region=decree.region)
    decisions = selectors.source_decisions(decree=decree)
    context = {
        "decree": decree,
        "members": selectors.decree_members(decree=decree),
        "decisions": decisions,
        "decision_form": decision_form
        or DecisionForm(
            agencies=agencies,
            decisions=[row["decision"] for row in decisions],
            initial={"assignee_region": decree.region_id},
        ),
        "attachments": selectors.attachments_of(decree=decree),
        "member_form": member_form or MemberForm(agencies=agencies),
        "attachment_form": attachment_form or AttachmentForm(),
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
        "meetings": list(decree.meetings.order_by("-date")),
    }
    return render_page(request, "taskforce/decree_detail.html", context, status=status)


@require_POST
@login_required
def member_add(request, pk: int):
    decree = _decree(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = MemberForm(request.POST, agencies=Agency.objects.filter(region=decree.region))
    if form.is_valid():
        try:
            services.member_add(actor=request.user, decree=decree, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Anggota Satgas ditambahkan."))
            return redirect("taskforce:decree_detail", decree.pk)
    return _decree_page(request, decree, member_form=form, status=400)


def _attach(request, *, owner: dict, form: AttachmentForm) -> bool:
    if not form.is_valid():
        return False
    try:
        services.attachment_add(
            actor=request.user, uploaded_file=form.cleaned_data["file"], title=form.cleaned_data["title"], **owner
        )
    except ValidationError as exc:
        form.add_error("file", exc.messages)
        return False
    messages.success(request, _("Dokumen diunggah."))
    return True


@require_POST
@login_required
def decree_attach(request, pk: int):
    decree = _decree(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = AttachmentForm(request.POST, request.FILES)
    if _attach(request, owner={"decree": decree}, form=form):
        return redirect("taskforce:decree_detail", decree.pk)
    return _decree_page(request, decree, attachment_form=form, status=400)


@require_GET
@login_required
def attachment_download(request, pk: int):
    """Files are outside the web root; this scoped view is the only way to them."""
    attachment = get_object_for_user(Attachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=request.GET.get("inline") != "1",
        filename=attachment.original_name,
    )


# --- meetings --------------------------------------------------------------------------------------------------


@require_GET
@login_required
def meeting_list(request):
    region = request.GET.get("region", "")[:13]
    context = {
        "meetings": selectors.meeting_list(user=request.user, region=region),
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
        "home_regency": _home_regency(request.user),
    }
    return render_page(request, "taskforce/meeting_list.html", context)


def _meeting(request, pk: int) -> Meeting:
    return get_object_for_user(Meeting.objects.select_related("region", "decree", "signed_by"), request.user, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request):
    require(request.user, Capability.MANAGE_TASKFORCE)
    decrees = Decree.objects.for_user(request.user)
    form = MeetingForm(request.POST or None, initial={"region": _home_regency(request.user)}, decrees=decrees)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        region = _regency_in_scope(request.user, form.cleaned_data["region"])
        if region is None:
            form.add_error("region", _("Kode kabupaten/kota tidak dikenal atau di luar wilayah Anda."))
        else:
            try:
                meeting = services.meeting_create(actor=request.user, region=region, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Rapat dicatat. Tambahkan kehadiran dan keputusannya."))
                return redirect("taskforce:meeting_detail", meeting.pk)
    context = {"form": form, "title": _("Catat rapat Satgas"), "cancel": reverse("taskforce:meeting_list")}
    return render_page(request, "taskforce/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    decrees = Decree.objects.filter(region=meeting.region)
    form = MeetingForm(request.POST or None, instance=meeting, initial={"region": meeting.region_id}, decrees=decrees)
    form.fields["region"].disabled = True
    form.fields["version"] = SignForm.base_fields["version"]
    form.initial["version"] = meeting.version
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        meeting = Meeting.objects.get(pk=meeting.pk)  # the form wrote into the instance; the service applies it
        try:
            services.meeting_update(actor=request.user, meeting=meeting, version=form.cleaned_data["version"],
                                    data=data)  # fmt: skip
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Rapat disimpan."))
            return redirect("taskforce:meeting_detail", meeting.pk)
    if form.errors and status == 200:
        status = 400
    context = {"form": form, "title": _("Ubah rapat"), "cancel": reverse("taskforce:meeting_detail", args=[pk])}
    return render_page(request, "taskforce/form.html", context, status=status)


def _meeting_page(request, meeting, *, decision_form=None, attendance_form=None, attachment_form=None, status=200):
    agencies = Agency.objects.filter(region=meeting.region)
    decisions = selectors.source_decisions(meeting=meeting)
    context = {
        "meeting": meeting,
        "attendance": list(meeting.attendance.select_related("agency", "district")),
        "decisions": decisions,
        "attachments": selectors.attachments_of(meeting=meeting),
        "decision_form": decision_form
        or DecisionForm(
            agencies=agencies,
            decisions=[row["decision"] for row in decisions],
            initial={"assignee_region": meeting.region_id},
        ),
        "attendance_form": attendance_form or AttendanceForm(agencies=agencies),
        "attachment_form": attachment_form or AttachmentForm(),
        "sign_form": SignForm(initial={"version": meeting.version}),
        "can_manage": user_can(request.user, Capability.MANAGE_TASKFORCE),
    }
    return render_page(request, "taskforce/meeting_detail.html", context, status=status)


@require_GET
@login_required
def meeting_detail(request, pk: int):
    return _meeting_page(request, _meeting(request, pk))


@require_POST
@login_required
def decision_create(request, pk: int):
    """A decision of the meeting (or, at /sk/<pk>/keputusan/, an instruction of a circular), fanned out at once."""
    is_decree = request.resolver_match.url_name == "decree_decision_create"
    source = _decree(request, pk) if is_decree else _meeting(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    agencies = Agency.objects.filter(region=source.region)
    siblings = list(Decision.objects.filter(**({"decree": source} if is_decree else {"meeting": source})))
    form = DecisionForm(request.POST, agencies=agencies, decisions=siblings)
    if form.is_valid():
        data = form.cleaned_data
        fields = {
            "text": data["text"],
            "assignee_kind": data["assignee_kind"],
            "due_date": data["due_date"],
            "assignee_agency": data["assignee_agency"],
            "corrects": next((d for d in siblings if d.pk == data["corrects"]), None),
        }
        ok = True
        if data["assignee_kind"] != AssigneeKind.AGENCY:
            fields["assignee_region"] = _region_in_scope(request.user, data["assignee_region"])
            if fields["assignee_region"] is None:
                form.add_error("assignee_region", _("Kode wilayah tidak dikenal atau di luar wilayah Anda."))
                ok = False
        if data["subject_region"]:
            fields["subject_region"] = _region_in_scope(request.user, data["subject_region"])
            if fields["subject_region"] is None:
                form.add_error("subject_region", _("Kode wilayah tidak dikenal atau di luar wilayah Anda."))
                ok = False
        if data["subject_cooperative"]:
            fields["subject_cooperative"] = (
                Cooperative.objects.for_user(request.user).filter(pk=data["subject_cooperative"]).first()
            )
            if fields["subject_cooperative"] is None:
                form.add_error("subject_cooperative", _("Koperasi tidak dikenal atau di luar wilayah Anda."))
                ok = False
        if ok:
            try:
                decision = services.decision_create(
                    actor=request.user, **({"decree": source} if is_decree else {"meeting": source}), **fields
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("Keputusan %(number)d dicatat: %(items)d tindakan.")
                    % {"number": decision.number, "items": decision.items.count()},
                )
                return redirect("taskforce:decision_detail", decision.pk)
    if is_decree:
        return _decree_page(request, source, decision_form=form, status=400)
    return _meeting_page(request, source, decision_form=form, status=400)


@require_POST
@login_required
def attendance_set(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = AttendanceForm(request.POST, agencies=Agency.objects.filter(region=meeting.region))
    if form.is_valid():
        data = form.cleaned_data
        district = None
        if data["district"]:
            district = Region.objects.filter(code=data["district"].strip()).first()
        if (data["agency"] is None) == (district is None):
            form.add_error("agency", _("Pilih OPD atau isi kode kecamatan, salah satu."))
        else:
            try:
                services.attendance_set(
                    actor=request.user,
                    meeting=meeting,
                    agency=data["agency"],
                    district=district,
                    status=data["status"],
                    representative=data["representative"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Kehadiran dicatat."))
                return redirect("taskforce:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting, attendance_form=form, status=400)


@require_POST
@login_required
def meeting_sign(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_sign(actor=request.user, meeting=meeting, version=form.cleaned_data["version"])
        except ConflictError as exc:
            messages.error(request, exc.message)
            return _meeting_page(request, meeting, status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return _meeting_page(request, meeting, status=400)
        messages.success(request, _("Notulen ditandatangani; keputusan rapat ini terkunci."))
        return redirect("taskforce:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting, status=400)


@require_POST
@login_required
def meeting_attach(request, pk: int):
    meeting = _meeting(request, pk)
    require(request.user, Capability.MANAGE_TASKFORCE)
    form = AttachmentForm(request.POST, request.FILES)
    if _attach(request, owner={"meeting": meeting}, form=form):
        return redirect("taskforce:meeting_detail", meeting.pk)
    return _meeting_page(request, meeting, attachment_form=form, status=400)


@require_GET
@login_required
def meeting_minutes_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    content = minutes_pdf(meeting)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notulen-rapat-{meeting.pk}-{meeting.date:%Y%m%d}.pdf"'
    return response


@require_GET
@login_required
def decision_detail(request, pk: int):
    decision = get_object_for_user(
        Decision.objects.select_related(
            "meeting", "decree", "assignee_agency", "assignee_region", "subject_region", "subject_cooperative",
            "corrects",
        ),
        request.user,
        pk=pk,
    )  # fmt: skip
    compliance = selectors.decision_compliance(decision=decision)
    counts = selectors.decision_status_counts([decision]).get(decision.pk, {})
    context = {
        "decision": decision,
        "compliance": compliance,
        "counts": counts,
        "corrections": list(decision.corrections.order_by("number")),
    }
    return render_page(request, "taskforce/decision_detail.html", context)
