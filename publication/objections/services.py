"""The objection period (masa sanggah): organizers publish an edition's finalists with an objection window; anyone
may object to a finalist while the window is open; organizers answer every objection. The objections and responses
stay with the edition's decision (publication/templates/publication/objections/_summary.html).

The window is stated in whole days in Asia/Jakarta: published on day D with N days, objections are accepted until the
end of day D + N − 1 (WIB), the last day shown on the page. Evidence files are checked like proposal attachments
(proposals.uploads: PDF by content, images re-encoded without metadata), stored under a random name outside any public
URL, and only organizers can download them.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.enums import GroupKind
from competitions.models import Edition, Stage, jakarta_today
from core.actions import register_actions
from core.audit import log_action
from core.exceptions import DomainError
from core.order import enforce_order
from judging.models import StageEntry
from proposals.uploads import CleanFile, clean_image, clean_pdf, display_name
from publication import caching
from publication.catalogue.enums import (
    ACTION_PREFIX_OBJECTION,
    DEFAULT_OBJECTION_DAYS,
    DEFAULT_OBJECTIONS_PER_HOUR,
    MAX_OBJECTION_DAYS,
    RESPONDED,
    ObjectionOutcome,
)
from publication.cycle.guards import finalists_missing
from publication.models import Finalist, FinalistList, Objection

FINALISTS_PUBLISHED = f"{ACTION_PREFIX_OBJECTION}finalists_published"
FILED = f"{ACTION_PREFIX_OBJECTION}filed"
RESPONDED_ACTION = f"{ACTION_PREFIX_OBJECTION}responded"

register_actions(
    {
        FINALISTS_PUBLISHED: gettext_lazy("Finalists announced with an objection period"),
        FILED: gettext_lazy("Objection filed against a finalist"),
        RESPONDED_ACTION: gettext_lazy("Objection answered"),
    }
)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- Reads -----------------------------------------------------------------------------------------------------------


def finalist_list_of(edition: Edition) -> FinalistList | None:
    return FinalistList.objects.select_related("stage", "published_by").filter(edition=edition).first()


def group_order() -> Case:
    """The competition groups in their declared order (Umum, Replikasi, Khusus), not alphabetically."""
    return Case(*(When(proposal__group=kind, then=Value(index)) for index, kind in enumerate(GroupKind.values)))


def public_finalists(finalist_list: FinalistList) -> QuerySet[Finalist]:
    """The finalists as the public page lists them: title, agency, region and group (nothing from the judging)."""
    return (
        Finalist.objects.filter(finalist_list=finalist_list)
        .select_related("proposal__agency__region", "proposal__region")
        .order_by(group_order(), "proposal__title", "pk")
    )


# What the organizers' page shows of a finalist's proposal and of the organizer who answered (not the proposal's
# long texts, which the page never reads: with ~150 finalists loading them was a large part of its time).
PROPOSAL_SHOWN = ("proposal__title", "proposal__group", "proposal__agency__name")
ACCOUNT_SHOWN = ("first_name", "last_name", "username")


def objection_rows() -> QuerySet[Objection]:
    """Objections with their finalist and who answered it, as the organizers' page shows them (any edition)."""
    return Objection.objects.select_related("finalist__proposal__agency", "responded_by").only(
        *(field.name for field in Objection._meta.concrete_fields),
        "finalist__finalist_list_id",
        *(f"finalist__{name}" for name in PROPOSAL_SHOWN),
        *(f"responded_by__{name}" for name in ACCOUNT_SHOWN),
    )


def objections_of(edition: Edition, *, outcome: str = "") -> QuerySet[Objection]:
    """Every objection of the edition (or those of one outcome) with its finalist and who answered it, those awaiting
    a response first."""
    objections = objection_rows().filter(finalist__finalist_list__edition=edition)
    if outcome:
        objections = objections.filter(outcome=outcome)
    return objections.order_by(*objection_order())


def objection_order() -> tuple:
    """The organizers' order of the objections: those awaiting a response first, then by filing time."""
    return (Case(When(outcome=ObjectionOutcome.PENDING, then=Value(0)), default=Value(1)), "filed_at", "pk")


