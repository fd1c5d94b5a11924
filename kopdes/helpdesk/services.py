"""Writes of the consultation service. Views, the API and the demo come through here (STYLE.md rule 1): asking
(routing and the deadline), the thread (answers, the office asking for more, the asker's replies), closing and
reopening, publishing an answer as an article, the regency's topic settings and the contacts. A refusal is a
ValidationError naming the field (400), PermissionDenied for someone who may not do it (403), ConflictError for a
stale page (409). `now` is the clock (tests and the demo pass it; everyone else gets the real one)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kopdes.accounts.choices import Capability, Role
from kopdes.accounts.models import User
from kopdes.cooperatives.models import Cooperative
from kopdes.core.exceptions import ConflictError
from kopdes.core.scoping import scope_for, user_can
from kopdes.core.uploads import inspect_upload
from kopdes.helpdesk import rules
from kopdes.helpdesk.choices import DEFAULT_TARGET_DAYS, AskerRole, ContactKind, Responder, Status, Topic
from kopdes.helpdesk.models import Article, Attachment, Consultation, Contact, Message, TopicSetting
from kopdes.regions.choices import RegionKind, RegionLevel
from kopdes.regions.models import Region

ASKER_ROLES = {
    Role.PENGURUS: AskerRole.PENGURUS,
    Role.CAMAT: AskerRole.CAMAT,
    Role.PENDAMPING: AskerRole.PENDAMPING,
}
MAX_FILES = 5


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _save(instance, *, actor, update_fields=None) -> None:
    instance._history_user = _actor(actor)
    instance.save(update_fields=update_fields)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _name(user) -> str:
    return (user.get_full_name() or user.username)[:150]


# --- routing -------------------------------------------------------------------------------------------------


def topic_setting_for(*, village: Region, topic: str) -> tuple[str, int]:
    """(responder as set, target days) of `topic` in the village's regency; the office in 3 working days if unset."""
    row = TopicSetting.objects.filter(regency_id=village.code[:5], topic=topic).values_list("responder", "target_days")
    return row.first() or (Responder.DINAS, DEFAULT_TARGET_DAYS)


def camat_available(district_code: str) -> bool:
    return User.objects.filter(role=Role.CAMAT, region_id=district_code, is_active=True).exists()


def asker_role_for(user, village: Region) -> str:
    """The role a user asks as: a kepala desa of a kelurahan is its lurah."""
    if user.role == Role.KEPALA_DESA:
        return AskerRole.LURAH if village.kind == RegionKind.KELURAHAN else AskerRole.KEPALA_DESA
    role = ASKER_ROLES.get(user.role)
    if role is None:
        raise PermissionDenied(_("Hanya kepala desa, lurah, pengurus, camat atau pendamping yang dapat bertanya."))
    return role


def may_ask(user) -> bool:
    """Kepala desa and lurah, pengurus, camat and pendamping ask; the offices answer."""
    return user_can(user, Capability.ASK_CONSULTATION) and (user.role == Role.KEPALA_DESA or user.role in ASKER_ROLES)


def may_answer(user, consultation: Consultation) -> bool:
    """The regency office answers every consultation of its region; a camat only those routed to the camat in
    their kecamatan."""
    if not user_can(user, Capability.ANSWER_CONSULTATION):
        return False
    if not scope_for(user).covers_code(consultation.village_id) or scope_for(user).is_cooperative:
        return False
    return user.role != Role.CAMAT or consultation.responder == Responder.CAMAT


def may_publish(user, consultation: Consultation) -> bool:
    return (
        user_can(user, Capability.PUBLISH_ARTICLE)
        and not scope_for(user).is_cooperative
        and scope_for(user).covers_code(consultation.village_id)
    )


# --- attachments ---------------------------------------------------------------------------------------------


