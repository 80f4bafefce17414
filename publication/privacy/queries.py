"""Reads for data subjects' requests (UU 27/2022): find a person by email or name wherever the portal holds personal
fields — accounts, proposals' innovator fields, catalogue card contacts, objection filers — and gather everything
held on the records an organizer picked into one export.

A record is named by a key `kind:pk` (e.g. `innovator:12`), so the search page, the export and the erasure speak of
exactly the same rows. Each read is one query per kind, whatever the number of matches.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.actions import describe_action
from core.models import ActionLog
from judging.models import Assignment
from proposals.models import Proposal
from publication.models import CardUpdate, Objection

ERASED = "[dihapus]"
MIN_QUERY_LENGTH = 3
MAX_PER_KIND = 50

ACCOUNT, INNOVATOR, CARD, OBJECTION = "account", "innovator", "card", "objection"
KIND_LABELS = {
    ACCOUNT: _("Account"),
    INNOVATOR: _("Innovator of a proposal"),
    CARD: _("Contact on a catalogue card"),
    OBJECTION: _("Objection filer"),
}


@dataclass(frozen=True)
class PersonRecord:
    """One row holding someone's personal fields, as the search page lists it."""

    kind: str
    pk: int
    name: str
    email: str
    phone: str
    context: str
    erased: bool

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class RecordSelection:
    """Record keys parsed by kind (unknown or malformed keys are dropped, never an error)."""

    ids: dict[str, set[int]] = field(default_factory=lambda: {kind: set() for kind in KIND_LABELS})

    @classmethod
    def parse(cls, keys) -> "RecordSelection":
        selection = cls()
        for key in keys or []:
            kind, _sep, pk = str(key).partition(":")
            if kind in selection.ids and pk.isdigit() and len(pk) < 12 and 0 < int(pk) < 2**31:
                selection.ids[kind].add(int(pk))
        return selection

    def __bool__(self) -> bool:
        return any(self.ids.values())


def _users():
    return get_user_model().objects


def _name_q(text: str, *fields: str) -> Q:
    q = Q()
    for name in fields:
        q |= Q(**{f"{name}__icontains": text})
    return q


def _account_q(text: str) -> Q:
    if "@" in text:
        return Q(email__iexact=text)
    q = Q(username__iexact=text) | _name_q(text, "first_name", "last_name")
    first, _sep, last = text.partition(" ")
    if last:
        q |= Q(first_name__icontains=first, last_name__icontains=last)
    return q


def _accounts(queryset) -> list[PersonRecord]:
    return [
        PersonRecord(
            kind=ACCOUNT,
            pk=user.pk,
            name=user.get_full_name(),
            email=user.email,
            phone="",
            context=user.get_username(),
            erased=user.first_name == ERASED,
        )
        for user in queryset.order_by("username")[:MAX_PER_KIND]
    ]


def _innovators(queryset) -> list[PersonRecord]:
    return [
        PersonRecord(
            kind=INNOVATOR,
            pk=proposal.pk,
            name=proposal.innovator_name,
            email=proposal.innovator_email,
            phone=proposal.innovator_phone,
            context=f"{proposal.edition.year} · {proposal.title} · {proposal.agency.name}",
            erased=proposal.innovator_name == ERASED,
        )
        for proposal in queryset.select_related("edition", "agency").order_by("-edition__year", "title", "pk")[
            :MAX_PER_KIND
        ]
    ]


def _cards(queryset) -> list[PersonRecord]:
    return [
        PersonRecord(
            kind=CARD,
            pk=card.pk,
            name=card.contact_name,
            email=card.contact_email,
            phone=card.contact_phone,
            context=f"{card.proposal.edition.year} · {card.proposal.title} · {timezone.localdate(card.created_at)}",
            erased=card.contact_name == ERASED,
        )
        for card in queryset.select_related("proposal__edition").order_by("-created_at", "-pk")[:MAX_PER_KIND]
    ]


def _objections(queryset) -> list[PersonRecord]:
    return [
        PersonRecord(
            kind=OBJECTION,
            pk=objection.pk,
            name=objection.name,
            email=objection.contact,
            phone="",
            context=f"{objection.finalist.proposal.edition.year} · {objection.finalist.proposal.title}",
            erased=objection.name == ERASED,
        )
        for objection in queryset.select_related("finalist__proposal__edition").order_by("-filed_at", "-pk")[
            :MAX_PER_KIND
        ]
    ]


