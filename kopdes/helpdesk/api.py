"""API of the consultation service under /api/v1/helpdesk: consultations with their thread (ask, answer, reply,
close, reopen, publish), the published articles (search and similar answers), the service-level figures and the
contacts. Scoped like every endpoint: outside the user's scope is 404, a role that may not do it 403, a stale
version 409, a refused value 400 with the field named."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kopdes.accounts.choices import Capability
from kopdes.cooperatives.models import Cooperative
from kopdes.core.api import (
    ConflictOut,
    ErrorOut,
    InputSchema,
    ObjectId,
    Pagination,
    QueryId,
    RefId,
    RegionCode,
    SearchText,
    choice_type,
    integer,
    model_type,
)
from kopdes.core.scoping import get_object_for_user, require
from kopdes.helpdesk import selectors, services
from kopdes.helpdesk.choices import ConsultationState, Topic
from kopdes.helpdesk.choices import Status as ConsultationStatus
from kopdes.helpdesk.models import Article, Consultation, Contact, Message
from kopdes.regions.models import Region
from kopdes.regions.selectors import region_for_user

router = Router()
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- the progress block ----------------------------------------------------------------------------------------


class ConsultationFiguresOut(Schema):
    open: int
    overdue: int
    answered: int
    answered_on_time: int
    answered_on_time_pct: float | None


class ConsultationChildOut(ConsultationFiguresOut):
    code: str
    name: str


class ConsultationsBlock(ConsultationFiguresOut):
    """ "consultations" of the progress document, over consultations whose village is in the region: open (not yet
    closed), overdue (waiting for the office past the due date, counted in working days), and the first answers
    given on time (count and percent of those answered); the same per child region."""

    children: list[ConsultationChildOut]


# --- consultations ---------------------------------------------------------------------------------------------


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    message: int | None

    @staticmethod
    def resolve_message(obj):
        return obj.message_id


class MessageOut(Schema):
    id: int
    kind: choice_type(Message, "kind")
    author_name: str
    text: str
    created_at: datetime.datetime


class ConsultationOut(Schema):
    id: int
    title: str
    topic: choice_type(Consultation, "topic")
    status: choice_type(Consultation, "status")
    village: str
    village_name: str
    cooperative: int | None
    asker_role: choice_type(Consultation, "asker_role")
    asker_name: str
    responder: choice_type(Consultation, "responder")
    target_days: int
    asked_at: datetime.datetime
    due_date: datetime.date
    first_answered_at: datetime.datetime | None
    response_days: int | None
    answered_on_time: bool | None
    closed_on: datetime.date | None
    refers_to: int | None
    version: int

    @staticmethod
    def resolve_village(obj):
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name

    @staticmethod
    def resolve_cooperative(obj):
        return obj.cooperative_id

    @staticmethod
    def resolve_refers_to(obj):
        return obj.refers_to_id


class ConsultationDetailOut(ConsultationOut):
    question: str
    asker_phone: str
    whatsapp: str | None
    messages: list[MessageOut]
    attachments: list[AttachmentOut]
    article: int | None

    @staticmethod
    def resolve_whatsapp(obj):
        return selectors.whatsapp_for(obj)

    @staticmethod
    def resolve_messages(obj):
        return list(obj.messages.order_by("created_at", "id"))

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.order_by("uploaded_at", "id"))

    @staticmethod
    def resolve_article(obj):
        return Article.objects.filter(consultation=obj).values_list("pk", flat=True).first()


class ConsultationQuery(Schema):
    region: SearchText = ""
    state: ConsultationState | ConsultationStatus | None = None
    topic: Topic | None = None
    cooperative: QueryId | None = None
    mine: bool = False
    q: SearchText = ""

    def filters(self) -> selectors.ConsultationFilters:
        return selectors.ConsultationFilters(
            region=self.region,
            state=self.state or "",
            topic=self.topic or "",
            cooperative=self.cooperative,
            mine=self.mine,
            q=self.q,
        )


class ConsultationIn(InputSchema):
    topic: model_type(Consultation, "topic")
    title: model_type(Consultation, "title")
    question: model_type(Consultation, "question")
    village: RegionCode | None = None
    cooperative: RefId | None = None
    asker_phone: model_type(Consultation, "asker_phone") = ""
    refers_to: RefId | None = None


class MessageIn(InputSchema):
    version: integer(ge=1)
    kind: model_type(Message, "kind")
    text: model_type(Message, "text")


class VersionIn(InputSchema):
    version: integer(ge=1)


class ReopenIn(VersionIn):
    text: model_type(Message, "text")


class ArticleIn(InputSchema):
    title: model_type(Article, "title")
    question: model_type(Article, "question")
    answer: model_type(Article, "answer")
    reviewed: bool


def _consultation(request, consultation_id: int) -> Consultation:
    return selectors.consultation_get(user=request.user, pk=consultation_id)


def _village(request, code: str | None) -> Region | None:
    if not code:
        return None
    village = Region.objects.for_user(request.user).filter(code=code).first()
    if village is None:
        raise ValidationError({"village": _("Desa/kelurahan ini di luar wilayah Anda.")})
    return village


def _cooperative(request, pk: int | None) -> Cooperative | None:
    if pk is None:
        return None
    cooperative = Cooperative.objects.for_user(request.user).filter(pk=pk).select_related("village").first()
    if cooperative is None:
        raise ValidationError({"cooperative": _("Koperasi tidak dikenal atau di luar wilayah Anda.")})
    return cooperative


@router.get("/consultations", response=list[ConsultationOut], summary="Konsultasi dalam cakupan Anda")
@paginate(Pagination)
def consultation_list_api(request, filters: Query[ConsultationQuery]):
    return selectors.consultation_list(user=request.user, filters=filters.filters())


@router.post(
    "/consultations", response={201: ConsultationDetailOut, **ERRORS}, summary="Ajukan konsultasi (tanpa lampiran)"
)
def consultation_create_api(request, payload: ConsultationIn):
    require(request.user, Capability.ASK_CONSULTATION)
    if not services.may_ask(request.user):
        raise PermissionDenied  # the offices answer; they do not ask
    refers_to = None
    if payload.refers_to is not None:
        refers_to = selectors.consultation_queryset(request.user).filter(pk=payload.refers_to).first()
        if refers_to is None:
            raise ValidationError({"refers_to": _("Konsultasi rujukan tidak dikenal.")})
    consultation = services.consultation_ask(
        actor=request.user,
        topic=payload.topic,
        title=payload.title,
        question=payload.question,
        village=_village(request, payload.village),
        cooperative=_cooperative(request, payload.cooperative),
        asker_phone=payload.asker_phone,
        refers_to=refers_to,
    )
    return Status(201, consultation)


@router.get("/consultations/{consultation_id}", response=ConsultationDetailOut, summary="Satu konsultasi dan utasnya")
def consultation_detail_api(request, consultation_id: ObjectId):
    return _consultation(request, consultation_id)


@router.post(
    "/consultations/{consultation_id}/messages",
    response={201: MessageOut, 409: ConflictOut, **ERRORS},
    summary="Jawab, minta keterangan, atau tanggapi (penanya)",
)
def message_create_api(request, consultation_id: ObjectId, payload: MessageIn):
    consultation = _consultation(request, consultation_id)
    message = services.message_add(
        actor=request.user, consultation=consultation, version=payload.version, kind=payload.kind, text=payload.text
    )
    return Status(201, message)


@router.post(
    "/consultations/{consultation_id}/attachments",
    response={201: list[AttachmentOut], **ERRORS},
    summary="Lampirkan berkas (PDF, JPEG, PNG) ke konsultasi Anda",
)
def attachment_create_api(request, consultation_id: ObjectId, file: File[UploadedFile]):
    consultation = _consultation(request, consultation_id)
    return Status(201, services.attachments_add(actor=request.user, consultation=consultation, files=[file]))


@router.post(
    "/consultations/{consultation_id}/close",
    response={200: ConsultationOut, 409: ConflictOut, **ERRORS},
    summary="Tutup konsultasi (selesai)",
)
def consultation_close_api(request, consultation_id: ObjectId, payload: VersionIn):
    consultation = _consultation(request, consultation_id)
    return services.consultation_close(actor=request.user, consultation=consultation, version=payload.version)


@router.post(
    "/consultations/{consultation_id}/reopen",
    response={200: ConsultationOut, 409: ConflictOut, **ERRORS},
    summary="Buka kembali dalam 14 hari setelah selesai (penanya)",
)
def consultation_reopen_api(request, consultation_id: ObjectId, payload: ReopenIn):
    consultation = _consultation(request, consultation_id)
    return services.consultation_reopen(
        actor=request.user, consultation=consultation, version=payload.version, text=payload.text
    )


# --- articles ---------------------------------------------------------------------------------------------------


class ArticleOut(Schema):
    id: int
    topic: choice_type(Article, "topic")
    title: str
    question: str
    answer: str
    published_at: datetime.datetime


class ArticleQuery(Schema):
    q: SearchText = ""
    topic: Topic | None = None


@router.post(
    "/consultations/{consultation_id}/article",
    response={201: ArticleOut, **ERRORS},
    summary="Terbitkan jawaban sebagai artikel (teks anonim yang sudah diperiksa)",
)
def article_publish_api(request, consultation_id: ObjectId, payload: ArticleIn):
    consultation = _consultation(request, consultation_id)
    require(request.user, Capability.PUBLISH_ARTICLE)
    article = services.article_publish(actor=request.user, consultation=consultation, **payload.dict())
    return Status(201, article)


@router.get("/articles", response=list[ArticleOut], summary="Artikel tanya-jawab (semua pengguna)")
@paginate(Pagination)
def article_list_api(request, filters: Query[ArticleQuery]):
    return selectors.article_list(
        user=request.user, filters=selectors.ArticleFilters(q=filters.q, topic=filters.topic or "")
    )


@router.get("/articles/similar", response=list[ArticleOut], summary="Jawaban terbit yang mirip dengan pertanyaan")
def article_similar_api(request, filters: Query[ArticleQuery]):
    return selectors.similar_articles(user=request.user, text=filters.q, topic=filters.topic or "")


@router.get("/articles/{article_id}", response=ArticleOut, summary="Satu artikel tanya-jawab")
def article_detail_api(request, article_id: ObjectId):
    return selectors.article_get(user=request.user, pk=article_id)


@router.post("/articles/{article_id}/withdraw", response={200: ArticleOut, **ERRORS}, summary="Tarik artikel")
def article_withdraw_api(request, article_id: ObjectId):
    article = selectors.article_get(user=request.user, pk=article_id)
    require(request.user, Capability.PUBLISH_ARTICLE)
    return services.article_withdraw(actor=request.user, article=article)


# --- service level ------------------------------------------------------------------------------------------------


class ServiceLevelFiguresOut(Schema):
    asked: int
    answered: int
    on_time: int
    late: int
    on_time_pct: float | None
    avg_days: float | None


class ServiceLevelMonthOut(ServiceLevelFiguresOut):
    month: datetime.date


class ServiceLevelOfficerOut(ServiceLevelFiguresOut):
    officer_id: int
    name: str


class ServiceLevelOut(Schema):
    region: str
    by_month: list[ServiceLevelMonthOut]
    by_officer: list[ServiceLevelOfficerOut]


class ServiceLevelQuery(Schema):
    region: RegionCode = "ID"


@router.get(
    "/service-level", response={200: ServiceLevelOut, 404: ErrorOut}, summary="Waktu jawaban per bulan dan per petugas"
)
def service_level_api(request, filters: Query[ServiceLevelQuery]):
    checked = region_for_user(user=request.user, code=filters.region)
    return {"region": checked.code or "ID", **selectors.service_level(region=checked)}


# --- contacts -----------------------------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    region: str
    kind: choice_type(Contact, "kind")
    name: str
    role_title: str
    phone: str

    @staticmethod
    def resolve_region(obj):
        return obj.region_id


class ContactIn(InputSchema):
    region: RegionCode
    kind: model_type(Contact, "kind")
    name: model_type(Contact, "name")
    role_title: model_type(Contact, "role_title") = ""
    phone: model_type(Contact, "phone") = ""


class ContactQuery(Schema):
    region: SearchText = ""


@router.get("/contacts", response=list[ContactOut], summary="Tim fasilitator, pendamping dan camat dalam cakupan Anda")
@paginate(Pagination)
def contact_list_api(request, filters: Query[ContactQuery]):
    return selectors.contact_list(user=request.user, region=filters.region)


@router.post("/contacts", response={201: ContactOut, **ERRORS}, summary="Catat kontak pendampingan")
def contact_create_api(request, payload: ContactIn):
    region = get_object_for_user(Region, request.user, code=payload.region)
    require(request.user, Capability.MANAGE_CONTACTS)
    data = payload.dict()
    data.pop("region")
    return Status(201, services.contact_create(actor=request.user, region=region, **data))


@router.delete("/contacts/{contact_id}", response={204: None, **ERRORS}, summary="Hapus kontak")
def contact_delete_api(request, contact_id: ObjectId):
    contact = get_object_for_user(Contact, request.user, pk=contact_id)
    require(request.user, Capability.MANAGE_CONTACTS)
    services.contact_delete(actor=request.user, contact=contact)
    return Status(204, None)
