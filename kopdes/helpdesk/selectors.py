"""Reads of the consultation service, each starting from the user's scope (STYLE.md rule 2); the block, the
service-level figures and the overdue counts are GROUP BY queries over village-code prefixes (rule 5)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from rapidfuzz import fuzz

from kopdes.accounts.choices import Role
from kopdes.cooperatives.models import Cooperative
from kopdes.core.scoping import ScopedRegion, code_prefix_q, ensure_scoped, get_object_for_user
from kopdes.helpdesk import rules
from kopdes.helpdesk.choices import OPEN_STATUSES, ConsultationState, ContactKind, Responder, Status
from kopdes.helpdesk.models import Article, Attachment, Consultation, Contact, TopicSetting
from kopdes.regions.choices import CHILD_LEVEL, CODE_LENGTH
from kopdes.regions.models import Region

SIMILAR_LIMIT = 5
SIMILAR_MIN_SCORE = 45
SIMILAR_CANDIDATES = 300
STOPWORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "apa",
        "apakah",
        "bagaimana",
        "kami",
        "kita",
        "saya",
        "ini",
        "itu",
        "atau",
        "ada",
        "tidak",
        "bisa",
        "dapat",
        "sudah",
        "belum",
        "akan",
        "pada",
        "dalam",
        "oleh",
        "sebagai",
        "juga",
        "harus",
        "kapan",
        "siapa",
        "berapa",
        "mohon",
        "bapak",
        "ibu",
        "pak",
        "bu",
        "desa",
        "koperasi",
    ]
)


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Waiting for the office past its due date."""
    return Q(**{f"{prefix}status": Status.BARU, f"{prefix}due_date__lt": today})


def consultation_queryset(user) -> QuerySet[Consultation]:
    """The consultations `user` may see: their scope (the asker always sees their own); a camat only those of
    their kecamatan routed to the camat."""
    queryset = Consultation.objects.for_user(user)
    if getattr(user, "role", None) == Role.CAMAT and not user.is_superuser:
        queryset = queryset.filter(Q(responder=Responder.CAMAT) | Q(asker_id=user.pk))
    return queryset


@dataclass(frozen=True)
class ConsultationFilters:
    """One filter for the consultation list's page, API and export (STYLE.md rule 6)."""

    region: str = ""
    state: str = ""  # a Status, or "open" / "overdue"
    topic: str = ""
    cooperative: int | None = None
    mine: bool = False
    q: str = ""

    def apply(self, queryset: QuerySet[Consultation], *, user=None, today=None) -> QuerySet[Consultation]:
        if self.region:
            queryset = queryset.filter(code_prefix_q("village__code", self.region.strip()))
        today = today or timezone.localdate()
        if self.state == ConsultationState.OPEN:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif self.state == ConsultationState.OVERDUE:
            queryset = queryset.filter(overdue_q(today))
        elif self.state:
            queryset = queryset.filter(status=self.state)
        if self.topic:
            queryset = queryset.filter(topic=self.topic)
        if self.cooperative:
            queryset = queryset.filter(cooperative_id=self.cooperative)
        if self.mine and user is not None:
            queryset = queryset.filter(Q(asker_id=user.pk) | Q(first_answered_by_id=user.pk))
        if self.q:
            text = self.q.strip()
            queryset = queryset.filter(Q(title__icontains=text) | Q(question__icontains=text))
        return queryset


def consultation_list(*, user, filters: ConsultationFilters | None = None) -> QuerySet[Consultation]:
    filters = filters or ConsultationFilters()
    queryset = filters.apply(consultation_queryset(user), user=user)
    if filters.state == ConsultationState.OVERDUE:
        queryset = queryset.order_by("due_date", "id")
    return queryset.select_related("village", "village__parent", "cooperative", "first_answered_by")


def consultation_get(*, user, pk: int) -> Consultation:
    return get_object_for_user(
        consultation_queryset(user).select_related("village", "village__parent", "cooperative", "asker", "refers_to"),
        user,
        pk=pk,
    )


