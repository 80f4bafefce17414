"""Who may do what in judging: each capability is named here once and read by services, views and templates.

What a judge may see or do in a stage is data on the stage's round (judging.models.StageRound), read by these
predicates. Object permissions take an Assignment (the judge's link to an entry); scope (which assignments a judge
reaches at all) is queries.assignments_for_judge, so an entry not assigned to the judge is a 404, never a 403.
"""

import rules

from competitions.rules import is_agency_admin, is_agency_member, is_judge, is_organizer, roles_of
from proposals import rules as proposal_rules

from .enums import VISIBLE_TO_JUDGES, RoundState
from .models import Assignment, PanelMember
from .queries import round_for


def _round(assignment):
    return round_for(assignment.entry.stage)


@rules.predicate
def is_assigned_judge(user, assignment) -> bool:
    return assignment is not None and roles_of(user).judge_id == assignment.judge_id


@rules.predicate
def round_visible(user, assignment) -> bool:
    return assignment is not None and _round(assignment).state in VISIBLE_TO_JUDGES


@rules.predicate
def round_accepts_scores(user, assignment) -> bool:
    return assignment is not None and _round(assignment).accepts_scores


@rules.predicate
def round_not_closed(user, assignment) -> bool:
    return assignment is not None and _round(assignment).state != RoundState.CLOSED


@rules.predicate
def others_visible_after_close(user, assignment) -> bool:
    """Judges never see other judges' scores while a stage is open; after it closes, only if the round allows."""
    if assignment is None:
        return False
    stage_round = _round(assignment)
    return stage_round.is_closed and stage_round.see_other_scores_after_close


@rules.predicate
def round_is_blind(user, assignment) -> bool:
    return assignment is not None and _round(assignment).blind


# Judges
rules.add_perm("judging.view_my_entries", is_judge)
rules.add_perm("judging.view_entry", is_assigned_judge & round_visible)
rules.add_perm("judging.score_entry", is_assigned_judge & round_accepts_scores)
rules.add_perm("judging.declare_conflict", is_assigned_judge & round_visible & round_not_closed)
rules.add_perm("judging.view_other_scores", is_organizer | (is_assigned_judge & others_visible_after_close))
# The submitting agency's identity: hidden from judges in a blind round.
rules.add_perm("judging.view_entry_agency", is_organizer | (is_assigned_judge & ~round_is_blind))

# Organizers
rules.add_perm("judging.manage_panels", is_organizer)
rules.add_perm("judging.assign_judges", is_organizer)
rules.add_perm("judging.reopen_scores", is_organizer)
rules.add_perm("judging.manage_rounds", is_organizer)


# Attachments: proposals.rules lets apps above it grant downloads (register_attachment_reader), so that proposals
# never imports judging. A judge reaches the files of a proposal assigned to them in a round that is open or closed.
# (In a blind round the files may still name the agency: the service documents are the agency's own decrees.)
def is_judge_of_attachment(user, attachment) -> bool:
    judge_id = roles_of(user).judge_id
    if attachment is None or judge_id is None:
        return False
    return Assignment.objects.filter(
        judge_id=judge_id, entry__proposal_id=attachment.proposal_id, entry__stage__round__state__in=VISIBLE_TO_JUDGES
    ).exists()


proposal_rules.register_attachment_reader(is_judge_of_attachment)


# Organizers: the ranking, shortlists, progress, reminders, the judging audit and exports (judging/ranking.py,
# shortlist.py, progress.py, exports.py). Closing a stage is judging.manage_rounds; reopening a sheet reopen_scores.
rules.add_perm("judging.view_ranking", is_organizer)
rules.add_perm("judging.advance_shortlist", is_organizer)
rules.add_perm("judging.view_progress", is_organizer)
rules.add_perm("judging.remind_judges", is_organizer)
rules.add_perm("judging.view_judging_audit", is_organizer)
rules.add_perm("judging.export_scores", is_organizer)
# Judges: their own score sheet of a stage as the jury's minutes (scope: stages with their assignments).
rules.add_perm("judging.confirm_score_sheet", is_judge)
# Downloading a written export: organizers any, judges the ones they asked for (scoped in export_jobs.exports_for).
rules.add_perm("judging.download_export", is_organizer | is_judge)

# The presentation schedule: organizers run it; an agency answers for its own slots (scope:
# schedule.queries.slots_of_agency, so another agency's slot is a 404); a judge reads their panels' slots.
rules.add_perm("judging.manage_schedule", is_organizer)
rules.add_perm("judging.view_agency_slots", is_agency_member)
rules.add_perm("judging.answer_slot", is_agency_admin)
rules.add_perm("judging.view_my_schedule", is_judge)


@rules.predicate
def can_read_materials(user, materials) -> bool:
    """A finalist's materials: its agency's members, and the judges who sit before it (its panel's, or assigned to
    the entry in a round they can see). Organizers by is_organizer below."""
    if materials is None:
        return False
    roles = roles_of(user)
    entry = materials.entry
    if roles.agency_id is not None and roles.agency_id == entry.proposal.agency_id:
        return True
    if roles.judge_id is None:
        return False
    if Assignment.objects.filter(
        judge_id=roles.judge_id, entry_id=entry.pk, entry__stage__round__state__in=VISIBLE_TO_JUDGES
    ).exists():
        return True
    return PanelMember.objects.filter(
        judge_id=roles.judge_id,
        panel__sessions__slots__entry_id=entry.pk,
        panel__sessions__stage__round__schedule_published_at__isnull=False,
    ).exists()


rules.add_perm("judging.view_materials", is_organizer | can_read_materials)


@rules.predicate
def chairs_the_session(user, slot) -> bool:
    return slot is not None and slot.session.chair_id is not None and roles_of(user).judge_id == slot.session.chair_id


rules.add_perm("judging.record_attendance", is_organizer | chairs_the_session)


# Field verification: organizers plan it; an agency reads its own published visits (scope:
# visits.queries.visits_of_agency); the visiting judges write the report; the entry's judges in that stage read it.
rules.add_perm("judging.manage_visits", is_organizer)
rules.add_perm("judging.view_agency_visits", is_agency_member)
rules.add_perm("judging.view_my_visits", is_judge)


def _published(visit) -> bool:
    return round_for(visit.entry.stage).schedule_published_at is not None


@rules.predicate
def is_visiting_judge(user, visit) -> bool:
    judge_id = roles_of(user).judge_id
    return (
        visit is not None
        and judge_id is not None
        and _published(visit)
        and any(judge.pk == judge_id for judge in visit.judges.all())
    )


@rules.predicate
def judges_the_visited_entry(user, visit) -> bool:
    judge_id = roles_of(user).judge_id
    return (
        visit is not None
        and judge_id is not None
        and Assignment.objects.filter(
            judge_id=judge_id, entry_id=visit.entry_id, entry__stage__round__state__in=VISIBLE_TO_JUDGES
        ).exists()
    )


rules.add_perm("judging.view_visit_report", is_organizer | is_visiting_judge | judges_the_visited_entry)
rules.add_perm("judging.write_visit_report", is_visiting_judge)
# Where a photo was taken (the camera's position) is for organizers only.
rules.add_perm("judging.view_photo_location", is_organizer)
