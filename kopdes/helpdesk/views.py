"""Pages of the consultation service: the list (overdue, by topic, export), asking (similar published answers
first), a consultation with its thread (answer, reply, close, reopen, publish, the asker's WhatsApp), the articles,
the service-level figures, the regency's topic settings and the contacts. Views parse, scope (404 outside scope),
check the capability (403) and hand writes to the services."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kopdes.accounts.choices import Capability
from kopdes.core import export_jobs
from kopdes.core.exceptions import ConflictError
from kopdes.core.exports import FORMATS
from kopdes.core.htmx import render_page
from kopdes.core.scoping import get_object_for_user, require, scope_for, user_can
from kopdes.helpdesk import rules, selectors, services
from kopdes.helpdesk.blocks import EXPORT_KIND
from kopdes.helpdesk.choices import REOPEN_DAYS, Status
from kopdes.helpdesk.forms import (
    ArticleForm,
    ArticleSearchForm,
    ConsultationFilterForm,
    ConsultationForm,
    ContactForm,
    MessageForm,
    ReopenForm,
    TopicSettingForm,
    VersionForm,
)
from kopdes.helpdesk.models import Contact
from kopdes.regions.choices import RegionLevel
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user

PAGE_SIZE = 50


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


# --- the list ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def consultation_list(request):
    form = ConsultationFilterForm(request.GET or None)
    filters = form.filters()
    queryset = selectors.consultation_list(user=request.user, filters=filters)
    fmt = request.POST.get("format") or request.GET.get("format")
    if fmt:
        return export_jobs.list_export_response(
            request, kind=EXPORT_KIND, params=dataclasses.asdict(filters), fmt=fmt, count=queryset.count()
        )
    if request.method == "POST":
        raise Http404
    context = {
        "form": form,
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _query(request),
        "formats": FORMATS,
        "today": timezone.localdate(),
        "may_ask": services.may_ask(request.user),
        "may_configure": user_can(request.user, Capability.MANAGE_HELPDESK) and _home_regency(request.user),
    }
    return render_page(request, "helpdesk/consultation_list.html", context, partial="results")


# --- asking ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def consultation_create(request):
    """Ask: the similar published answers are shown first (and again as the title is typed, through htmx)."""
    require(request.user, Capability.ASK_CONSULTATION)
    if not services.may_ask(request.user):
        raise PermissionDenied  # admins answer; they do not ask
    refers_to = None
    refers_id = request.POST.get("refers_to") or request.GET.get("rujuk")
    if refers_id and str(refers_id).isdigit():
        refers_to = selectors.consultation_queryset(request.user).filter(pk=int(refers_id)).first()
    initial = {"refers_to": refers_to.pk if refers_to else None}
    if refers_to is not None:
        initial.update(topic=refers_to.topic, village=refers_to.village_id, title=refers_to.title[:190])
    form = ConsultationForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    text = " ".join(request.GET.get(k, "") for k in ("title", "question")) if request.method == "GET" else ""
    if request.method == "POST":
        text = f"{request.POST.get('title', '')} {request.POST.get('question', '')}"
    similar = selectors.similar_articles(user=request.user, text=text, topic=request.GET.get("topic", ""))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation = services.consultation_ask(
                    actor=request.user,
                    village=Region.objects.get(code=data["village"]),
                    topic=data["topic"],
                    title=data["title"],
                    question=data["question"],
                    asker_phone=data["asker_phone"],
                    files=data["files"],
                    refers_to=refers_to,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("Pertanyaan terkirim. Dijawab %(who)s paling lambat %(due)s.")
                    % {"who": consultation.get_responder_display(), "due": _date(consultation.due_date)},
                )
                return redirect("helpdesk:consultation_detail", consultation.pk)
        status = 400
    context = {"form": form, "similar": similar, "refers_to": refers_to, "searched": bool(text.strip())}
    return render_page(request, "helpdesk/consultation_form.html", context, partial="similar", status=status)


def _date(day) -> str:
    return formats.date_format(day)


# --- one consultation --------------------------------------------------------------------------------------------


def _detail_context(request, consultation, **forms) -> dict:
    user = request.user
    is_asker = consultation.asker_id == user.pk
    office = services.may_answer(user, consultation)
    today = timezone.localdate()
    article = getattr(consultation, "article", None) if hasattr(consultation, "article") else None
    reopen_blocked = None
    if consultation.status == Status.SELESAI:
        reopen_blocked = rules.reopen_error(closed_on=consultation.closed_on, today=today)
    publish_initial = {
        "title": consultation.title,
        "question": consultation.question,
        "answer": "\n\n".join(
            consultation.messages.filter(kind="jawaban").order_by("created_at").values_list("text", flat=True)
        ),
    }
    return {
        "consultation": consultation,
        "thread": selectors.consultation_thread(consultation),
        "contacts": selectors.contacts_for_village(consultation.village),
        "is_asker": is_asker,
        "office": office,
        "may_reply": (is_asker or office) and consultation.status != Status.SELESAI,
        "message_form": forms.get("message_form")
        or MessageForm(office=office and not is_asker, initial={"version": consultation.version}),
        "reopen_form": forms.get("reopen_form") or ReopenForm(initial={"version": consultation.version}),
        "article_form": forms.get("article_form") or ArticleForm(initial=publish_initial),
        "may_publish": services.may_publish(user, consultation)
        and consultation.first_answered_at is not None
        and article is None,
        "article": article,
        "whatsapp": selectors.whatsapp_for(consultation) if office else None,
        "overdue": consultation.status == Status.BARU and consultation.due_date < today,
        "reopen_blocked": reopen_blocked,
        "reopen_days": REOPEN_DAYS,
        "today": today,
    }


@require_http_methods(["GET", "POST"])
@login_required
def consultation_detail(request, pk: int):
    """The thread; a POST adds a message (the office's answer or request, the asker's reply)."""
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if request.method == "GET":
        return render_page(request, "helpdesk/consultation_detail.html", _detail_context(request, consultation))
    is_asker = consultation.asker_id == request.user.pk
    office = services.may_answer(request.user, consultation)
    if not (is_asker or office):
        require(request.user, Capability.ANSWER_CONSULTATION)  # 403 for a role that may not answer
        raise Http404  # a camat looking at a consultation for the office (cannot happen: scoped away)
    form = MessageForm(request.POST, request.FILES, office=office and not is_asker)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.message_add(
                actor=request.user,
                consultation=consultation,
                version=data["version"],
                kind=form.message_kind(),
                text=data["text"],
                files=data["files"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Pesan terkirim."))
            return redirect("helpdesk:consultation_detail", consultation.pk)
    consultation.refresh_from_db()
    return render_page(
        request, "helpdesk/consultation_detail.html", _detail_context(request, consultation, message_form=form),
        status=status,
    )  # fmt: skip


@require_POST
@login_required
def consultation_close(request, pk: int):
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if consultation.asker_id != request.user.pk and not services.may_answer(request.user, consultation):
        require(request.user, Capability.ANSWER_CONSULTATION)
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("helpdesk:consultation_detail", pk)
    try:
        services.consultation_close(actor=request.user, consultation=consultation, version=form.cleaned_data["version"])
    except (ValidationError, ConflictError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
        return redirect("helpdesk:consultation_detail", pk)
    messages.success(request, _("Konsultasi ditutup."))
    return redirect("helpdesk:consultation_detail", pk)


@require_POST
@login_required
def consultation_reopen(request, pk: int):
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if consultation.asker_id != request.user.pk:
        raise PermissionDenied  # only the asker reopens
    form = ReopenForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.consultation_reopen(
                actor=request.user,
                consultation=consultation,
                version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Konsultasi dibuka kembali."))
            return redirect("helpdesk:consultation_detail", pk)
    consultation.refresh_from_db()
    return render_page(
        request, "helpdesk/consultation_detail.html", _detail_context(request, consultation, reopen_form=form),
        status=status,
    )  # fmt: skip


@require_POST
@login_required
def article_publish(request, pk: int):
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    require(request.user, Capability.PUBLISH_ARTICLE)
    form = ArticleForm(request.POST)
    if form.is_valid():
        try:
            article = services.article_publish(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Jawaban diterbitkan sebagai artikel."))
            return redirect("helpdesk:article_detail", article.pk)
    return render_page(
        request, "helpdesk/consultation_detail.html", _detail_context(request, consultation, article_form=form),
        status=400,
    )  # fmt: skip


@require_GET
@login_required
def attachment_download(request, pk: int):
    """Files are outside the web root; this scoped view is the only way to them."""
    attachment = selectors.attachment_get(user=request.user, pk=pk)
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


# --- articles ----------------------------------------------------------------------------------------------------


@require_GET
@login_required
def article_list(request):
    form = ArticleSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {"q": "", "topic": ""}
    filters = selectors.ArticleFilters(q=data["q"], topic=data["topic"])
    queryset = selectors.article_list(user=request.user, filters=filters)
    context = {"form": form, "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")),
               "query": _query(request)}  # fmt: skip
    return render_page(request, "helpdesk/article_list.html", context, partial="results")


@require_GET
@login_required
def article_detail(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    may_withdraw = user_can(request.user, Capability.PUBLISH_ARTICLE) and scope_for(request.user).covers_code(
        article.scope_code
    )
    return render_page(request, "helpdesk/article_detail.html", {"article": article, "may_withdraw": may_withdraw})


@require_POST
@login_required
def article_withdraw(request, pk: int):
    article = selectors.article_get(user=request.user, pk=pk)
    require(request.user, Capability.PUBLISH_ARTICLE)
    services.article_withdraw(actor=request.user, article=article)
    messages.success(request, _("Artikel ditarik."))
    return redirect("helpdesk:article_list")


# --- service level -----------------------------------------------------------------------------------------------


@require_GET
@login_required
def service_level(request):
    """Response times per month and per officer over a region (the user's own by default)."""
    code = (request.GET.get("region") or request.user.home_code)[:13]
    checked = region_for_user(user=request.user, code=code)
    context = {
        "region": checked.region,
        "code": checked.code or "ID",
        "figures": selectors.service_level(region=checked),
        "block": selectors.consultations_block(region=checked),
    }
    return render_page(request, "helpdesk/service_level.html", context)


# --- settings and contacts -----------------------------------------------------------------------------------------


def _home_regency(user) -> str:
    code = scope_for(user).region_code or ""
    return code[:5] if len(code) >= 5 else ""


@require_http_methods(["GET", "POST"])
@login_required
def topic_settings(request):
    """Per regency: who answers each topic (the office or the camat) and the target in working days."""
    code = (request.GET.get("region") or _home_regency(request.user) or "")[:13]
    regency = get_object_for_user(Region.objects.filter(level=RegionLevel.REGENCY), request.user, code=code)
    current = selectors.topic_settings(regency=regency)
    form = TopicSettingForm(request.POST or None, settings=current)
    status = 200
    if request.method == "POST":
        require(request.user, Capability.MANAGE_HELPDESK)
        if form.is_valid():
            try:
                for topic, _responder, _days in form.rows():
                    services.topic_setting_save(
                        actor=request.user,
                        regency=regency,
                        topic=topic.value,
                        responder=form.cleaned_data[f"{topic.value}_responder"],
                        target_days=form.cleaned_data[f"{topic.value}_days"],
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Pengaturan topik disimpan."))
                return redirect(f"{reverse('helpdesk:topic_settings')}?region={regency.code}")
        status = 400
    context = {"form": form, "regency": regency, "may_edit": user_can(request.user, Capability.MANAGE_HELPDESK)}
    return render_page(request, "helpdesk/topic_settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def contact_list(request):
    """Facilitator teams, pendamping and camat contacts in the user's scope; a form to add one."""
    region = (request.GET.get("region") or "")[:13]
    form = ContactForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        require(request.user, Capability.MANAGE_CONTACTS)
        if form.is_valid():
            data = form.cleaned_data
            place = Region.objects.get(code=data.pop("region"))  # RegionField checked it against the scope
            try:
                services.contact_create(actor=request.user, region=place, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Kontak dicatat."))
                return redirect(f"{reverse('helpdesk:contact_list')}?region={place.code}")
        status = 400
    context = {
        "form": form,
        "contacts": selectors.contact_list(user=request.user, region=region)[:500],
        "region": region,
        "may_edit": user_can(request.user, Capability.MANAGE_CONTACTS),
    }
    return render_page(request, "helpdesk/contact_list.html", context, status=status)


@require_POST
@login_required
def contact_delete(request, pk: int):
    contact = get_object_for_user(Contact, request.user, pk=pk)
    require(request.user, Capability.MANAGE_CONTACTS)
    services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("Kontak dihapus."))
    return redirect(f"{reverse('helpdesk:contact_list')}?region={contact.region_id}")
