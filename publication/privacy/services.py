"""Writes for data subjects' requests (UU 27/2022): an organizer erases a person's personal fields on request.

It lives in publication, the highest app it touches (objections and catalogue cards are here; accounts, proposals
and the audit log are below). Erasure keeps every proposal, score, ranking and award: only the personal fields
change, so no result moves.
"""

import json
import re
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.rules import forget_roles
from core import phones
from core.actions import register_actions
from core.audit import log_action
from core.enums import DeliveryState
from core.exceptions import DomainError
from core.models import ActionLog, MailDelivery
from proposals import declarations
from proposals.models import Proposal, ProposalSectionText, TruthDeclaration
from publication import caching
from publication.catalogue.queries import ensure_search_documents
from publication.models import CardUpdate, CatalogueSearchDocument, Objection
from publication.privacy.queries import ACCOUNT, CARD, ERASED, INNOVATOR, OBJECTION, RecordSelection

ERASED_ACTION = "kovablik.privacy.erased"
EXPORTED_ACTION = "kovablik.privacy.exported"

register_actions(
    {
        ERASED_ACTION: gettext_lazy("Personal data erased on request"),
        EXPORTED_ACTION: gettext_lazy("Personal data exported on request"),
    }
)


@dataclass(frozen=True)
class ErasureResult:
    accounts: int
    innovators: int
    cards: int
    objections: int
    audit_entries_scrubbed: int

    @property
    def total(self) -> int:
        return self.accounts + self.innovators + self.cards + self.objections


def _require_organizer(actor) -> None:
    if actor is None or not actor.has_perm("publication.manage_personal_data"):
        raise DomainError(_("Your account may not do this."))


