"""Writes of the innovation catalogue: organizers list (or unlist) an innovation without an award, and an agency
admin keeps its published innovation's public card up to date.

Every function guards with a DomainError, writes inside transaction.atomic(), audits, and bumps the publication
version so the cached catalogue pages are rebuilt (publication.caching).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import register_actions
from core.audit import log_action
from core.exceptions import DomainError
from proposals.models import Proposal
from proposals.services import record_innovator_consent
from publication import caching
from publication.catalogue.enums import ACTION_PREFIX_CATALOGUE, CardStatus
from publication.catalogue.queries import LISTABLE_STATES, is_in_catalogue
from publication.models import CardUpdate, CatalogueListing, CatalogueSearchDocument

LISTED = f"{ACTION_PREFIX_CATALOGUE}listed"
UNLISTED = f"{ACTION_PREFIX_CATALOGUE}unlisted"
CARD_UPDATED = f"{ACTION_PREFIX_CATALOGUE}card_updated"

register_actions(
    {
        LISTED: gettext_lazy("Innovation published in the catalogue"),
        UNLISTED: gettext_lazy("Innovation removed from the catalogue"),
        CARD_UPDATED: gettext_lazy("Catalogue card updated"),
    }
)

CARD_FIELDS = ("status", "impact", "replicated_by", "contact_name", "contact_email", "contact_phone")


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def list_in_catalogue(proposal: Proposal, *, actor, note: str = "") -> CatalogueListing:
    """Publish an innovation in the catalogue although it has no published award (e.g. a finalist worth learning
    from). Refused unless it passed administrative screening in a public edition and is not disqualified."""
    proposal = Proposal.objects.select_for_update().select_related("edition").get(pk=proposal.pk)
    if proposal.state not in LISTABLE_STATES:
        raise DomainError(_("Only an innovation that passed administrative screening can be published."))
    if not proposal.edition.is_public:
        raise DomainError(_("%(edition)s is hidden from the public: show it first.") % {"edition": proposal.edition})
    if hasattr(proposal, "disqualification"):
        raise DomainError(_("“%(title)s” is disqualified.") % {"title": proposal})
    if CatalogueListing.objects.filter(proposal=proposal).exists():
        raise DomainError(_("“%(title)s” is already published in the catalogue.") % {"title": proposal})
    listing = CatalogueListing.objects.create(
        proposal=proposal, note=note.strip(), listed_at=timezone.now(), listed_by=_user(actor)
    )
    log_action(proposal, LISTED, actor=actor, data={"note": listing.note})
    caching.bump_version(proposal.edition_id)
    return listing


@transaction.atomic
def unlist_from_catalogue(proposal: Proposal, *, actor, reason: str) -> None:
    """Remove an organizer's listing (reason required). Award winners stay in the catalogue through their award."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the innovation is removed from the catalogue; the reason is kept."))
    listing = CatalogueListing.objects.select_for_update().filter(proposal=proposal).first()
    if listing is None:
        raise DomainError(_("“%(title)s” was not published in the catalogue by the organizers.") % {"title": proposal})
    log_action(
        proposal,
        UNLISTED,
        actor=actor,
        data={"reason": reason, "before": {"listed_at": listing.listed_at.isoformat(), "note": listing.note}},
    )
    listing.delete()
    caching.bump_version(proposal.edition_id)


@transaction.atomic
def update_card(
    proposal: Proposal,
    *,
    actor,
    status: str,
    impact: str = "",
    replicated_by: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    innovator_consent: bool | None = None,
) -> CardUpdate:
    """Record a dated update of a published innovation's public card (the newest update is the card shown, the
    earlier ones its history). Refused when the innovation is not in the catalogue. `innovator_consent` (when given)
    records whether the innovator agrees to be named publicly (see set_innovator_consent)."""
    if status not in CardStatus.values:
        raise DomainError(_("Choose the innovation's status."))
    Proposal.objects.select_for_update().filter(pk=proposal.pk).first()
    if not is_in_catalogue(proposal.pk):
        raise DomainError(_("Only an innovation published in the catalogue has a public card."))
    values = {
        "status": status,
        "impact": impact.strip(),
        "replicated_by": replicated_by.strip(),
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip(),
        "contact_phone": contact_phone.strip(),
    }
    previous = CardUpdate.objects.filter(proposal=proposal).order_by("-created_at", "-pk").first()
    update = CardUpdate.objects.create(proposal=proposal, created_at=timezone.now(), created_by=_user(actor), **values)
    log_action(
        proposal,
        CARD_UPDATED,
        actor=actor,
        data={
            "card_update": update.pk,
            "before": {name: getattr(previous, name) for name in CARD_FIELDS} if previous else None,
            "after": values,
        },
    )
    if innovator_consent is not None:
        set_innovator_consent(proposal, consent=innovator_consent, actor=actor)
    caching.bump_version(proposal.edition_id)
    return update


@transaction.atomic
def set_innovator_consent(proposal: Proposal, *, consent: bool, actor) -> bool:
    """Record the innovator's consent to be named publicly (proposals.services.record_innovator_consent: the agency's
    admin, with who and when, audited), then rebuild the innovation's search document and invalidate the public
    caches, since the catalogue, the results and the open data show the innovator's name only with consent."""
    changed = record_innovator_consent(proposal, consent=consent, actor=actor)
    if changed:
        CatalogueSearchDocument.objects.filter(proposal_id=proposal.pk).delete()
        caching.bump_version(proposal.edition_id)
    return changed
