"""Proposal states and the one table of which state may follow which.

The judging issue adds its states after PASSED (the entry point for judging): add members to ProposalState and rows
to ALLOWED_TRANSITIONS; the named groups below are derived so that new states count toward the quota by default.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    RETURNED = "returned", pgettext_lazy("proposal state", "Returned for revision")
    PASSED = "passed", pgettext_lazy("proposal state", "Passed screening")
    REJECTED = "rejected", pgettext_lazy("proposal state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "Withdrawn")


S = ProposalState

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # A draft is submitted, or discarded (withdrawn) without being deleted, so nothing typed is ever lost.
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    # Administrative screening decides; the agency may withdraw until it does.
    S.SUBMITTED: frozenset({S.PASSED, S.RETURNED, S.REJECTED, S.WITHDRAWN}),
    # The agency revises and resubmits before the revision deadline, or gives up; organizers may reject it late.
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN, S.REJECTED}),
    # Judging states follow PASSED (added by the judging app's issue).
    S.PASSED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# Every state other than draft or withdrawn occupies one of the agency's quota places (domain: "3 submitted").
NOT_COUNTING_TOWARD_QUOTA = frozenset({S.DRAFT, S.WITHDRAWN})
COUNTS_TOWARD_QUOTA = frozenset(set(S.values) - NOT_COUNTING_TOWARD_QUOTA)
# The agency may change the content (until the submission close, or the revision deadline when returned).
OPEN_FOR_EDIT = frozenset({S.DRAFT, S.RETURNED})
AWAITING_SCREENING = frozenset({S.SUBMITTED})
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED})
# A draft counts here when it is still waiting for the agency admin to submit it.
NOT_YET_SUBMITTED = frozenset({S.DRAFT, S.RETURNED})
FINAL = frozenset({S.REJECTED, S.WITHDRAWN})
# Candidates a Replikasi proposal may pick as its source; the publication issue narrows this to published winners.
REPLICABLE = frozenset({S.PASSED})


class ScreeningDecision(models.TextChoices):
    PASS = "pass", _("Pass")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Reject")


DECISION_STATES = {
    ScreeningDecision.PASS: S.PASSED,
    ScreeningDecision.RETURN: S.RETURNED,
    ScreeningDecision.REJECT: S.REJECTED,
}


class FormStep(models.TextChoices):
    """The steps of the proposal form in order; which apply depends on the group (see proposals.steps)."""

    BASICS = "basics", _("Basics")
    NARRATIVE = "narrative", _("Narrative, part 1")
    NARRATIVE_MORE = "narrative-more", _("Narrative, part 2")
    REPLICATION = "replication", _("Replication source")
    ATTACHMENTS = "attachments", _("Attachments")
    REVIEW = "review", _("Declaration and review")


# Days before the submission close on which agencies with unsubmitted drafts are reminded (per command run).
DEFAULT_REMINDER_DAYS = (7, 3, 1)

ACTION_PREFIX = "kovablik.proposal."
