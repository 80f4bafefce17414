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
# The truthfulness declaration is the agency's: its admin signs it, a drafter cannot.
rules.add_perm("proposals.sign_declaration", is_proposal_agency_admin)
rules.add_perm("proposals.withdraw_proposal", is_proposal_agency_admin)


@rules.predicate
def is_admin_of_new_or_own_proposal(user, proposal) -> bool:
    """Without a proposal (a draft being started): the user is an agency admin; with one: its agency's admin."""
    return is_agency_admin(user) if proposal is None else is_proposal_agency_admin(user, proposal)


# The innovator's consent to be named publicly (UU 27/2022) is the agency's to record, through its admin.
rules.add_perm("proposals.record_innovator_consent", is_admin_of_new_or_own_proposal)
rules.add_perm("proposals.manage_drafters", is_agency_admin)

# Reading a proposal and its history: its agency and the organizers (judges get access through judging).
rules.add_perm("proposals.view_proposal", is_proposal_agency_member | is_organizer)

# Organizer side.
rules.add_perm("proposals.screen_proposal", is_organizer)
rules.add_perm("proposals.extend_submission_deadline", is_organizer)


# --- Attachments (proposals/views/attachments.py) ---
# Downloading a proposal's file: its agency, organizers, the judges assigned to it, and the public once the innovation
# is published. Apps above this one (judging, publication) must not be imported here, so they plug their rules in
# from their own modules; until they do, only the agency and organizers can download.

_attachment_readers: list = []
_published_attachment_checks: list = []


def register_attachment_reader(predicate) -> None:
    """Let another app grant downloads to some users: `predicate(user, attachment) -> bool` (the assigned judges)."""
    if predicate not in _attachment_readers:
        _attachment_readers.append(predicate)


def register_published_attachment_check(check) -> None:
    """Let publication make a file public, anonymous visitors included: `check(attachment) -> bool`."""
    if check not in _published_attachment_checks:
        _published_attachment_checks.append(check)


@rules.predicate
def is_registered_attachment_reader(user, attachment) -> bool:
    """The hook for assigned judges (judging): False until a reader is registered."""
    return attachment is not None and any(reader(user, attachment) for reader in _attachment_readers)


@rules.predicate
def is_attachment_published(user, attachment) -> bool:
    """The hook for the public once the innovation is published (publication): False until a check is registered."""
    return attachment is not None and any(check(attachment) for check in _published_attachment_checks)


@rules.predicate
def is_attachment_agency_member(user, attachment) -> bool:
    return attachment is not None and roles_of(user).agency_id == attachment.proposal.agency_id


can_view_attachment = (
    is_attachment_agency_member | is_organizer | is_registered_attachment_reader | is_attachment_published
)
rules.add_perm("proposals.view_attachment", can_view_attachment)
