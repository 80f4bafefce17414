"""Group eligibility from the award history (issue 16, item 1): Kelompok Umum and Kelompok Replikasi are for
innovations that have not won, Kelompok Khusus for an earlier winner. The history is the innovation's lineage
across editions (proposals.queries.lineage_ids: the earlier entries it names, and the agency's earlier entries of
the same title) and the awards this app keeps: a published KOVABLIK award (a Top N place or a named award) or a
national award (Top 45 Top Inovasi Terpuji, Top 5 Outstanding Achievement).

Registered as a submission check (proposals.checks), as the source of replicable innovations (proposals.queries)
and of the awards a Kelompok Khusus invitation builds on (competitions.queries), so those apps ask without
importing this one.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from competitions.enums import GroupKind
from competitions.models import Edition, SpecialGroupInvitation
from competitions.queries import InvitationGround
from proposals.checks import Problem
from proposals.enums import FormStep
from proposals.models import Proposal
from proposals.queries import lineage_ids

from .enums import NATIONAL_AWARDS, AwardKind, AwardState, NationalOutcome
from .models import Award, InvitationAward, NationalNomination

# A KOVABLIK win: a place in a group's Top N or a named award (a nomination is not a win).
WINNING_AWARD_KINDS = (AwardKind.RANKED, AwardKind.SPECIAL)


@dataclass(frozen=True)
class EarlierWin:
    year: int
    title: str
    label: str
    kovablik: bool  # a KOVABLIK award (else a national one)


def winning_awards() -> QuerySet[Award]:
    return Award.objects.filter(state=AwardState.PUBLISHED, kind__in=WINNING_AWARD_KINDS)


def earlier_wins(proposal: Proposal) -> list[EarlierWin]:
    """The wins of the innovation's earlier entries, oldest first: two queries."""
    earlier = lineage_ids(proposal)
    if not earlier:
        return []
    wins = [
        EarlierWin(award.edition.year, award.proposal.title, award_label(award), kovablik=True)
        for award in winning_awards().filter(proposal_id__in=earlier).select_related("edition", "proposal")
    ]
    wins += [
        EarlierWin(
            nomination.year, nomination.proposal.title, str(NationalOutcome(nomination.outcome).label), kovablik=False
        )
        for nomination in NationalNomination.objects.filter(
            proposal_id__in=earlier, outcome__in=NATIONAL_AWARDS
        ).select_related("proposal")
    ]
    return sorted(wins, key=lambda win: win.year)


def award_label(award: Award) -> str:
    if award.kind == AwardKind.RANKED:
        return _("KOVABLIK %(year)s, rank %(rank)s in %(group)s") % {
            "year": award.edition.year,
            "rank": award.rank,
            "group": GroupKind(award.group).label,
        }
    return _("KOVABLIK %(year)s, %(title)s") % {"year": award.edition.year, "title": award.title}


def last_special_award_year(edition: Edition) -> int:
    """Kelompok Khusus is for winners at least a year after their award: the newest KOVABLIK year that counts."""
    return edition.year - 1


def group_history_problems(proposal: Proposal) -> list[Problem]:
    wins = earlier_wins(proposal)
    if proposal.group in (GroupKind.GENERAL, GroupKind.REPLICATION) and wins:
        win = wins[-1]
        return [
            Problem(
                FormStep.BASICS,
                _(
                    "“%(title)s” already won (%(award)s). %(group)s is for innovations that have not won; an earlier "
                    "winner that developed further enters Kelompok Khusus when Biro Organisasi invites its agency."
                )
                % {"title": win.title, "award": win.label, "group": GroupKind(proposal.group).label},
                "group",
            )
        ]
    if proposal.group == GroupKind.SPECIAL:
        last_eligible_year = last_special_award_year(proposal.edition)
        if not any(win.kovablik and win.year <= last_eligible_year for win in wins):
            message = _(
                "Kelompok Khusus is for an earlier KOVABLIK winner that developed further, at least a year after its "
                "award (KOVABLIK %(year)s or earlier). Under “Entered before as”, choose the winning entry."
            ) % {"year": last_eligible_year}
            return [Problem(FormStep.BASICS, message, "earlier_entry")]
    return []


def replicable_proposal_ids(edition: Edition) -> QuerySet:
    """Earlier award-winning innovations: the ones a replication may name as its source."""
    return winning_awards().filter(edition__year__lt=edition.year).values("proposal_id")


def invitation_grounds(edition: Edition) -> list[InvitationGround]:
    """The wins a Kelompok Khusus invitation of `edition` may build on: the published KOVABLIK wins of agencies not
    invited yet, at least a year old (two queries)."""
    invited = edition.special_invitations.values("agency_id")
    wins = (
        winning_awards()
        .filter(edition__year__lte=last_special_award_year(edition), proposal__agency__is_active=True)
        .exclude(proposal__agency_id__in=invited)
        .select_related("edition", "proposal__agency")
        .order_by("proposal__agency__name", "-edition__year", "rank", "pk")
    )
    return [
        InvitationGround(
            key=f"award:{award.pk}",
            agency_id=award.proposal.agency_id,
            agency_name=award.proposal.agency.name,
            label=f"{award_label(award)}: {award.proposal.title}",
        )
        for award in wins
    ]


def link_invitation(invitation: SpecialGroupInvitation, ground: InvitationGround) -> None:
    InvitationAward.objects.create(invitation=invitation, award_id=int(ground.key.removeprefix("award:")))