def consultation_thread(consultation: Consultation) -> list[dict]:
    """The question and its messages in order, each with its attachments. Two queries."""
    attachments: dict[int | None, list[Attachment]] = {}
    for attachment in consultation.attachments.order_by("uploaded_at", "id"):
        attachments.setdefault(attachment.message_id, []).append(attachment)
    entries = [
        {
            "kind": "pertanyaan",
            "label": consultation.get_asker_role_display(),
            "author": consultation.asker_name,
            "text": consultation.question,
            "at": consultation.asked_at,
            "from_office": False,
            "attachments": attachments.get(None, []),
        }
    ]
    for message in consultation.messages.order_by("created_at", "id"):
        entries.append(
            {
                "kind": message.kind,
                "label": message.get_kind_display(),
                "author": message.author_name,
                "text": message.text,
                "at": message.created_at,
                "from_office": message.from_office,
                "attachments": attachments.get(message.pk, []),
            }
        )
    return entries


def whatsapp_for(consultation: Consultation) -> str | None:
    """The asker's phone as a wa.me link with a greeting about this consultation."""
    text = (
        f'Yth. {consultation.asker_name}, terkait konsultasi #{consultation.pk} "{consultation.title}" '
        f"di layanan konsultasi koperasi: "
    )
    return rules.whatsapp_link(consultation.asker_phone, text)


def attachment_get(*, user, pk: int) -> Attachment:
    """An attachment of a consultation the user may see (a camat's narrower view included), else 404."""
    return get_object_for_user(Attachment.objects.filter(consultation__in=consultation_queryset(user)), user, pk=pk)


# --- contacts ------------------------------------------------------------------------------------------------


def contacts_for_village(village: Region) -> dict:
    """Who to contact about a village: its facilitator team, its kecamatan's pendamping and camat. The caller has
    checked the village against the user's scope; the kecamatan's contacts come with it."""
    rows = list(Contact.objects.filter(region_id__in=[village.code, village.code[:8]]).order_by("kind", "name"))
    return {
        "team": [c for c in rows if c.kind == ContactKind.TIM_FASILITATOR],
        "pendamping": [c for c in rows if c.kind == ContactKind.PENDAMPING],
        "camat": [c for c in rows if c.kind == ContactKind.CAMAT],
    }


def contact_list(*, user, region: str = "") -> QuerySet[Contact]:
    queryset = Contact.objects.for_user(user).select_related("region", "region__parent")
    if region:
        queryset = queryset.filter(code_prefix_q("region__code", region.strip()))
    return queryset


def topic_settings(*, regency: Region) -> dict[str, TopicSetting]:
    return {s.topic: s for s in TopicSetting.objects.filter(regency=regency)}


# --- the knowledge base --------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    words = [w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if len(w) >= 3 and w not in STOPWORDS]
    return sorted(set(words), key=lambda w: (-len(w), w))


def article_queryset(user) -> QuerySet[Article]:
    return Article.objects.for_user(user).filter(withdrawn_at__isnull=True)


@dataclass(frozen=True)
class ArticleFilters:
    q: str = ""
    topic: str = ""

    def apply(self, queryset: QuerySet[Article]) -> QuerySet[Article]:
        if self.topic:
            queryset = queryset.filter(topic=self.topic)
        for word in _words(self.q)[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(question__icontains=word) | Q(answer__icontains=word)
            )
        return queryset


def article_list(*, user, filters: ArticleFilters | None = None) -> QuerySet[Article]:
    return (filters or ArticleFilters()).apply(article_queryset(user))


def article_get(*, user, pk: int) -> Article:
    return get_object_for_user(article_queryset(user), user, pk=pk)


def similar_articles(*, user, text: str, topic: str = "", limit: int = SIMILAR_LIMIT) -> list[Article]:
    """Published answers close to what someone is about to ask: candidates sharing a word with it (SQL, bounded),
    ranked by rapidfuzz's token-set similarity of the question with the article's title and question."""
    words = _words(text)[:10]
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(question__icontains=word)
    candidates = article_queryset(user).filter(match).order_by("-published_at", "-id")
    scored = []
    wanted = " ".join(words)
    for article in candidates[:SIMILAR_CANDIDATES]:
        score = max(
            fuzz.token_set_ratio(wanted, " ".join(_words(f"{article.title} {article.question}"))),
            fuzz.partial_token_sort_ratio(wanted, " ".join(_words(article.title))),
        )
        if topic and article.topic == topic:
            score += 5
        if score >= SIMILAR_MIN_SCORE:
            scored.append((score, article.published_at, article))
    scored.sort(key=lambda row: (-row[0], -row[1].timestamp()))
    return [article for _score, _at, article in scored[:limit]]