@dataclass
class ErasedValues:
    """The values being erased: `phrases` (full names, emails, phones, user names) are replaced wherever they occur
    as whole words; `parts` (a first or last name alone) only where a field holds exactly that, so another person's
    "Siti Aminah" is not touched when "Siti Rahayu" is erased."""

    phrases: set[str]
    parts: set[str]

    def add(self, *values: str, part: bool = False) -> None:
        for value in values:
            value = (value or "").strip()
            if len(value) >= 3 and value != ERASED:
                (self.parts if part else self.phrases).add(value)

    def add_phone(self, phone: str) -> None:
        """A stored number and the ways people write it (the narrative may say 0812-3456-7890)."""
        self.add(*phones.spellings(phone))

    def add_name(self, name: str) -> None:
        """A full name is a phrase; a single word ("Budi") only counts where a field holds exactly it."""
        self.add(name, part=len((name or "").split()) < 2)

    def __bool__(self) -> bool:
        return bool(self.phrases or self.parts)

    def _phrase_pattern(self) -> re.Pattern | None:
        if not self.phrases:
            return None
        # Longest first, so a full name is replaced before a shorter value inside it.
        alternatives = "|".join(re.escape(value) for value in sorted(self.phrases, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def scrub_text(self, text: str) -> str:
        if text.strip().casefold() in {value.casefold() for value in self.phrases | self.parts}:
            return ERASED
        pattern = self._phrase_pattern()
        return pattern.sub(ERASED, text) if pattern else text

    def scrub_phrases(self, text: str) -> str:
        """Only the whole-word phrases (for long free text, where a lone first name may be someone else's)."""
        pattern = self._phrase_pattern()
        return pattern.sub(ERASED, text) if pattern and text else text

    def scrub(self, value):
        """`value` (decoded JSON) with the erased values replaced by the placeholder."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        if isinstance(value, dict):
            return {self.scrub_text(key): self.scrub(item) for key, item in value.items()}
        return value


def scrub_audit_log(values: ErasedValues) -> int:
    """Replace the erased values in the data of earlier audit entries (a judge's name in a confirmation, an email in
    an account change, …) and return how many entries changed. Candidates are found in SQL on the JSON as text, in
    both the raw and the JSON-escaped spelling (SQLite stores non-ASCII escaped)."""
    if not values:
        return 0
    found = Q()
    for value in values.phrases | values.parts:
        found |= Q(text__icontains=value)
        escaped = json.dumps(value)[1:-1]
        if escaped != value:
            found |= Q(text__icontains=escaped)
    changed = []
    candidates = ActionLog.objects.annotate(text=Cast("data", TextField())).filter(found).only("pk", "data")
    for entry in candidates.select_for_update(of=("self",)):
        data = values.scrub(entry.data)
        if data != entry.data:
            entry.data = data
            changed.append(entry)
    ActionLog.objects.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)


PHRASE_KEYS = {"email", "username"}
PART_KEYS = {"first_name", "last_name"}


def _collect_personal_values(data, values: ErasedValues) -> None:
    """Add the values held under personal keys anywhere in an audit entry's data."""
    if isinstance(data, list):
        for item in data:
            _collect_personal_values(item, values)
    elif isinstance(data, dict):
        for key, item in data.items():
            if isinstance(item, str) and key in PHRASE_KEYS | PART_KEYS:
                values.add(item, part=key in PART_KEYS)
            else:
                _collect_personal_values(item, values)


def _erase_accounts(ids: set[int], values: ErasedValues, actor) -> list:
    users = list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    usernames = []
    for user in users:
        if actor is not None and user.pk == actor.pk:
            raise DomainError(_("You cannot erase your own account."))
        values.add(user.get_username(), user.email)
        values.add_name(user.get_full_name())
        values.add(user.first_name, user.last_name, part=True)
        usernames.append(user.get_username())
        user.username = f"dihapus-{user.pk}"
        user.first_name, user.last_name, user.email = ERASED, "", ""
        user.is_active = False
        user.set_unusable_password()  # also ends the account's sessions: their auth hash no longer matches
        user.save(update_fields=["username", "first_name", "last_name", "email", "is_active", "password"])
        forget_roles(user)
    # Earlier values of the accounts' personal fields (an old email, a former name) live in their audit entries.
    history = ActionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id__in=[str(user.pk) for user in users]
    )
    for entry in history:
        _collect_personal_values(entry.data, values)
    # The declarations they signed hold their name as typed and their address, in the row and in the PDF.
    signed = (
        TruthDeclaration.objects.select_for_update()
        .filter(signed_by__in=users)
        .select_related("proposal__agency", "proposal__edition", "signed_by")
    )
    for declaration in signed:
        values.add_name(declaration.signer_name)
        declarations.erase_signer(declaration, erased_name=ERASED)
    # Failed-login records hold the user name typed and the network address.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=usernames).delete()
    # The outgoing mail record keeps each address and subject; a mail still waiting is no longer sent.
    mail = MailDelivery.objects.filter(recipient__in=users)
    mail.filter(state=DeliveryState.PENDING).update(state=DeliveryState.SKIPPED, next_attempt_at=None)
    mail.update(to_email="", subject="", params={})
    return users


def _scrub_free_text(values: ErasedValues, *, proposals, cards, objections) -> None:
    """The erased values written into the records' own free text — an innovator named in the proposal's narrative,
    a filer signing their objection — are replaced as whole words, like in the audit log (the rest of the text, which
    the scores judged, stays)."""
    if not values.phrases:
        return
    sections = list(ProposalSectionText.objects.select_for_update().filter(proposal__in=proposals))
    changed = [row for row in sections if _replace(row, ("text",), values)]
    ProposalSectionText.objects.bulk_update(changed, ["text"])
    card_rows = list(
        CardUpdate.objects.select_for_update().filter(Q(proposal__in=proposals) | Q(pk__in=[c.pk for c in cards]))
    )
    changed = [row for row in card_rows if _replace(row, ("impact", "replicated_by"), values)]
    CardUpdate.objects.bulk_update(changed, ["impact", "replicated_by"])
    changed = [row for row in objections if _replace(row, ("reason", "response"), values)]
    Objection.objects.bulk_update(changed, ["reason", "response"])


def _replace(row, fields: tuple[str, ...], values: ErasedValues) -> bool:
    changed = False
    for name in fields:
        text = getattr(row, name)
        scrubbed = values.scrub_phrases(text)
        if scrubbed != text:
            setattr(row, name, scrubbed)
            changed = True
    return changed


@transaction.atomic
def erase_personal_data(*, records: RecordSelection, reason: str, actor) -> ErasureResult:
    """Erase the personal fields of the selected records: a name becomes "[dihapus]", phones and emails blank; an
    account is deactivated, its password made unusable and its user name anonymised. Proposals, scores, rankings
    and awards stay as they are. The erased values are also replaced where the records' own free text repeats them
    (narrative, card news, objection text), in earlier audit entries and in the catalogue's search documents
    (rebuilt); the public caches are invalidated, and each erased record gets an audit entry with the reason and the
    names of the fields — never the values. Organizers only; a reason is required."""
    _require_organizer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the data is erased (e.g. the request's date and channel); the reason is kept."))
    if not records:
        raise DomainError(_("Choose at least one record to erase."))
    values = ErasedValues(phrases=set(), parts=set())

    users = _erase_accounts(records.ids[ACCOUNT], values, actor)

    proposals = list(Proposal.objects.select_for_update().filter(pk__in=records.ids[INNOVATOR]).order_by("pk"))
    for proposal in proposals:
        values.add(proposal.innovator_email)
        values.add_phone(proposal.innovator_phone)
        values.add_name(proposal.innovator_name)
        proposal.innovator_name, proposal.innovator_phone, proposal.innovator_email = ERASED, "", ""
        proposal.innovator_consent = False
        proposal.save(update_fields=["innovator_name", "innovator_phone", "innovator_email", "innovator_consent"])

    cards = list(CardUpdate.objects.select_for_update().filter(pk__in=records.ids[CARD]).order_by("pk"))
    for card in cards:
        values.add(card.contact_email)
        values.add_phone(card.contact_phone)
        values.add_name(card.contact_name)
        card.contact_name, card.contact_email, card.contact_phone = ERASED, "", ""
        card.save(update_fields=["contact_name", "contact_email", "contact_phone"])

    objections = list(Objection.objects.select_for_update().filter(pk__in=records.ids[OBJECTION]).order_by("pk"))
    for objection in objections:
        values.add(objection.contact)
        values.add_name(objection.name)
        objection.name, objection.contact = ERASED, ""
        objection.save(update_fields=["name", "contact"])

    _scrub_free_text(values, proposals=proposals, cards=cards, objections=objections)
    scrubbed = scrub_audit_log(values)
    reason = values.scrub_text(reason)
    for obj, fields in (
        *((user, ["username", "first_name", "last_name", "email"]) for user in users),
        *((proposal, ["innovator_name", "innovator_phone", "innovator_email"]) for proposal in proposals),
        *((card, ["contact_name", "contact_email", "contact_phone"]) for card in cards),
        *((objection, ["name", "contact"]) for objection in objections),
    ):
        log_action(obj, ERASED_ACTION, actor=actor, data={"reason": reason, "fields": fields})

    # The catalogue's search documents and cached public pages may hold the old values: rebuild and invalidate.
    touched = {proposal.pk for proposal in proposals} | {card.proposal_id for card in cards}
    CatalogueSearchDocument.objects.filter(proposal_id__in=touched).delete()
    ensure_search_documents()
    caching.bump_version()
    for edition_id in set(Proposal.objects.filter(pk__in=touched).values_list("edition_id", flat=True)):
        caching.bump_version(edition_id)
    return ErasureResult(
        accounts=len(users),
        innovators=len(proposals),
        cards=len(cards),
        objections=len(objections),
        audit_entries_scrubbed=scrubbed,
    )


def record_export(*, records: RecordSelection, actor) -> None:
    """Audit that an organizer exported a person's data (the kinds and counts, never the values)."""
    _require_organizer(actor)
    log_action(
        actor,
        EXPORTED_ACTION,
        actor=actor,
        data={"records": {kind: len(ids) for kind, ids in records.ids.items()}},
    )