def _attach(*, actor, consultation: Consultation, files: Iterable, message: Message | None = None) -> list[Attachment]:
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Paling banyak %(n)d lampiran sekaligus.") % {"n": MAX_FILES}})
    stored = []
    try:
        for uploaded in files:
            try:
                content_type, extension, sha256 = inspect_upload(uploaded)
            except ValidationError as exc:
                raise ValidationError({"files": f"{getattr(uploaded, 'name', '')}: {exc.messages[0]}"}) from exc
            attachment = Attachment(
                consultation=consultation,
                message=message,
                original_name=(getattr(uploaded, "name", "") or f"lampiran.{extension}").rsplit("/", 1)[-1][:255],
                content_type=content_type,
                size=uploaded.size,
                sha256=sha256,
                uploaded_by=actor,
            )
            attachment.file.save(f"{sha256[:16]}.{extension}", uploaded, save=False)
            stored.append(attachment)
            attachment.full_clean()
            _save(attachment, actor=actor)
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def attachments_add(*, actor, consultation: Consultation, files: Iterable) -> list[Attachment]:
    """Add files to an open consultation: the asker (a document the office asked for) or whoever may answer it."""
    if consultation.asker_id != getattr(actor, "pk", None) and not may_answer(actor, consultation):
        raise PermissionDenied(_("Hanya penanya atau penjawab yang dapat melampirkan berkas."))
    if consultation.status == Status.SELESAI:
        raise ValidationError({"__all__": _("Konsultasi ini sudah selesai; buka kembali untuk melanjutkan.")})
    return _attach(actor=actor, consultation=consultation, files=files)


# --- asking --------------------------------------------------------------------------------------------------


@transaction.atomic
def consultation_ask(
    *,
    actor,
    topic: str,
    title: str,
    question: str,
    village: Region | None = None,
    cooperative: Cooperative | None = None,
    asker_phone: str = "",
    files: Iterable = (),
    refers_to: Consultation | None = None,
    now: datetime.datetime | None = None,
) -> Consultation:
    """Ask a question about a village (or a cooperative, whose village it then concerns) inside the asker's scope.
    Routed by the regency's topic setting; due `target_days` working days after the day it was asked."""
    now = _now(now)
    if village is None and cooperative is not None:
        village = cooperative.village
    if village is None:
        raise ValidationError({"village": _("Pilih desa/kelurahan atau koperasi yang ditanyakan.")})
    role = asker_role_for(actor, village)
    if village.level != RegionLevel.VILLAGE:
        raise ValidationError({"village": _("Konsultasi menyangkut satu desa atau kelurahan.")})
    if not scope_for(actor).covers_code(village.code):
        raise ValidationError({"village": _("Desa/kelurahan ini di luar wilayah Anda.")})
    if cooperative is None:
        cooperative = Cooperative.objects.filter(village_id=village.code).first()
    elif cooperative.village_id != village.code:
        raise ValidationError({"cooperative": _("Koperasi ini bukan koperasi desa/kelurahan yang ditanyakan.")})
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Topik tidak dikenal.")})
    setting, target_days = topic_setting_for(village=village, topic=topic)
    responder = rules.route(setting=setting, camat_available=camat_available(village.code[:8]))
    asked_on = _day(now)
    consultation = Consultation(
        title=title.strip(),
        question=question.strip(),
        topic=topic,
        village=village,
        cooperative=cooperative,
        asker=actor,
        asker_role=role,
        asker_name=_name(actor),
        asker_phone=(asker_phone or "").strip(),
        refers_to=refers_to,
        responder=responder,
        target_days=target_days,
        asked_at=now,
        asked_on=asked_on,
        due_date=rules.add_working_days(asked_on, target_days),
    )
    consultation.full_clean()
    _save(consultation, actor=actor)
    _attach(actor=actor, consultation=consultation, files=files)
    return consultation


def _claim(consultation: Consultation, version: int) -> None:
    claimed = Consultation.objects.filter(pk=consultation.pk, version=version).update(version=version + 1)
    if not claimed:
        raise ConflictError(
            _("Konsultasi ini sudah berubah sejak Anda membukanya (ada pesan baru)."),
            current=Consultation.objects.get(pk=consultation.pk),
        )
    consultation.version = version + 1


