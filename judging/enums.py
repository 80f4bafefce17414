"""States, kinds and defaults of judging. Judging progress lives here, never as new proposal states: a proposal that
PASSED administrative screening enters desk evaluation as a StageEntry, and each later stage admits a shortlist."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import StageKind


class RoundState(models.TextChoices):
    """The state of a stage's judging round. Judges see their entries once it opens; scores lock when it closes."""

    PREPARING = "preparing", pgettext_lazy("round state", "Preparing")
    OPEN = "open", pgettext_lazy("round state", "Open for scoring")
    CLOSED = "closed", pgettext_lazy("round state", "Closed")


R = RoundState

ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    # Organizers prepare panels and assignments, then open the round to the judges.
    R.PREPARING: frozenset({R.OPEN}),
    # Closing locks every score; an organizer may reopen the round (audited) to let late corrections in.
    R.OPEN: frozenset({R.CLOSED}),
    R.CLOSED: frozenset({R.OPEN}),
}
# Judges see their assigned entries (and may declare a conflict) in these states.
VISIBLE_TO_JUDGES = frozenset({R.OPEN, R.CLOSED})


class SheetStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("score sheet status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("score sheet status", "Submitted")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "auto", _("Automatic assignment")
    MANUAL = "manual", _("Added by an organizer")
    REASSIGNED = "reassigned", _("Replacement after a declared conflict")


class ConflictReason(models.TextChoices):
    """Why a judge may not judge an entry; one function (judging.rules.conflict_reason) decides."""

    SAME_AGENCY = "same_agency", _("the judge works for the submitting agency")
    PARENT_AGENCY = "parent_agency", _("the judge works for the submitting agency's parent agency")
    UNIT_OF_AGENCY = "unit_of_agency", _("the judge works for a unit of the submitting agency")
    SIBLING_UNIT = "sibling_unit", _("the judge works for another unit of the same parent agency")
    SAME_REGION_GOVERNMENT = (
        "same_region_government",
        _("the judge works for the regency/city government of the region the entry comes from"),
    )
    DECLARED = "declared", _("the judge declared a conflict of interest")


# Judges per entry unless the stage's round says otherwise (issue: "K judges (default 3)").
DEFAULT_JUDGES_PER_ENTRY = 3
# Spread (population standard deviation of the judges' weighted totals, 0–100 points) above which judges disagree.
DEFAULT_DISAGREEMENT_THRESHOLD = 15
# Desk evaluation reads only the written proposal, so by default the judges do not see who submitted it.
BLIND_BY_DEFAULT = frozenset({StageKind.DESK})
# The score column's hard range in the database; the service checks each criterion's own max_score.
SCORE_HARD_MAX = 1000

ACTION_PREFIX = "kovablik.judging."


class ExportKind(models.TextChoices):
    """The files an organizer (or a judge, for their own sheet) asks for; a task writes them (judging.export_jobs)."""

    RANKING = "ranking", _("Stage ranking")
    FINAL_RANKING = "final_ranking", _("Final ranking")
    SCORE_SHEETS = "score_sheets", _("Score sheets")
    JUDGE_SCORE_SHEET = "judge_score_sheet", _("A judge's score sheet (minutes)")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Removed")


EXPORT_FORMATS = {
    ExportKind.RANKING: ("csv", "xlsx"),
    ExportKind.FINAL_RANKING: ("csv", "xlsx"),
    ExportKind.SCORE_SHEETS: ("csv", "xlsx"),
    ExportKind.JUDGE_SCORE_SHEET: ("pdf",),
}


class Attendance(models.TextChoices):
    """How a finalist came to its slot, as the session's chair records it on the day."""

    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")


class MoveRequestState(models.TextChoices):
    """An agency's request to move its presentation slot, answered by the organizers."""

    PENDING = "pending", _("Awaiting an answer")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class VisitMode(models.TextChoices):
    """How a field verification takes place: at the service's site, or online with the innovator and its users."""

    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class ChecklistVerdict(models.TextChoices):
    """What the visiting judges found for one checklist item."""

    YES = "yes", _("Yes, as described")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_SEEN = "not_seen", _("Could not be checked")


# The checklist an edition starts from (the organizers edit it per edition): what a field verification looks for.
DEFAULT_CHECKLIST = [
    (
        _("The evidence matches the proposal"),
        _("Documents, data and the service itself match what the proposal says."),
    ),
    (_("Users confirm the benefit"), _("Service users met or called confirm what changed for them.")),
    (_("The service runs as described"), _("The innovation is in use today, in the way the proposal describes.")),
    (
        _("Sustainability in practice"),
        _("Budget, staff, rules or partners keep the innovation going beyond its founders."),
    ),
]
