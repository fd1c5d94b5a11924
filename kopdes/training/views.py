"""Pages of the training app: the catalogue, events with their invitations, the door (attendance on a phone),
results, and coverage. Views parse, scope (404 outside scope), check the capability (403) and hand writes to the
services; numbers come from the selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.choices import Position
from kopdes.cooperatives.models import Official
from kopdes.cooperatives.selectors import cooperative_get, official_nik_for
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS, table_response
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, require, scope_for, user_can
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user
from kopdes.training import selectors, services
from kopdes.training.choices import TIERS, Tier
from kopdes.training.forms import (
    CourseFilterForm,
    CourseForm,
    EventFilterForm,
    EventForm,
    FundingForm,
    InvitationForm,
    NeedsFilterForm,
    ParticipantFilterForm,
    ProviderFilterForm,
    ProviderForm,
    ResultForm,
    WalkInForm,
)
from kopdes.training.io import ATTENDANCE_COLUMNS, attendance_rows
from kopdes.training.models import Course, Participant, Provider

PAGE_SIZE = 50
NEEDS_COLUMNS = ["kode_desa", "koperasi", "kecamatan", "nama", "jabatan", "nik", "siap"]


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _export_format(request) -> str | None:
    fmt = request.GET.get("format")
    if fmt and fmt not in FORMATS:
        raise Http404
    return fmt


def _require_catalogue_editor(user) -> None:
    if not selectors.may_edit_catalogue(user):
        raise PermissionDenied


# --- catalogue ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def course_list(request):
    form = CourseFilterForm(request.GET or None, user=request.user)
    courses = selectors.course_list(user=request.user, filters=form.filters())
    context = {"form": form, "courses": courses, "can_edit": selectors.may_edit_catalogue(request.user)}
    return render_page(request, "training/course_list.html", context, partial="results")


def _catalogue_form(request, form_class, *, instance=None, create, update, title, cancel):
    _require_catalogue_editor(request.user)
    initial = {name: getattr(instance, name) for name in form_class.base_fields} if instance else None
    form = form_class(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                create(actor=request.user, **form.cleaned_data)
            else:
                update(instance, form.cleaned_data)
        except ValidationError as exc:
            if instance is not None:
                instance.refresh_from_db()
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Disimpan."))
            return redirect(cancel)
    context = {
        "form": form,
        "title": title,
        "cancel": reverse(cancel),
        "history": instance.history.select_related("history_user")[:20] if instance else None,
    }
    return render_page(request, "training/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def course_create(request):
    return _catalogue_form(
        request,
        CourseForm,
        create=services.course_create,
        update=None,
        title=_("Tambah materi pelatihan"),
        cancel="training:course_list",
    )


@require_http_methods(["GET", "POST"])
@login_required
def course_edit(request, pk: int):
    course = get_object_for_user(Course, request.user, pk=pk)
    return _catalogue_form(
        request,
        CourseForm,
        instance=course,
        create=None,
        update=lambda c, data: services.course_update(actor=request.user, course=c, data=data),
        title=_("Ubah materi %(code)s") % {"code": course.code},
        cancel="training:course_list",
    )


@require_GET
@login_required
def provider_list(request):
    form = ProviderFilterForm(request.GET or None, user=request.user)
    providers = list(selectors.provider_list(user=request.user, filters=form.filters()))
    today = timezone.localdate()
    for provider in providers:
        provider.status = selectors.provider_status(provider, today)
    context = {"form": form, "providers": providers, "can_edit": selectors.may_edit_catalogue(request.user)}
    return render_page(request, "training/provider_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def provider_create(request):
    return _catalogue_form(
        request,
        ProviderForm,
        create=services.provider_create,
        update=None,
        title=_("Tambah lembaga pelatihan"),
        cancel="training:provider_list",
    )


@require_http_methods(["GET", "POST"])
@login_required
def provider_edit(request, pk: int):
    provider = get_object_for_user(Provider, request.user, pk=pk)
    return _catalogue_form(
        request,
        ProviderForm,
        instance=provider,
        create=None,
        update=lambda p, data: services.provider_update(actor=request.user, provider=p, data=data),
        title=_("Ubah lembaga %(name)s") % {"name": provider.name},
        cancel="training:provider_list",
    )


# --- events ---------------------------------------------------------------------------------------------------


@require_GET
@login_required
def event_list(request):
    form = EventFilterForm(request.GET or None, user=request.user)
    events = selectors.event_list(user=request.user, filters=form.filters())
    context = {
        "form": form,
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(request),
        "can_edit": user_can(request.user, Capability.MANAGE_TRAINING),
    }
    return render_page(request, "training/event_list.html", context, partial="results")


def _organiser(request, code: str) -> Region:
    return get_object_for_user(Region, request.user, code=code)


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request):
    require(request.user, Capability.MANAGE_TRAINING)
    initial = {"quota_per_cooperative": 2, "organiser_region": scope_for(request.user).region_code or ""}
    form = EventForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                organiser_region=_organiser(request, form.cleaned_data["organiser_region"]),
                **form.data_fields(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Kegiatan %(title)s direncanakan.") % {"title": event.title})
            return redirect("training:event_detail", event.pk)
    context = {"form": form, "title": _("Rencanakan kegiatan"), "cancel": reverse("training:event_list")}
    return render_page(request, "training/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def event_edit(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    require(request.user, Capability.MANAGE_TRAINING)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event), user=request.user)
    form.fields["organiser_region"].disabled = True
    form.fields["kind"].disabled = True
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.data_fields()
        data.pop("kind", None)
        try:
            services.event_update(actor=request.user, event=event, version=form.cleaned_data["version"] or 0, data=data)
        except ConflictError as exc:
            form = EventForm(initial=EventForm.initial_for(exc.current), user=request.user)
            form.add_error(
                None, _("%(message)s Data terbaru ditampilkan; muat ulang dan ubah lagi.") % {"message": exc.message}
            )
            status = 409
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Kegiatan disimpan."))
            return redirect("training:event_detail", event.pk)
    context = {
        "form": form,
        "title": _("Ubah %(title)s") % {"title": event.title},
        "cancel": reverse("training:event_detail", args=[event.pk]),
        "history": event.history.select_related("history_user")[:20],
    }
    return render_page(
        request, "training/form.html", context, status=409 if status == 409 else 400 if form.errors else 200
    )


def _event_page(request, event, *, funding_form=None, status=200):
    form = ParticipantFilterForm(request.GET or None, user=request.user)
    participants = selectors.participant_list(user=request.user, event=event, filters=form.filters())
    fmt = _export_format(request)
    if fmt:
        stem = f"kehadiran-{event.pk}-{event.start_date:%Y%m%d}"
        rows = attendance_rows(participants.select_related("event"), user=request.user)
        return table_response(fmt, stem, ATTENDANCE_COLUMNS, rows, sheet_title="Kehadiran")
    can_edit = user_can(request.user, Capability.MANAGE_TRAINING)
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    for participant in page.object_list:
        participant.nik_shown = official_nik_for(request.user, participant.official) if participant.official else ""
    context = {
        "event": event,
        "counts": selectors.event_counts(event),
        "funding": list(event.funding.select_related("village")),
        "funding_form": funding_form or (FundingForm(user=request.user) if can_edit else None),
        "form": form,
        "page": page,
        "query": _query(request),
        "formats": FORMATS,
        "can_edit": can_edit,
        "result_form": ResultForm() if can_edit and event.is_training else None,
        "provider_status": selectors.provider_status(event.provider, event.start_date) if event.provider_id else "",
    }
    return render_page(request, "training/event_detail.html", context, partial="participants", status=status)


@require_GET
@login_required
def event_detail(request, pk: int):
    return _event_page(request, selectors.event_get(user=request.user, pk=pk))


@require_POST
@login_required
def funding_add(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    require(request.user, Capability.MANAGE_TRAINING)
    form = FundingForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        village = Region.objects.get(code=data["village"]) if data["village"] else None
        try:
            services.funding_add(
                actor=request.user, event=event, source=data["source"], amount_rp=data["amount_rp"], village=village
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Sumber dana dicatat."))
            return redirect("training:event_detail", event.pk)
    return _event_page(request, event, funding_form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def invite(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    require(request.user, Capability.MANAGE_TRAINING)
    initial = {"positions": event.invited_positions, "region": event.organiser_region_id}
    form = InvitationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cooperatives = selectors.region_cooperatives(user=request.user, event=event)
        try:
            result = services.invitations_generate(
                actor=request.user,
                event=event,
                region_code=data["region"] or "",
                min_phase=data["min_phase"] or 0,
                positions=data["positions"] or None,
                cooperative_ids=set(cooperatives.values_list("pk", flat=True)),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            text = _(
                "%(invited)d orang dari %(cooperatives)d koperasi diundang; %(listed)d sudah terdaftar; "
                "%(missing)d belum memenuhi jenjang sebelumnya."
            ) % {
                "invited": result.invited,
                "cooperatives": result.cooperatives,
                "listed": result.already_listed,
                "missing": result.missing_prerequisite,
            }
            messages.success(request, text)
            return redirect("training:event_detail", event.pk)
    context = {
        "form": form,
        "title": _("Undang pengurus: %(title)s") % {"title": event.title},
        "cancel": reverse("training:event_detail", args=[event.pk]),
        "event": event,
    }
    return render_page(request, "training/form.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def invitation_print(request, pk: int):
    """The invitation list per kecamatan, laid out for printing (the browser's "Simpan sebagai PDF")."""
    event = selectors.event_get(user=request.user, pk=pk)
    participants = selectors.participant_list(
        user=request.user, event=event, filters=selectors.ParticipantFilters(district=request.GET.get("district", ""))
    ).exclude(source="langsung")
    districts: dict[str, dict] = {}
    for participant in participants:
        village = participant.cooperative.village
        district = districts.setdefault(
            village.parent_id, {"code": village.parent_id, "name": village.parent.name, "rows": []}
        )
        participant.nik_shown = official_nik_for(request.user, participant.official) if participant.official else ""
        district["rows"].append(participant)
    context = {"event": event, "districts": list(districts.values()), "printed": timezone.localdate()}
    return render_page(request, "training/invitation_print.html", context)


# --- the door -------------------------------------------------------------------------------------------------


def _door_day(request, event):
    """The day being recorded: ?day= or the form's day, else today when the event runs today, else its first day."""
    raw = request.POST.get("day") or request.GET.get("day")
    if raw:
        try:
            return timezone.datetime.fromisoformat(raw).date()
        except ValueError:
            pass
    today = timezone.localdate()
    return today if event.start_date <= today <= event.end_date else event.start_date


def _door_context(request, event, *, walk_in_form=None, error=""):
    q = request.GET.get("q") or request.POST.get("q") or ""
    day = _door_day(request, event)
    found = selectors.door_search(user=request.user, event=event, q=q)
    cooperatives = selectors.region_cooperatives(user=request.user, event=event).order_by("name")
    form = walk_in_form or WalkInForm(initial={"day": day})
    form.fields["cooperative"].widget.choices = [("", "–"), *cooperatives.values_list("pk", "name")]
    return {
        "event": event,
        "q": q,
        "day": day,
        "found": found,
        "counts": selectors.event_counts(event),
        "walk_in_form": form,
        "error": error,
    }


@require_GET
@login_required
def door(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    require(request.user, Capability.MANAGE_TRAINING)
    return render_page(request, "training/door.html", _door_context(request, event), partial="found")


@require_POST
@login_required
def check_in(request, pk: int, participant_pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    participant = get_object_for_user(
        Participant.objects.select_related("event", "cooperative"), request.user, pk=participant_pk, event=event
    )
    require(request.user, Capability.MANAGE_TRAINING)
    error = ""
    try:
        if request.POST.get("undo"):
            services.attendance_clear(actor=request.user, participant=participant)
        else:
            services.attendance_record(actor=request.user, participant=participant, day=_door_day(request, event))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    status = 400 if error else 200
    return render_page(
        request, "training/door.html", _door_context(request, event, error=error), partial="found", status=status
    )


@require_POST
@login_required
def walk_in(request, pk: int):
    """A walk-in: an official found by the search (one tap, `official`) or a name typed with the cooperative."""
    event = selectors.event_get(user=request.user, pk=pk)
    require(request.user, Capability.MANAGE_TRAINING)
    day = _door_day(request, event)
    error = ""
    form = None
    try:
        if request.POST.get("official"):
            official = get_object_for_user(
                Official.objects.select_related("cooperative"), request.user, pk=request.POST["official"]
            )
            services.walk_in_add(
                actor=request.user, event=event, day=day, cooperative=official.cooperative, official=official
            )
        else:
            form = WalkInForm(request.POST, user=request.user)
            if not form.is_valid():
                raise ValidationError(_("Lengkapi koperasi dan nama."))
            cooperative = cooperative_get(user=request.user, pk=form.cleaned_data["cooperative"])
            services.walk_in_add(
                actor=request.user,
                event=event,
                day=day,
                cooperative=cooperative,
                name=form.cleaned_data["name"],
                position=form.cleaned_data["position"],
            )
            form = None
    except ValidationError as exc:
        error = " ".join(exc.messages)
    status = 400 if error else 200
    context = _door_context(request, event, walk_in_form=form, error=error)
    if not error and not request.POST.get("official"):
        messages.success(request, _("Peserta datang langsung dicatat."))
    return render_page(request, "training/door.html", context, partial="found", status=status)


@require_POST
@login_required
def result(request, pk: int, participant_pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    participant = get_object_for_user(
        Participant.objects.select_related("event"), request.user, pk=participant_pk, event=event
    )
    require(request.user, Capability.MANAGE_TRAINING)
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("training:event_detail", event.pk)
    try:
        services.result_record(actor=request.user, participant=participant, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, f"{participant.name}: {' '.join(exc.messages)}")
    else:
        messages.success(request, _("Hasil %(name)s disimpan.") % {"name": participant.name})
    return redirect(f"{reverse('training:event_detail', args=[event.pk])}#p{participant.pk}")


# --- coverage -------------------------------------------------------------------------------------------------


@require_GET
@login_required
def coverage(request):
    code = request.GET.get("region") or scope_for(request.user).home_code
    if scope_for(request.user).is_cooperative:
        raise Http404  # a pengurus reads their own coverage on the cooperative page
    region = region_for_user(user=request.user, code=code)
    by_child = selectors.coverage_by_child(region=region)
    context = {
        "region": region,
        "code": region.code or "ID",
        "training_block": selectors.training_block(region=region),
        "by_position": selectors.coverage_by_position(region=region),
        "by_child": by_child,
        "spending": selectors.spending(region=region),
        "tiers": [Tier(t) for t in TIERS],
    }
    return render_page(request, "training/coverage.html", context)


@require_GET
@login_required
def needs(request):
    """Who still needs tier X: the next invitation list, exportable."""
    form = NeedsFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {"region": "-", "tier": Tier.DASAR, "track": ""}
    officials = selectors.needs_tier(
        user=request.user, region=data["region"] or "", tier=data["tier"] or Tier.DASAR, track=data["track"]
    )
    fmt = _export_format(request)
    if fmt:
        rows = (
            [
                o.cooperative.village_id,
                o.cooperative.name,
                o.cooperative.village.parent.name,
                o.name,
                o.position,
                official_nik_for(request.user, o),
                "ya" if o.ready else "tidak",
            ]
            for o in officials
        )
        stem = f"belum-{data['tier'] or 'dasar'}-{data['region'] or 'semua'}-{timezone.localdate():%Y%m%d}"
        return table_response(fmt, stem, NEEDS_COLUMNS, rows, sheet_title="Belum pelatihan")
    page = Paginator(officials, PAGE_SIZE).get_page(request.GET.get("page"))
    for official in page.object_list:
        official.nik_shown = official_nik_for(request.user, official)
    context = {"form": form, "page": page, "query": _query(request), "formats": FORMATS, "positions": Position}
    return render_page(request, "training/needs.html", context, partial="results")