@transaction.atomic
def message_add(
    *,
    actor,
    consultation: Consultation,
    version: int,
    kind: str,
    text: str,
    files: Iterable = (),
    now: datetime.datetime | None = None,
) -> Message:
    """Add to the thread. The office answers (`jawaban`) or asks for more (`permintaan`); the asker replies
    (`tanggapan`), which puts the consultation back in the office's queue with a new deadline. The first answer
    from the office fixes the response time."""
    now = _now(now)
    if kind == Message.Kind.TANGGAPAN:
        if consultation.asker_id != getattr(actor, "pk", None):
            raise PermissionDenied(_("Hanya penanya yang dapat menanggapi."))
    elif kind in (Message.Kind.JAWABAN, Message.Kind.PERMINTAAN):
        if not may_answer(actor, consultation):
            raise PermissionDenied(
                _("Konsultasi ini dijawab oleh %(who)s.") % {"who": consultation.get_responder_display()}
            )
    else:
        raise ValidationError({"kind": _("Jenis pesan tidak dikenal.")})
    if consultation.status == Status.SELESAI:
        raise ValidationError({"__all__": _("Konsultasi ini sudah selesai; buka kembali untuk melanjutkan.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Isi pesan tidak boleh kosong.")})
    _claim(consultation, version)
    message = Message(
        consultation=consultation, kind=kind, author=actor, author_name=_name(actor), text=text.strip(), created_at=now
    )
    message.full_clean()
    _save(message, actor=actor)
    _attach(actor=actor, consultation=consultation, files=files, message=message)
    fields = ["status", "version"]
    today = _day(now)
    if kind == Message.Kind.TANGGAPAN:
        consultation.status = Status.BARU
        consultation.due_date = rules.add_working_days(today, consultation.target_days)
        fields.append("due_date")
    else:
        consultation.status = Status.DIJAWAB if kind == Message.Kind.JAWABAN else Status.MENUNGGU_PENANYA
        if consultation.first_answered_at is None:
            consultation.first_answered_at = now
            consultation.first_answered_on = today
            consultation.first_answered_by = actor
            consultation.response_days = rules.working_days_between(consultation.asked_on, today)
            consultation.answered_on_time = today <= consultation.due_date
            fields += ["first_answered_at", "first_answered_on", "first_answered_by", "response_days",
                       "answered_on_time"]  # fmt: skip
    _save(consultation, actor=actor, update_fields=fields)
    return message


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation, version: int, now=None) -> Consultation:
    """The asker closes their question as answered, or the office closes one that was answered."""
    if consultation.asker_id != getattr(actor, "pk", None) and not may_answer(actor, consultation):
        raise PermissionDenied(_("Hanya penanya atau penjawab yang dapat menutup konsultasi."))
    if consultation.status == Status.SELESAI:
        raise ValidationError({"__all__": _("Konsultasi ini sudah selesai.")})
    if consultation.first_answered_at is None and consultation.asker_id != getattr(actor, "pk", None):
        raise ValidationError({"__all__": _("Konsultasi yang belum dijawab tidak dapat ditutup oleh kantor.")})
    _claim(consultation, version)
    consultation.status = Status.SELESAI
    consultation.closed_on = _day(_now(now))
    _save(consultation, actor=actor, update_fields=["status", "closed_on", "version"])
    return consultation


@transaction.atomic
def consultation_reopen(*, actor, consultation: Consultation, version: int, text: str, now=None) -> Consultation:
    """The asker reopens a closed consultation within REOPEN_DAYS, with what is still unclear; later, a new
    consultation that refers to this one is the way (`consultation_ask(refers_to=...)`)."""
    now = _now(now)
    if consultation.asker_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Hanya penanya yang dapat membuka kembali konsultasinya."))
    error = rules.reopen_error(
        closed_on=consultation.closed_on if consultation.status == Status.SELESAI else None, today=_day(now)
    )
    if error:
        raise ValidationError({"__all__": error})
    if not (text or "").strip():
        raise ValidationError({"text": _("Tuliskan apa yang masih perlu dijawab.")})
    _claim(consultation, version)
    message = Message(
        consultation=consultation,
        kind=Message.Kind.TANGGAPAN,
        author=actor,
        author_name=_name(actor),
        text=text.strip(),
        created_at=now,
    )
    message.full_clean()
    _save(message, actor=actor)
    consultation.status = Status.BARU
    consultation.closed_on = None
    consultation.due_date = rules.add_working_days(_day(now), consultation.target_days)
    _save(consultation, actor=actor, update_fields=["status", "closed_on", "due_date", "version"])
    return consultation


# --- the knowledge base --------------------------------------------------------------------------------------


def identifying_names(consultation: Consultation) -> list[str]:
    """Names a published article must not contain: the asker's, the people in the thread, the village's and the
    cooperative's (the village tells who asked)."""
    names = {consultation.asker_name, consultation.asker.get_full_name(), consultation.village.name}
    names.update(consultation.messages.values_list("author_name", flat=True))
    if consultation.cooperative_id:
        names.add(consultation.cooperative.name)
    return sorted(n for n in names if n)