def find_person(text: str) -> list[PersonRecord]:
    """Every record whose personal fields match `text`: with an `@`, an exact email (case-insensitive); else a part
    of a name. Four queries; at most MAX_PER_KIND rows of each kind."""
    text = (text or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        return []
    if "@" in text:
        innovator_q, card_q, objection_q = (
            Q(innovator_email__iexact=text),
            Q(contact_email__iexact=text),
            Q(contact__icontains=text),
        )
    else:
        innovator_q = _name_q(text, "innovator_name") | Q(innovator_phone=text)
        card_q = _name_q(text, "contact_name") | Q(contact_phone=text)
        objection_q = _name_q(text, "name", "contact")
    return [
        *_accounts(_users().filter(_account_q(text))),
        *_innovators(Proposal.objects.filter(innovator_q)),
        *_cards(CardUpdate.objects.filter(card_q)),
        *_objections(Objection.objects.filter(objection_q)),
    ]


def selected_records(selection: RecordSelection) -> list[PersonRecord]:
    """The records of a selection as the search lists them (the erase confirmation shows these)."""
    return [
        *_accounts(_users().filter(pk__in=selection.ids[ACCOUNT])),
        *_innovators(Proposal.objects.filter(pk__in=selection.ids[INNOVATOR])),
        *_cards(CardUpdate.objects.filter(pk__in=selection.ids[CARD])),
        *_objections(Objection.objects.filter(pk__in=selection.ids[OBJECTION])),
    ]


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else None


def _account_export(users: QuerySet) -> list[dict]:
    users = list(users.select_related("membership__agency", "judge__agency", "organizer").order_by("pk"))
    actions: dict[int, list[dict]] = {user.pk: [] for user in users}
    for entry in ActionLog.objects.filter(actor__in=users).order_by("timestamp", "pk"):
        actions[entry.actor_id].append(
            {
                "at": _iso(entry.timestamp),
                "action": entry.action_type,
                "description": describe_action(entry.action_type),
            }
        )
    judged: dict[int, list[dict]] = {user.pk: [] for user in users}
    assignments = Assignment.objects.filter(judge__user__in=users).select_related(
        "judge", "entry__stage__edition", "entry__proposal", "sheet"
    )
    for assignment in assignments.order_by("pk"):
        sheet = getattr(assignment, "sheet", None)
        judged[assignment.judge.user_id].append(
            {
                "edition": assignment.entry.stage.edition.year,
                "stage": assignment.entry.stage.kind,
                "innovation": assignment.entry.proposal.title,
                "score_sheet_status": sheet.status if sheet else None,
            }
        )
    records = []
    for user in users:
        membership = getattr(user, "membership", None)
        judge = getattr(user, "judge", None)
        organizer = getattr(user, "organizer", None)
        records.append(
            {
                "username": user.get_username(),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "is_active": user.is_active,
                "date_joined": _iso(user.date_joined),
                "last_login": _iso(user.last_login),
                "agency": {"agency": membership.agency.name, "role": membership.role} if membership else None,
                "judge": {
                    "affiliation": judge.affiliation,
                    "affiliated_agency": judge.agency.name if judge.agency else None,
                    "expertise": judge.expertise,
                    "entries_assigned": judged[user.pk],
                }
                if judge
                else None,
                "organizer": {"position": organizer.position} if organizer else None,
                "actions_in_audit_log": actions[user.pk],
            }
        )
    return records


def person_export(selection: RecordSelection, *, query: str = "") -> dict:
    """Everything the portal holds on the selected records, as the JSON a data subject receives (constant queries:
    one or two per kind)."""
    innovators = Proposal.objects.filter(pk__in=selection.ids[INNOVATOR]).select_related("edition", "agency")
    cards = CardUpdate.objects.filter(pk__in=selection.ids[CARD]).select_related("proposal__edition")
    objections = Objection.objects.filter(pk__in=selection.ids[OBJECTION]).select_related("finalist__proposal__edition")
    return {
        "source": str(_("KOVABLIK Portal, Biro Organisasi, Sekretariat Daerah Provinsi Jawa Timur")),
        "generated_at": timezone.now().isoformat(),
        "query": query,
        "accounts": _account_export(_users().filter(pk__in=selection.ids[ACCOUNT])),
        "innovator_of": [
            {
                "edition": proposal.edition.year,
                "innovation": proposal.title,
                "agency": proposal.agency.name,
                "innovator_name": proposal.innovator_name,
                "innovator_phone": proposal.innovator_phone,
                "innovator_email": proposal.innovator_email,
                "named_publicly": proposal.innovator_consent,
                "consent_recorded_at": _iso(proposal.innovator_consent_recorded_at),
            }
            for proposal in innovators.order_by("pk")
        ],
        "catalogue_card_contacts": [
            {
                "edition": card.proposal.edition.year,
                "innovation": card.proposal.title,
                "updated_at": _iso(card.created_at),
                "contact_name": card.contact_name,
                "contact_email": card.contact_email,
                "contact_phone": card.contact_phone,
            }
            for card in cards.order_by("pk")
        ],
        "objections": [
            {
                "edition": objection.finalist.proposal.edition.year,
                "finalist": objection.finalist.proposal.title,
                "name": objection.name,
                "contact": objection.contact,
                "reason": objection.reason,
                "evidence_file": objection.evidence_name,
                "filed_at": _iso(objection.filed_at),
                "outcome": objection.outcome,
                "response": objection.response,
            }
            for objection in objections.order_by("pk")
        ],
    }


def export_file_name(query: str, *, today: dt.date | None = None) -> str:
    """e.g. data-pribadi-siti-example-org-2026-12-01.json for siti@example.org"""
    stem = slugify(re.sub(r"[@._+]+", "-", query))[:40].strip("-") or "orang"
    return f"data-pribadi-{stem}-{(today or timezone.localdate()).isoformat()}.json"
