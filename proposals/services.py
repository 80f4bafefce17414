"""Writes for proposals: one function per use case, each guarded, atomic, audited, and mailing after commit.

Nothing else assigns `Proposal.state`: every transition goes through `set_proposal_state`.
"""

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.enums import GroupKind, PhaseKind
from competitions.models import Agency, Category, Edition, Phase, jakarta_today
from competitions.rules import roles_of
from competitions.services import AccountRole, create_person, refresh_edition
from core.audit import log_action, log_event
from core.exceptions import DomainError
from core.models import ActionLog

from . import declarations, notifications, replication
from .checks import Problem, submission_problems
from .enums import (
    ALLOWED_TRANSITIONS,
    COUNTS_TOWARD_QUOTA,
    DECISION_STATES,
    FormStep,
    ProposalState,
    ScreeningDecision,
)
from .models import Proposal, ProposalSectionText, ProposalStateChange
from .queries import (
    counts_toward_quota,
    earlier_entry_candidates,
    quota_counted,
    quota_holder_id,
)
from .steps import sections_for_step

BASICS_FIELDS = (
    "title",
    "category",
    "group",
    "implementation_started_on",
    "innovator_name",
    "innovator_phone",
    "innovator_email",
    "region",
    "video_url",
    "earlier_entry",
)
# The replication step's own field on the proposal; its sources are slots (replication.SLOT_FIELDS).
REPLICATION_FIELDS = ("replication_adaptation",)


CONSENT_FIELD = "innovator_consent"
CONSENT_CHANGED = "kovablik.proposal.innovator_consent_changed"
EDITED = "kovablik.proposal.edited"


class StaleProposalStep(DomainError):
    """The step's form was loaded at an older edit version: someone (another person or tab) saved the proposal
    since. Nothing was saved. `newer` holds, per field of this step, the value saved meanwhile wherever it differs
    from what this form sent; `version` is the current edit version, `edited_by` and `edited_at` the last save."""

    def __init__(self, proposal: Proposal, *, step: str, newer: dict[str, str], edited_by: str, edited_at):
        super().__init__(
            _(
                "Not saved: this proposal was changed elsewhere (by another person or in another tab) after you "
                "opened this page. Your text is still in the form; where the saved text now differs, it is shown "
                "below the field. Compare, keep what is right and save again."
            )
        )
        self.version = proposal.edit_version(step)
        self.newer = newer
        self.edited_by = edited_by
        self.edited_at = edited_at


