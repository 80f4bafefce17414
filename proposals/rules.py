"""Who may do what with proposals: each capability is named here once and read by services, views and templates.

Object permissions take a Proposal. Scope (which proposals a user can reach at all) is queries.proposals_for_user;
these predicates decide what a user may do with a proposal already in their scope.
"""

import rules

from competitions.rules import is_agency_admin, is_agency_member, is_organizer, roles_of


@rules.predicate
def is_proposal_agency_member(user, proposal) -> bool:
    return proposal is not None and roles_of(user).agency_id == proposal.agency_id


@rules.predicate
def is_proposal_agency_admin(user, proposal) -> bool:
    roles = roles_of(user)
    return proposal is not None and roles.is_agency_admin and roles.agency_id == proposal.agency_id


# Agency side: drafters (unit staff) prepare drafts; only the agency admin (Admin Lokal) submits and withdraws.
rules.add_perm("proposals.view_agency_proposals", is_agency_member)
rules.add_perm("proposals.create_proposal", is_agency_member)
rules.add_perm("proposals.change_proposal", is_proposal_agency_member)
rules.add_perm("proposals.submit_proposal", is_proposal_agency_admin)
rules.add_perm("proposals.withdraw_proposal", is_proposal_agency_admin)
rules.add_perm("proposals.manage_drafters", is_agency_admin)

# Reading a proposal and its history: its agency and the organizers (judges get access through judging).
rules.add_perm("proposals.view_proposal", is_proposal_agency_member | is_organizer)

# Organizer side.
rules.add_perm("proposals.screen_proposal", is_organizer)
rules.add_perm("proposals.extend_submission_deadline", is_organizer)
