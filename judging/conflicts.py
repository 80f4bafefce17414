"""Conflict of interest: the one rule that automatic assignment, manual assignment and the pages all apply.

A judge may not judge an entry when the judge's affiliated agency (competitions.Judge.agency)
- is the submitting agency;
- is its parent agency, or one of its units, or another unit under the same parent (siblings);
- is the regency/city government of the region the entry comes from: the region the submitting agency serves
  (Agency.region) or the region where the innovation runs (Proposal.region);
or when the judge declared a conflict on the proposal (ConflictDeclaration), which holds for every stage.

The rule is a pure function over `AgencyFacts` so that the assignment planner can check thousands of pairs without a
query each; `ConflictIndex` loads the facts an edition needs in a constant number of queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from competitions.enums import AgencyKind
from competitions.models import Agency, Judge

from .enums import ConflictReason
from .models import ConflictDeclaration


@dataclass(frozen=True)
class AgencyFacts:
    id: int
    parent_id: int | None
    kind: str
    region_id: int | None
    name: str = ""


def facts_of(agency: Agency | None) -> AgencyFacts | None:
    if agency is None:
        return None
    return AgencyFacts(agency.pk, agency.parent_id, agency.kind, agency.region_id, agency.name)


def conflict_reason(
    judge_agency: AgencyFacts | None,
    entry_agency: AgencyFacts,
    *,
    entry_region_id: int | None = None,
    declared: bool = False,
) -> str | None:
    """The ConflictReason that bars the judge from the entry, or None when there is none.

    `entry_region_id` is the proposal's own region (where the innovation runs), considered besides the region the
    submitting agency serves. The declared conflict is checked last so that a structural reason is named first.
    """
    if judge_agency is not None:
        if judge_agency.id == entry_agency.id:
            return ConflictReason.SAME_AGENCY
        if entry_agency.parent_id is not None and judge_agency.id == entry_agency.parent_id:
            return ConflictReason.PARENT_AGENCY
        if judge_agency.parent_id is not None and judge_agency.parent_id == entry_agency.id:
            return ConflictReason.UNIT_OF_AGENCY
        if judge_agency.parent_id is not None and judge_agency.parent_id == entry_agency.parent_id:
            return ConflictReason.SIBLING_UNIT
        if judge_agency.kind == AgencyKind.REGENCY_CITY and judge_agency.region_id is not None:
            entry_regions = {entry_agency.region_id, entry_region_id} - {None}
            if judge_agency.region_id in entry_regions:
                return ConflictReason.SAME_REGION_GOVERNMENT
    if declared:
        return ConflictReason.DECLARED
    return None


def describe_conflict(reason: str, *, judge: Judge | str, entry_title: str) -> str:
    """A sentence naming the judge, the entry and the reason, for messages and reports."""
    return _("%(judge)s cannot judge “%(entry)s”: %(reason)s.") % {
        "judge": judge,
        "entry": entry_title,
        "reason": ConflictReason(reason).label,
    }


class ConflictIndex:
    """The facts needed to check many judge/entry pairs: every agency involved and the declared conflicts.

    Two queries whatever the number of pairs: the agencies (small: ~1,500 rows in East Java) and the declarations
    of the given proposals.
    """

    def __init__(self, *, proposal_ids: Iterable[int], agency_ids: Iterable[int] | None = None):
        """`agency_ids`, when given, limits the agencies loaded to those the pairs will be checked with (the judges'
        and the entries' own agencies: the rule compares parents and regions by id)."""
        agencies = Agency.objects.all()
        if agency_ids is not None:
            agencies = agencies.filter(pk__in=list(agency_ids))
        self.agencies = {
            row["id"]: AgencyFacts(row["id"], row["parent_id"], row["kind"], row["region_id"], row["name"])
            for row in agencies.values("id", "parent_id", "kind", "region_id", "name")
        }
        self.declared = set(
            ConflictDeclaration.objects.filter(proposal_id__in=list(proposal_ids)).values_list(
                "judge_id", "proposal_id"
            )
        )

    def reason(
        self,
        *,
        judge_id: int,
        judge_agency_id: int | None,
        proposal_id: int,
        agency_id: int,
        region_id: int | None,
    ) -> str | None:
        return conflict_reason(
            self.agencies.get(judge_agency_id) if judge_agency_id else None,
            self.agencies[agency_id],
            entry_region_id=region_id,
            declared=(judge_id, proposal_id) in self.declared,
        )


def conflict_for(judge: Judge, proposal) -> str | None:
    """The conflict between one judge and one proposal (a few queries; for manual assignment and pages)."""
    judge_agency = facts_of(judge.agency) if judge.agency_id else None
    declared = ConflictDeclaration.objects.filter(judge=judge, proposal=proposal).exists()
    return conflict_reason(
        judge_agency, facts_of(proposal.agency), entry_region_id=proposal.region_id, declared=declared
    )
