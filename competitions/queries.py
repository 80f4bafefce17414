"""Named read shapes for editions and agencies; pages load what they show in a constant number of queries."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.models import MailDelivery

from .enums import AccountRole, MembershipRole
from .models import Agency, Criterion, Edition, Membership, Stage

EDITION_CONFIG_PREFETCH = (
    "phases",
    "groups",
    "categories",
    "quotas",
    "word_limits",
    Prefetch("stages", queryset=Stage.objects.prefetch_related(Prefetch("criteria", Criterion.objects.all()))),
)


def editions_with_config() -> QuerySet[Edition]:
    return Edition.objects.prefetch_related(*EDITION_CONFIG_PREFETCH)


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(is_public=True).order_by("-year")


def current_edition() -> Edition | None:
    """The newest public edition: the one the home page presents."""
    return public_editions().prefetch_related(*EDITION_CONFIG_PREFETCH).first()


def archived_editions(current: Edition | None) -> QuerySet[Edition]:
    editions = public_editions().prefetch_related("groups")
    return editions.exclude(pk=current.pk) if current else editions


def _count_of(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) of `queryset` (filtered on an OuterRef) as an annotation."""
    counted = queryset.order_by().annotate(count=Func("pk", function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


def agencies_for_list():
    """Agencies by name with their member and unit counts (competitions.filters.AgencyFilter narrows them)."""
    # Counts as correlated subqueries, not GROUP BY joins: the database computes them for the page's rows only,
    # and the paginator's COUNT leaves them out, so the list costs the same with 1,000 or 10,000 agencies.
    agencies = Agency.objects.select_related("parent", "region").annotate(
        member_count=_count_of(Membership.objects.filter(agency=OuterRef("pk")).values("agency")),
        unit_count=_count_of(Agency.objects.filter(parent=OuterRef("pk")).values("parent")),
    )
    return agencies.order_by("name")


def agency_family_ids(agency: Agency) -> set[int]:
    """The agency, its parent and its units: the circle a conflict of interest or a dashboard spans."""
    ids = {agency.pk}
    if agency.parent_id:
        ids.add(agency.parent_id)
    ids.update(Agency.objects.filter(parent_id=agency.pk).values_list("pk", flat=True))
    return ids


PERSON_ROLE_RELATIONS = ("organizer", "membership__agency", "judge__agency")
PERSON_ROLE_FILTERS = {
    AccountRole.ORGANIZER: Q(organizer__isnull=False),
    AccountRole.AGENCY_ADMIN: Q(membership__role=MembershipRole.ADMIN),
    AccountRole.DRAFTER: Q(membership__role=MembershipRole.DRAFTER),
    AccountRole.JUDGE: Q(judge__isnull=False),
    "none": Q(organizer__isnull=True, membership__isnull=True, judge__isnull=True),
}


def people_for_list():
    """Accounts with their role rows joined in (one query per page, whatever its length); filtered by
    competitions.filters.PersonFilter."""
    return (
        get_user_model().objects.select_related(*PERSON_ROLE_RELATIONS).order_by("first_name", "last_name", "username")
    )


def is_invited_to_special_group(edition: Edition, agency_id: int) -> bool:
    return edition.special_invitations.filter(agency_id=agency_id).exists()


@dataclass(frozen=True)
class InvitationGround:
    """An earlier award an invitation to Kelompok Khusus may build on: `key` is what the form posts, `label` how
    it reads (kept on the invitation)."""

    key: str
    agency_id: int
    agency_name: str
    label: str


# Which earlier awards an edition's invitations may build on, and how an invitation is linked to its award: the
# awards live in the publication app, which registers both (competitions cannot import it).
InvitationGrounds = Callable[[Edition], list[InvitationGround]]
InvitationLink = Callable[[object, InvitationGround], None]
_invitation_grounds: list[tuple[InvitationGrounds, InvitationLink]] = []


def register_invitation_grounds(grounds: InvitationGrounds, link: InvitationLink) -> None:
    _invitation_grounds[:] = [(grounds, link)]


def invitation_grounds(edition: Edition) -> list[InvitationGround] | None:
    """The awards of agencies not invited yet that an invitation may build on; None when no app keeps awards."""
    if not _invitation_grounds:
        return None
    return _invitation_grounds[0][0](edition)


def link_invitation(invitation, ground: InvitationGround) -> None:
    for _grounds, link in _invitation_grounds:
        link(invitation, ground)


def special_invitations(edition: Edition):
    return edition.special_invitations.select_related("agency", "agency__region", "invited_by")


def outgoing_mail():
    """The outgoing mail, newest first (competitions.filters.OutgoingMailFilter shows what is not sent yet unless a
    state is chosen)."""
    return MailDelivery.objects.select_related("recipient")