def objection_counts(edition: Edition) -> dict:
    """{"total": n, "pending": n, and one count per outcome} of the edition's objections, in one query."""
    return Objection.objects.filter(finalist__finalist_list__edition=edition).aggregate(
        total=Count("pk"),
        **{outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in ObjectionOutcome.values},
    )


def objection_position(objection: Objection) -> int:
    """How many of its edition's objections come before `objection` in objection_order, as stored now (its page on
    the list). Reads the ids of one edition's objections, a few dozen, so that the order is stated once."""
    ids = list(
        Objection.objects.filter(finalist__finalist_list_id=objection.finalist.finalist_list_id)
        .order_by(*objection_order())
        .values_list("pk", flat=True)
    )
    return ids.index(objection.pk) if objection.pk in ids else 0


def finalists_with_counts(finalist_list: FinalistList) -> QuerySet[Finalist]:
    """The finalists in the public page's order, with only what the organizers' table shows and their counts."""
    return (
        Finalist.objects.filter(finalist_list=finalist_list)
        .select_related("proposal__agency")
        .only("finalist_list_id", *PROPOSAL_SHOWN)
        .order_by(group_order(), "proposal__title", "pk")
        .annotate(
            objection_count=Count("objections"),
            pending_count=Count("objections", filter=Q(objections__outcome=ObjectionOutcome.PENDING)),
        )
    )


def finalist_stages(edition: Edition) -> QuerySet[Stage]:
    """The edition's stages that have admitted entries: the finalists are one stage's entries."""
    return (
        Stage.objects.filter(edition=edition)
        .annotate(entry_count=Count("entries"))
        .filter(entry_count__gt=0)
        .order_by("pk")
    )


def last_day_for(published_at: dt.datetime, days: int) -> dt.date:
    """The last day (inclusive, WIB) of an objection period of `days` days that starts on the publication day."""
    return jakarta_today(published_at) + dt.timedelta(days=days - 1)