class SubmissionRefused(DomainError):
    """A submit refused for content reasons; `problems` lists each one with the step that fixes it."""

    def __init__(self, message, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


def action_code(old_state: str, new_state: str) -> str:
    if old_state == ProposalState.RETURNED and new_state == ProposalState.SUBMITTED:
        return "kovablik.proposal.resubmitted"
    return f"kovablik.proposal.{new_state}"


@transaction.atomic
def set_proposal_state(proposal: Proposal, new_state: str, *, actor, note: str = "") -> ProposalStateChange:
    """The one door for a state change: checks ALLOWED_TRANSITIONS, saves only the state fields, writes the history
    row and the audit entry, and queues the agency's notification for after the commit."""
    old_state = proposal.state
    if new_state not in ALLOWED_TRANSITIONS.get(old_state, frozenset()):
        raise DomainError(
            _("A proposal that is “%(from)s” cannot become “%(to)s”.")
            % {"from": ProposalState(old_state).label, "to": ProposalState(new_state).label}
        )
    now = timezone.now()
    proposal.state = new_state
    fields = ["state", "updated_at"]
    if new_state == ProposalState.SUBMITTED:
        proposal.submitted_at = now
        fields.append("submitted_at")
    proposal.save(update_fields=fields)
    change = ProposalStateChange.objects.create(
        proposal=proposal,
        from_state=old_state,
        to_state=new_state,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        created_at=now,
    )
    log_action(
        proposal,
        action_code(old_state, new_state),
        actor=actor,
        data={"from": old_state, "to": new_state, "note": note},
    )
    notifications.queue_state_mail(proposal, change)
    return change


def _require(actor, permission: str, obj=None, message: str | None = None) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise DomainError(message or _("Your account may not do this."))


def _check_editable(proposal: Proposal, now: dt.datetime) -> None:
    if not proposal.is_open_for_edit:
        raise DomainError(
            _("A proposal that is “%(state)s” can no longer be edited.") % {"state": proposal.get_state_display()}
        )
    if not proposal.is_editable(now):
        if proposal.state == ProposalState.RETURNED and proposal.revision_deadline:
            raise DomainError(_("The revision deadline has passed; the proposal can no longer be edited."))
        raise DomainError(_("Submission for this edition has closed; drafts can no longer be edited."))


def _check_category_and_group(edition: Edition, category: Category, group: str) -> None:
    if category.edition_id != edition.pk:
        raise DomainError(_("Choose a category of this edition."))
    if group not in {g.kind for g in edition.groups.all()}:
        raise DomainError(_("This edition has no such group."))


@transaction.atomic
def create_draft(
    *, edition: Edition, agency: Agency, actor, title: str, category: Category, group: str, **basics: Any
) -> Proposal:
    """Start a draft for `agency` (any member may); other basics fields may follow in `basics`."""
    _require(actor, "proposals.create_proposal")
    if roles_of(actor).agency_id != agency.pk:
        raise DomainError(_("You can only prepare proposals for your own agency."))
    closes_at = edition.submission_closes_at()
    if closes_at is None or timezone.now() >= closes_at:
        raise DomainError(_("Submission for this edition has closed; no new drafts can be started."))
    _check_category_and_group(edition, category, group)
    consent = basics.pop(CONSENT_FIELD, None)
    unknown = set(basics) - set(BASICS_FIELDS)
    if unknown:
        raise ValueError(f"Not a basics field: {sorted(unknown)}")
    proposal = Proposal.objects.create(
        edition=edition,
        agency=agency,
        title=title.strip(),
        category=category,
        group=group,
        created_by=actor,
        **basics,
    )
    log_action(proposal, "kovablik.proposal.created", actor=actor, data={"title": proposal.title, "group": group})
    if consent:
        record_innovator_consent(proposal, consent=True, actor=actor)
    return proposal


@transaction.atomic
def record_innovator_consent(proposal: Proposal, *, consent: bool, actor, now: dt.datetime | None = None) -> bool:
    """Record whether the innovator agreed to be named publicly (name, phone and email on the catalogue, the results
    and the open data), with who recorded it and when; returns whether it changed. Only the agency's admin records
    it. The audit keeps the choice before and after, never the personal values. Callers that show the proposal
    publicly (publication) invalidate their caches."""
    _require(
        actor,
        "proposals.record_innovator_consent",
        proposal,
        _("Only the agency's admin records the innovator's consent."),
    )
    consent = bool(consent)
    current = Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list(CONSENT_FIELD, flat=True).get()
    if current == consent:
        return False
    proposal.innovator_consent = consent
    proposal.innovator_consent_recorded_at = now or timezone.now()
    proposal.innovator_consent_recorded_by = actor if actor is not None and actor.is_authenticated else None
    proposal.save(
        update_fields=[CONSENT_FIELD, "innovator_consent_recorded_at", "innovator_consent_recorded_by", "updated_at"]
    )
    log_action(proposal, CONSENT_CHANGED, actor=actor, data={"before": current, "after": consent})
    return True


@transaction.atomic
def save_draft_step(
    proposal: Proposal,
    *,
    step: str,
    values: dict[str, Any],
    actor,
    now: dt.datetime | None = None,
    version: int | None = None,
) -> list[str]:
    """Save one step of the form. `values` holds that step's fields (for narrative steps: section → text).

    Section texts over their word limit are saved as typed (nothing is lost); submit refuses them. Returns the
    names of the fields that changed. Changing content withdraws an earlier truthfulness declaration. `version` is
    the edit version the form was loaded at: another one raises StaleProposalStep and saves nothing (the row is
    locked while comparing, so of two simultaneous saves from one version the second is refused).
    """
    _require(actor, "proposals.change_proposal", proposal)
    now = now or timezone.now()
    _check_editable(proposal, now)
    versions = Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("edit_versions").get()[0]
    current = int(versions.get(step, 0))
    if version is not None and version != current:
        proposal.refresh_from_db()
        stale = _stale(proposal, step=step, values=values, since=version)
        if stale.newer:
            raise stale
        # Saved meanwhile, but nothing this form would overwrite differs: the save goes ahead.
    changed = _save_step(proposal, step=step, values=values, actor=actor, now=now, version=current + 1)
    if changed:
        proposal.edit_versions = {**versions, step: current + 1}
        Proposal.objects.filter(pk=proposal.pk).update(edit_versions=proposal.edit_versions)
    return changed


def _save_step(
    proposal: Proposal, *, step: str, values: dict[str, Any], actor, now: dt.datetime, version: int
) -> list[str]:
    if step == FormStep.BASICS:
        earlier = values.get("earlier_entry")
        if (
            earlier is not None
            and not earlier_entry_candidates(proposal.edition, proposal.agency_id).filter(pk=earlier.pk).exists()
        ):
            raise DomainError(_("Choose one of your agency's entries in an earlier edition."))
        changed = _save_fields(proposal, values, BASICS_FIELDS)
        if "category" in changed or "group" in changed:
            _check_category_and_group(proposal.edition, proposal.category, proposal.group)
        # Consent is not content the declaration vouches for: it is recorded (and audited) on its own.
        consent = values.get(CONSENT_FIELD)
        consent_changed = (
            consent is not None
            and actor.has_perm("proposals.record_innovator_consent", proposal)
            and record_innovator_consent(proposal, consent=consent, actor=actor, now=now)
        )
    elif step in (FormStep.NARRATIVE, FormStep.NARRATIVE_MORE):
        changed = _save_sections(proposal, values, sections_for_step(proposal.group, step))
    elif step == FormStep.REPLICATION:
        changed = replication.save_sources(proposal, values)
        changed += _save_fields(proposal, values, REPLICATION_FIELDS)
        changed += _save_sections(proposal, values, sections_for_step(proposal.group, step))
    elif step == FormStep.REVIEW:
        return _save_declaration(proposal, values, actor=actor, now=now)
    else:
        raise ValueError(f"Step {step!r} has nothing to save here.")
    if changed:
        proposal.save(update_fields=["updated_at"])
        declarations.void_declaration(
            proposal, reason=_("“%(step)s” edited") % {"step": FormStep(step).label}, actor=actor, now=now
        )
        log_action(
            proposal,
            EDITED,
            actor=actor,
            data={"step": step, "changed": changed, "version": version},
        )
    if step == FormStep.BASICS and consent_changed:
        changed = [*changed, CONSENT_FIELD]
    return changed


def _field_value(value):
    """A form value as the row stores it: text stripped, a chosen object as its key."""
    if isinstance(value, str):
        return value.strip()
    return value.pk if isinstance(value, Model) else value


def _section_text(value) -> str:
    return (value or "").strip().replace("\r\n", "\n")


def _stored_fields(proposal: Proposal, fields: list[str]) -> dict[str, Any]:
    """The stored values of `fields` (read from the database, since a ModelForm may already have set them on the
    instance)."""
    attnames = {field: Proposal._meta.get_field(field).attname for field in fields}
    stored = Proposal.objects.filter(pk=proposal.pk).values(*attnames.values()).get()
    return {field: stored[attname] for field, attname in attnames.items()}


def _save_fields(proposal: Proposal, values: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """Save the given fields that differ from the stored row."""
    stored = _stored_fields(proposal, [field for field in allowed if field in values])
    changed = []
    for field in stored:
        value = values[field]
        setattr(proposal, field, value.strip() if isinstance(value, str) else value)
        if stored[field] != _field_value(value):
            changed.append(field)
    if changed:
        proposal.save(update_fields=changed)
    return changed


def _stale(proposal: Proposal, *, step: str, values: dict[str, Any], since: int) -> StaleProposalStep:
    """What the page needs to show a refused save: each field of the step that was saved since version `since`
    (from the audit log) and now differs from what the form sent, as the saved value reads, and who saved last.
    Where the log cannot tell (a change it records elsewhere, such as the innovator's consent), every field that
    differs counts."""
    edits = list(
        ActionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=str(proposal.pk),
            action_type=EDITED,
            data__step=step,
            data__version__gt=since,
        )
        .select_related("actor")
        .order_by("-timestamp", "-pk")
    )
    meanwhile = {field for edit in edits for field in edit.data.get("changed", [])}
    differing = {}
    fields = [field for field in (*BASICS_FIELDS, CONSENT_FIELD, *REPLICATION_FIELDS) if field in values]
    for field, stored in _stored_fields(proposal, fields).items():
        if stored != _field_value(values[field]):
            differing[field] = _display(proposal, field)
    for field, stored in replication.stored_slots(proposal).items():
        if field in values and stored != replication.normal_value(values[field]):
            differing[field] = replication.slot_display(proposal, field)
    sections = {row.section: row.text for row in ProposalSectionText.objects.filter(proposal=proposal)}
    for section in sections_for_step(proposal.group, step):
        if section in values and sections.get(section, "") != _section_text(values[section]):
            differing[section] = sections.get(section) or "—"
    if "declaration" in values and bool(values["declaration"]) != (proposal.declaration_accepted_at is not None):
        differing["declaration"] = _("Given") if proposal.declaration_accepted_at else _("Not given")
    newer = {field: text for field, text in differing.items() if field in meanwhile} if meanwhile else differing
    last = edits[0] if edits else None
    editor = (last.actor.get_full_name() or last.actor.get_username()) if last and last.actor else ""
    return StaleProposalStep(
        proposal, step=step, newer=newer, edited_by=editor, edited_at=last.timestamp if last else None
    )


def _display(proposal: Proposal, field: str) -> str:
    """How a saved field reads on the page: a choice by its label, an object by its name, a date in WIB format."""
    value = getattr(proposal, field)
    if value is None or value == "":
        return "—"
    model_field = Proposal._meta.get_field(field)
    if model_field.choices:
        return str(getattr(proposal, f"get_{field}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _save_sections(proposal: Proposal, values: dict[str, Any], sections: list[str]) -> list[str]:
    existing = {row.section: row for row in ProposalSectionText.objects.filter(proposal=proposal)}
    changed = []
    for section in sections:
        if section not in values:
            continue
        text = _section_text(values[section])
        row = existing.get(section)
        if row is None:
            if text:
                ProposalSectionText.objects.create(proposal=proposal, section=section, text=text)
                changed.append(section)
        elif row.text != text:
            row.text = text
            row.save(update_fields=["text", "updated_at"])
            changed.append(section)
    if changed and hasattr(proposal, "_prefetched_objects_cache"):
        proposal._prefetched_objects_cache.pop("sections", None)
    return changed


def _save_declaration(proposal: Proposal, values: dict[str, Any], *, actor, now: dt.datetime) -> list[str]:
    """Sign the declaration (values: declaration, signer_name, signer_position, ip_address) or take it back."""
    if values.get("declaration"):
        signed = declarations.sign_declaration(
            proposal,
            actor=actor,
            signer_name=values.get("signer_name") or "",
            signer_position=values.get("signer_position") or "",
            ip_address=values.get("ip_address"),
            now=now,
        )
        return ["declaration"] if signed else []
    return ["declaration"] if declarations.withdraw_declaration(proposal, actor=actor, now=now) else []


def accept_declaration(
    proposal: Proposal, *, actor, signer_position: str, ip_address: str | None = None, now: dt.datetime | None = None
) -> list[str]:
    """Sign the declaration as `actor` (their full name) in `signer_position` (demo data and fixtures)."""
    values = {
        "declaration": True,
        "signer_name": actor.get_full_name() or actor.get_username(),
        "signer_position": signer_position,
        "ip_address": ip_address,
    }
    return save_draft_step(proposal, step=FormStep.REVIEW, values=values, actor=actor, now=now)


def _lock(proposal: Proposal) -> None:
    """Lock the proposal's row and reload it, so that two requests cannot move it at once."""
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk").first()
    proposal.refresh_from_db()


@transaction.atomic
def submit_proposal(proposal: Proposal, *, actor, now: dt.datetime | None = None) -> Proposal:
    """Submit a draft (or resubmit a returned proposal) for the agency. Only the agency admin may.

    Refuses after the close (Asia/Jakarta) or the revision deadline, with content problems (SubmissionRefused), and
    beyond the agency's quota. The quota holds under concurrency: the agency's row is locked before counting, so
    simultaneous submits of one agency are counted one after the other.
    """
    _require(
        actor,
        "proposals.submit_proposal",
        proposal,
        _("Only your agency admin can submit proposals; your draft is saved for them to review."),
    )
    now = now or timezone.now()
    # The quota holder's row (the agency, or its parent whose quota its units share) is the lock of the count.
    agency = Agency.objects.get(pk=proposal.agency_id)
    holder = Agency.objects.select_for_update().get(pk=quota_holder_id(proposal.edition, agency))
    _lock(proposal)
    if ProposalState.SUBMITTED not in ALLOWED_TRANSITIONS[proposal.state]:
        raise DomainError(
            _("A proposal that is “%(state)s” cannot be submitted.") % {"state": proposal.get_state_display()}
        )
    problems = submission_problems(proposal, now=now)
    if problems:
        raise SubmissionRefused(
            _("The proposal cannot be submitted yet: %(problems)s")
            % {"problems": " ".join(problem.message for problem in problems)},
            problems,
        )
    resubmission = proposal.state == ProposalState.RETURNED
    if not resubmission and proposal.group == GroupKind.SPECIAL:
        cap = proposal.edition.special_entries_per_agency
        special = Proposal.objects.filter(
            edition=proposal.edition, agency=agency, group=GroupKind.SPECIAL, state__in=COUNTS_TOWARD_QUOTA
        )
        if special.count() >= cap:
            raise DomainError(
                ngettext(
                    "Your agency's invitation allows %(cap)s Kelompok Khusus proposal in this edition, and it is "
                    "submitted already. Withdraw it before submitting another.",
                    "Your agency's invitation allows %(cap)s Kelompok Khusus proposals in this edition, and they are "
                    "submitted already. Withdraw one before submitting another.",
                    cap,
                )
                % {"cap": cap}
            )
    if not resubmission and counts_toward_quota(proposal):
        quota = proposal.edition.quota_for(holder.kind)
        used = quota_counted(proposal.edition, holder.pk).count()
        if used >= quota:
            log_event(
                "kovablik.proposal.quota_refused",
                obj=proposal,
                agency_id=agency.pk,
                actor_id=actor.pk,
                used=used,
                quota=quota,
            )
            if holder.pk != agency.pk:
                raise DomainError(
                    _(
                        "%(parent)s and its units have already submitted %(used)s of the %(quota)s proposals it may "
                        "submit in this edition; your unit's proposals count against that quota. Ask its admin "
                        "which proposal to withdraw before submitting another."
                    )
                    % {"parent": holder.name, "used": used, "quota": quota}
                )
            raise DomainError(
                _(
                    "Your agency has already submitted %(used)s of %(quota)s proposals allowed in this edition. "
                    "Withdraw a submitted proposal before submitting another."
                )
                % {"used": used, "quota": quota}
            )
    set_proposal_state(proposal, ProposalState.SUBMITTED, actor=actor)
    return proposal


@transaction.atomic
def withdraw_proposal(proposal: Proposal, *, actor, note: str = "") -> Proposal:
    """Withdraw a proposal before screening decides (or discard a draft); its place in the quota is freed."""
    _require(actor, "proposals.withdraw_proposal", proposal, _("Only your agency admin can withdraw proposals."))
    _lock(proposal)
    if ProposalState.WITHDRAWN not in ALLOWED_TRANSITIONS[proposal.state]:
        raise DomainError(
            _("A proposal that is “%(state)s” can no longer be withdrawn.") % {"state": proposal.get_state_display()}
        )
    set_proposal_state(proposal, ProposalState.WITHDRAWN, actor=actor, note=note.strip())
    return proposal


@transaction.atomic
def screen_proposal(
    proposal: Proposal,
    *,
    decision: str,
    actor,
    note: str = "",
    revision_deadline: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Proposal:
    """Record the organizer's administrative screening decision: pass, return for revision (a note the agency sees
    and a new deadline, until which the agency may edit and resubmit) or reject (a reason is required)."""
    _require(actor, "proposals.screen_proposal", proposal, _("Only organizers screen proposals."))
    decision = ScreeningDecision(decision)
    note = note.strip()
    _lock(proposal)
    new_state = DECISION_STATES[decision]
    if new_state not in ALLOWED_TRANSITIONS[proposal.state]:
        raise DomainError(
            _("A proposal that is “%(state)s” cannot be screened that way.") % {"state": proposal.get_state_display()}
        )
    if decision == ScreeningDecision.RETURN:
        if not note:
            raise DomainError(_("Say what the agency must revise."))
        if revision_deadline is None:
            raise DomainError(_("Give the agency a deadline for the revision."))
        if revision_deadline < jakarta_today(now):
            raise DomainError(_("The revision deadline cannot be in the past."))
        proposal.revision_deadline = revision_deadline
        proposal.save(update_fields=["revision_deadline"])
    if decision == ScreeningDecision.REJECT and not note:
        raise DomainError(_("Give the reason for the rejection; the agency will see it."))
    set_proposal_state(proposal, new_state, actor=actor, note=note)
    return proposal


@transaction.atomic
def extend_submission_deadline(edition: Edition, *, new_end_date: dt.date, actor) -> Phase:
    """Move the last day of the edition's submission phase later (inclusive, Asia/Jakarta)."""
    _require(actor, "proposals.extend_submission_deadline", None, _("Only organizers can extend the deadline."))
    phase = Phase.objects.select_for_update().filter(edition=edition, kind=PhaseKind.SUBMISSION).first()
    if phase is None:
        raise DomainError(_("This edition has no submission phase to extend."))
    if new_end_date <= phase.ends_on:
        raise DomainError(
            _("The new last day must be after the current one (%(day)s).")
            % {"day": date_format(phase.ends_on, "DATE_FORMAT")}
        )
    screening = Phase.objects.filter(edition=edition, kind=PhaseKind.SCREENING).first()
    if screening is not None and new_end_date >= screening.starts_on:
        raise DomainError(
            _("Submission must close before administrative screening starts (%(day)s); move screening first.")
            % {"day": date_format(screening.starts_on, "DATE_FORMAT")}
        )
    before = phase.ends_on
    phase.ends_on = new_end_date
    phase.save(update_fields=["ends_on"])
    log_action(
        edition,
        "kovablik.edition.submission_extended",
        actor=actor,
        data={"before": before.isoformat(), "after": new_end_date.isoformat()},
    )
    refresh_edition(edition, "phases")
    return phase


@transaction.atomic
def add_drafter(agency: Agency, *, email: str, first_name: str, last_name: str, actor, site_url: str):
    """Give a unit staff member (UPT/UPP) a drafter account in the admin's own agency; after commit they are mailed a
    link to choose their password (the organizers' account service, so both paths behave alike)."""
    _require(actor, "proposals.manage_drafters", None, _("Only the agency admin can add drafters."))
    if roles_of(actor).agency_id != agency.pk:
        raise DomainError(_("You can only add drafters to your own agency."))
    email = email.strip().lower()
    user = create_person(
        username=email,
        email=email,
        role=AccountRole.DRAFTER,
        actor=actor,
        site_url=site_url,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
    )
    log_action(agency, "kovablik.agency.drafter_added", actor=actor, data={"user": user.pk, "email": email})
    return user
