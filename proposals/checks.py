"""What stands between a proposal and its submission: one list of problems, shown on the review step and enforced by
submit_proposal. Other modules (attachments) add their own checks with `register_submission_check`.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from competitions.enums import GroupKind, ProposalSection
from competitions.models import JAKARTA
from competitions.queries import is_invited_to_special_group

from .enums import FormStep, ProposalState
from .models import Proposal, count_words
from .replication import source_problems
from .steps import step_of_section


@dataclass(frozen=True)
class Problem:
    """One reason a proposal cannot be submitted yet, and the form step where it is fixed."""

    step: str
    message: str
    field: str = ""


SubmissionCheck = Callable[[Proposal], list[Problem]]
_EXTRA_CHECKS: list[SubmissionCheck] = []


def register_submission_check(check: SubmissionCheck) -> None:
    """Add a check run for every submit (e.g. required attachments); registering twice has no effect."""
    if check not in _EXTRA_CHECKS:
        _EXTRA_CHECKS.append(check)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, clamped to the month's end (31 March − 1 month = 28/29 February)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_eligible_start(proposal: Proposal) -> dt.date | None:
    """The latest implementation start date that has run the edition's minimum before submission closes."""
    closes_at = proposal.edition.submission_closes_at()
    if closes_at is None:
        return None
    close_day = timezone.localtime(closes_at, JAKARTA).date()
    return months_before(close_day, proposal.edition.minimum_months_running)


def deadline_problem(proposal: Proposal, now: dt.datetime) -> Problem | None:
    edition = proposal.edition
    if proposal.state == ProposalState.RETURNED and proposal.revision_deadline:
        if now >= proposal.edit_closes_at():
            return Problem(FormStep.REVIEW, _("The revision deadline has passed."), "deadline")
        return None
    if edition.submission_closes_at() is None:
        return Problem(FormStep.REVIEW, _("The edition has no submission period."), "deadline")
    if not edition.is_submission_open(now):
        if now >= edition.submission_closes_at():
            return Problem(FormStep.REVIEW, _("Submission for this edition has closed."), "deadline")
        return Problem(FormStep.REVIEW, _("Submission for this edition has not opened yet."), "deadline")
    return None


def basics_problems(proposal: Proposal) -> list[Problem]:
    problems = []
    required = {
        "title": proposal.title,
        "implementation_started_on": proposal.implementation_started_on,
        "innovator_name": proposal.innovator_name,
        "innovator_phone": proposal.innovator_phone,
        "innovator_email": proposal.innovator_email,
    }
    for field, value in required.items():
        if not value:
            label = capfirst(Proposal._meta.get_field(field).verbose_name)
            problems.append(Problem(FormStep.BASICS, _("%(field)s is required.") % {"field": label}, field))
    cutoff = latest_eligible_start(proposal)
    started = proposal.implementation_started_on
    if started and cutoff and started > cutoff:
        problems.append(
            Problem(
                FormStep.BASICS,
                _(
                    "The innovation must have run at least %(months)s months before submission closes: it must "
                    "have started on or before %(cutoff)s."
                )
                % {"months": proposal.edition.minimum_months_running, "cutoff": date_format(cutoff, "DATE_FORMAT")},
                "implementation_started_on",
            )
        )
    return problems


def section_problems(proposal: Proposal) -> list[Problem]:
    """Empty sections and sections over the edition's word limit (reads prefetched sections and word limits)."""
    texts = proposal.section_texts()
    problems = []
    for section in proposal.sections_for_group:
        text = texts.get(section, "").strip()
        name = ProposalSection(section).label
        step = step_of_section(proposal, section)
        if not text:
            problems.append(Problem(step, _("%(section)s is empty.") % {"section": name}, section))
            continue
        limit = proposal.edition.word_limit(section)
        words = count_words(text)
        if limit is not None and words > limit:
            problems.append(
                Problem(
                    step,
                    _("%(section)s has %(words)s words; the limit is %(limit)s.")
                    % {"section": name, "words": words, "limit": limit},
                    section,
                )
            )
    return problems


def replication_problems(proposal: Proposal) -> list[Problem]:
    if not proposal.is_replication:
        return []
    problems = [Problem(FormStep.REPLICATION, message, field) for field, message in source_problems(proposal)]
    if not proposal.replication_adaptation.strip():
        problems.append(
            Problem(FormStep.REPLICATION, _("Explain what was adapted from the original."), "replication_adaptation")
        )
    return problems


def special_group_problems(proposal: Proposal) -> list[Problem]:
    """Kelompok Khusus is by invitation: without one the group is closed to the agency (and to its quota bypass)."""
    if proposal.group != GroupKind.SPECIAL or is_invited_to_special_group(proposal.edition, proposal.agency_id):
        return []
    message = _("The special group is by invitation of Biro Organisasi, and your agency has not been invited.")
    return [Problem(FormStep.BASICS, message, "group")]


def declaration_problems(proposal: Proposal) -> list[Problem]:
    if proposal.declaration_accepted_at is None:
        return [Problem(FormStep.REVIEW, _("The truthfulness declaration has not been accepted."), "declaration")]
    return []


def content_problems(proposal: Proposal) -> list[Problem]:
    """Everything about the content that blocks a submit, in form order (no deadline, state or quota)."""
    problems = [
        *special_group_problems(proposal),
        *basics_problems(proposal),
        *section_problems(proposal),
        *replication_problems(proposal),
    ]
    for check in _EXTRA_CHECKS:
        problems.extend(check(proposal))
    problems.extend(declaration_problems(proposal))
    return problems


def submission_problems(proposal: Proposal, *, now: dt.datetime | None = None) -> list[Problem]:
    now = now or timezone.now()
    deadline = deadline_problem(proposal, now)
    return ([deadline] if deadline else []) + content_problems(proposal)