# --- Writes ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def publish_finalists(
    edition: Edition,
    *,
    stage: Stage,
    actor,
    days: int = DEFAULT_OBJECTION_DAYS,
    announcement: str = "",
    now: dt.datetime | None = None,
    override_reason: str = "",
) -> FinalistList:
    """Announce the entries admitted to `stage` as the edition's finalists and open the objection period of `days`
    days from today. Refused when the edition already announced its finalists, is hidden, or the stage has none."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if FinalistList.objects.filter(edition=locked).exists():
        raise DomainError(_("The finalists of %(edition)s are already announced.") % {"edition": locked})
    if not locked.is_public:
        raise DomainError(_("%(edition)s is hidden from the public: show it first.") % {"edition": locked})
    if stage.edition_id != locked.pk:
        raise DomainError(_("This stage belongs to another edition."))
    if not 1 <= days <= MAX_OBJECTION_DAYS:
        raise DomainError(_("The objection period lasts between 1 and %(max)s days.") % {"max": MAX_OBJECTION_DAYS})
    proposal_ids = list(
        StageEntry.objects.filter(stage=stage, proposal__disqualification__isnull=True)
        .order_by("proposal_id")
        .values_list("proposal_id", flat=True)
    )
    if not proposal_ids:
        raise DomainError(_("No entry has been admitted to this stage yet."))
    enforce_order(
        locked,
        step=_("Announcing the finalists"),
        missing=finalists_missing(locked, stage),
        override_reason=override_reason,
        actor=actor,
    )
    now = now or timezone.now()
    finalist_list = FinalistList.objects.create(
        edition=locked,
        stage=stage,
        announcement=announcement.strip(),
        objection_days=days,
        objections_close_on=last_day_for(now, days),
        published_at=now,
        published_by=_user(actor),
    )
    Finalist.objects.bulk_create(
        Finalist(finalist_list=finalist_list, proposal_id=proposal_id) for proposal_id in proposal_ids
    )
    log_action(
        finalist_list,
        FINALISTS_PUBLISHED,
        actor=actor,
        data={
            "stage": stage.kind,
            "days": days,
            "closes_on": finalist_list.objections_close_on.isoformat(),
            "finalists": proposal_ids,
        },
    )
    caching.bump_version(locked.pk)  # the public pages now state the objection period
    return finalist_list


@transaction.atomic
def file_objection(
    finalist: Finalist,
    *,
    name: str,
    contact: str,
    reason: str,
    evidence: CleanFile | None = None,
    now: dt.datetime | None = None,
) -> Objection:
    """Record an objection from the public against a finalist. Refused outside the objection period. The evidence
    (already checked by clean_evidence) is written only after every check passed."""
    finalist_list = FinalistList.objects.select_for_update().get(pk=finalist.finalist_list_id)
    if not finalist_list.accepts_objections(now):
        raise DomainError(_("The objection period is closed; objections are no longer accepted."))
    name, contact, reason = name.strip(), contact.strip(), reason.strip()
    if not (name and contact and reason):
        raise DomainError(_("Give your name, a way to contact you and the reason for the objection."))
    objection = Objection(finalist=finalist, name=name, contact=contact, reason=reason, filed_at=now or timezone.now())
    if evidence is not None:
        objection.evidence.name = default_storage.save(evidence_storage_name(evidence), ContentFile(evidence.content))
        objection.evidence_name = evidence.original_name
        objection.evidence_size = evidence.size
        objection.evidence_content_type = evidence.content_type
    objection.save()
    # The objector's name and contact stay on the objection (organizers only); the audit records the fact.
    log_action(
        finalist_list,
        FILED,
        actor=None,
        data={"objection": objection.pk, "proposal": finalist.proposal_id, "evidence": bool(objection.evidence)},
    )
    return objection


@transaction.atomic
def respond_to_objection(objection: Objection, *, outcome: str, response: str, actor) -> Objection:
    """Record the organizers' answer to an objection (upheld, dismissed or noted) with a written response; a later
    answer replaces the earlier one, which stays in the audit trail."""
    response = (response or "").strip()
    if outcome not in RESPONDED:
        raise DomainError(_("Choose the outcome of the objection."))
    if not response:
        raise DomainError(_("Write the response; it is kept with the objection."))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    before = {"outcome": objection.outcome, "response": objection.response}
    objection.outcome = outcome
    objection.response = response
    objection.responded_at = timezone.now()
    objection.responded_by = _user(actor)
    objection.save(update_fields=["outcome", "response", "responded_at", "responded_by"])
    log_action(
        objection.finalist.finalist_list,
        RESPONDED_ACTION,
        actor=actor,
        data={
            "objection": objection.pk,
            "proposal": objection.finalist.proposal_id,
            "before": before,
            "after": {"outcome": outcome, "response": response},
        },
    )
    return objection


# --- Evidence files --------------------------------------------------------------------------------------------------


def evidence_max_bytes() -> int:
    return settings.KOVABLIK_UPLOAD_MAX_BYTES


def clean_evidence(upload: UploadedFile) -> CleanFile:
    """A PDF or a JPEG/PNG image of at most the attachment size limit, checked by content as proposal attachments
    are (proposals.uploads); raises ValidationError with a translated message."""
    limit = evidence_max_bytes()
    too_big = ValidationError(
        _("The file is %(size)s; at most %(limit)s is allowed.")
        % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
        code="file_too_large",
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    chunks = []
    total = 0
    upload.seek(0)
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty_file")
    name = display_name(upload.name or "")
    if data.startswith(b"%PDF-"):
        return clean_pdf(data, original_name=name)
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return clean_image(data, original_name=name)
    raise ValidationError(
        _("This file is neither a PDF nor a JPEG or PNG image. Upload a PDF or a photo/scan of the evidence."),
        code="not_pdf_or_image",
    )


def evidence_storage_name(clean: CleanFile) -> str:
    token = uuid.uuid4().hex
    return f"objections/{token[:2]}/{token}{clean.extension}"


# --- Rate limit ------------------------------------------------------------------------------------------------------


def objections_per_hour() -> int:
    return getattr(settings, "KOVABLIK_OBJECTIONS_PER_HOUR", DEFAULT_OBJECTIONS_PER_HOUR)


def _rate_key(address: str) -> str:
    return f"kovablik:objections:rate:{address or 'unknown'}"


def rate_limited(address: str) -> bool:
    """Whether `address` already filed the hour's allowance of objections."""
    return (cache.get(_rate_key(address)) or 0) >= objections_per_hour()


def count_filing(address: str) -> None:
    """Count one filed objection for `address` for the next hour (the hour starts at its first objection)."""
    key = _rate_key(address)
    if cache.add(key, 1, 60 * 60):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60 * 60)