# --- figures -------------------------------------------------------------------------------------------------


def _counts(today: datetime.date) -> dict:
    return {
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=overdue_q(today)),
        "answered": Count("id", filter=Q(first_answered_at__isnull=False)),
        "answered_on_time": Count("id", filter=Q(answered_on_time=True)),
    }


def _pct(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def _row(row: dict) -> dict:
    return {
        "open": row["open"],
        "overdue": row["overdue"],
        "answered": row["answered"],
        "answered_on_time": row["answered_on_time"],
        "answered_on_time_pct": _pct(row["answered_on_time"], row["answered"]),
    }


def consultations_block(*, region: ScopedRegion, today: datetime.date | None = None) -> dict:
    """The "consultations" progress block: open, overdue and the share of first answers on time, over the
    consultations whose village is in the region, and the same per child region. One aggregate, one GROUP BY."""
    checked = ensure_scoped(region)
    today = today or timezone.localdate()
    rows = Consultation.objects.filter(code_prefix_q("village__code", checked.code))
    totals = rows.aggregate(**_counts(today))
    children = []
    child_level = CHILD_LEVEL[checked.level]
    if child_level is not None:
        length = CODE_LENGTH[child_level]
        grouped = {
            row["g"]: row
            for row in rows.annotate(g=Substr("village_id", 1, length))
            .values("g")
            .annotate(**_counts(today))
            .order_by()
        }
        names = Region.objects.filter(code__in=list(grouped), level=child_level).order_by("code")
        children = [
            {"code": code, "name": name, **_row(grouped[code])} for code, name in names.values_list("code", "name")
        ]
    return {**_row(totals), "children": children}


def service_level(*, region: ScopedRegion, since: datetime.date | None = None) -> dict:
    """Response-time figures over the region: per month asked and per officer who answered first: asked,
    answered, on time, average working days. Two GROUP BY queries."""
    checked = ensure_scoped(region)
    rows = Consultation.objects.filter(code_prefix_q("village__code", checked.code))
    if since:
        rows = rows.filter(asked_on__gte=since)
    figures = {
        "asked": Count("id"),
        "answered": Count("id", filter=Q(first_answered_at__isnull=False)),
        "on_time": Count("id", filter=Q(answered_on_time=True)),
        "late": Count("id", filter=Q(answered_on_time=False)),
        "avg_days": Avg("response_days"),
    }

    def finish(row: dict) -> dict:
        avg = row["avg_days"]
        return {
            "asked": row["asked"],
            "answered": row["answered"],
            "on_time": row["on_time"],
            "late": row["late"],
            "on_time_pct": _pct(row["on_time"], row["answered"]),
            "avg_days": round(float(avg), 1) if avg is not None else None,
        }

    by_month = [
        {"month": row["month"], **finish(row)}
        for row in rows.annotate(month=TruncMonth("asked_on")).values("month").annotate(**figures).order_by("-month")
    ]
    by_officer = [
        {
            "officer_id": row["first_answered_by"],
            "name": (f"{row['first_answered_by__first_name']} {row['first_answered_by__last_name']}".strip()
                     or row["first_answered_by__username"]),
            **finish(row),
        }
        for row in rows.filter(first_answered_by__isnull=False)
        .values("first_answered_by", "first_answered_by__first_name", "first_answered_by__last_name",
                "first_answered_by__username")
        .annotate(**figures)
        .order_by("-answered", "first_answered_by")
    ]  # fmt: skip
    for row in by_month:
        month = row["month"]
        row["month"] = month.date() if isinstance(month, datetime.datetime) else month
    return {"by_month": by_month, "by_officer": by_officer}


def cooperative_consultations(*, user, cooperative: Cooperative, limit: int = 20) -> dict:
    """The cooperative panel: its consultations the user may see, newest first, and who to contact."""
    queryset = consultation_queryset(user).filter(cooperative=cooperative)
    items = list(queryset.order_by("-asked_at", "-id")[:limit])
    return {
        "items": items,
        "total": len(items) if len(items) < limit else queryset.count(),  # counted only when the list is cut
        "contacts": contacts_for_village(cooperative.village),
        "today": timezone.localdate(),
    }