@transaction.atomic
def article_publish(
    *,
    actor,
    consultation: Consultation,
    title: str,
    question: str,
    answer: str,
    reviewed: bool,
    now: datetime.datetime | None = None,
) -> Article:
    """Publish an answered consultation as an article with the anonymised texts the publisher reviewed. Refused
    while the texts still carry a name, a phone number, a NIK or an e-mail address."""
    if not may_publish(actor, consultation):
        raise PermissionDenied(_("Anda tidak dapat menerbitkan jawaban ini."))
    if consultation.first_answered_at is None:
        raise ValidationError({"__all__": _("Hanya konsultasi yang sudah dijawab yang dapat diterbitkan.")})
    if Article.objects.filter(consultation=consultation).exists():
        raise ValidationError({"__all__": _("Jawaban ini sudah diterbitkan.")})
    if not reviewed:
        raise ValidationError({"reviewed": _("Periksa dulu bahwa teks tidak lagi menyebut orang atau desa.")})
    names = identifying_names(consultation)
    errors = {}
    for field, text in (("title", title), ("question", question), ("answer", answer)):
        problems = rules.anonymity_problems(text or "", names=names)
        if problems:
            errors[field] = _("Belum anonim: %(problems)s.") % {"problems": "; ".join(problems)}
    if errors:
        raise ValidationError(errors)
    article = Article(
        consultation=consultation,
        topic=consultation.topic,
        title=title.strip(),
        question=question.strip(),
        answer=answer.strip(),
        scope_code=consultation.village_id[:5],
        published_at=_now(now),
        reviewed_by=actor,
    )
    article.full_clean()
    _save(article, actor=actor)
    return article


@transaction.atomic
def article_withdraw(*, actor, article: Article, now=None) -> Article:
    if not (user_can(actor, Capability.PUBLISH_ARTICLE) and scope_for(actor).covers_code(article.scope_code)):
        raise PermissionDenied(_("Anda tidak dapat menarik artikel ini."))
    if article.withdrawn_at is None:
        article.withdrawn_at = _now(now)
        _save(article, actor=actor, update_fields=["withdrawn_at"])
    return article


# --- settings and contacts -----------------------------------------------------------------------------------


@transaction.atomic
def topic_setting_save(*, actor, regency: Region, topic: str, responder: str, target_days: int) -> TopicSetting:
    """Who answers `topic` in `regency` and in how many working days (consultations already asked keep theirs)."""
    if regency.level != RegionLevel.REGENCY:
        raise ValidationError({"regency": _("Pengaturan topik berlaku per kabupaten/kota.")})
    setting = TopicSetting.objects.filter(regency=regency, topic=topic).first() or TopicSetting(
        regency=regency, topic=topic
    )
    setting.responder, setting.target_days = responder, target_days
    setting.full_clean()
    _save(setting, actor=actor)
    return setting


CONTACT_LEVEL = {
    ContactKind.TIM_FASILITATOR: RegionLevel.VILLAGE,
    ContactKind.PENDAMPING: RegionLevel.DISTRICT,
    ContactKind.CAMAT: RegionLevel.DISTRICT,
}
CONTACT_FIELDS = ("kind", "name", "role_title", "phone")


@transaction.atomic
def contact_create(*, actor, region: Region, **fields: Any) -> Contact:
    """A facilitator team member of a village, or a kecamatan's pendamping or camat."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    contact = Contact(region=region, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})
    wanted = CONTACT_LEVEL.get(contact.kind)
    if wanted is not None and region.level != wanted:
        raise ValidationError(
            {"region": _("%(kind)s dicatat untuk %(level)s.") % {"kind": contact.get_kind_display(),
                                                                   "level": RegionLevel(wanted).label.lower()}}
        )  # fmt: skip
    if contact.phone and rules.whatsapp_number(contact.phone) is None:
        raise ValidationError({"phone": _("Nomor telepon tidak dikenali (mis. 0812xxxxxxx).")})
    contact.full_clean()
    _save(contact, actor=actor)
    return contact


@transaction.atomic
def contact_delete(*, actor, contact: Contact) -> None:
    contact._history_user = _actor(actor)
    contact.delete()
