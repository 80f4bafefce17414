"""Writes and reads for proposal attachments: add or replace a file, remove it, and what is still missing at submit.

Files arrive already checked (proposals.uploads.clean_upload returns a CleanFile); these services guard who and
when, enforce the per-proposal limits under a row lock, store the file under a random name, and audit. A file is
written only after every check passed, and a replaced or removed file is deleted only once the change has committed.

Importing this module registers the required-attachments check with proposals.checks (see apps.ProposalsConfig).
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import register_actions
from core.audit import log_action
from core.exceptions import DomainError

from . import declarations
from .checks import Problem, register_submission_check
from .enums import FormStep
from .models import Attachment, Proposal
from .uploads import (
    KIND_RULES,
    AttachmentKind,
    CleanFile,
    check_photo_count,
    check_proposal_total,
    kinds_for_group,
    max_photos,
    required_kinds,
    storage_name,
)

register_actions(
    {
        "kovablik.proposal.attachment_added": gettext_lazy("Attachment added"),
        "kovablik.proposal.attachment_replaced": gettext_lazy("Attachment replaced"),
        "kovablik.proposal.attachment_removed": gettext_lazy("Attachment removed"),
    }
)


def attachments_of(proposal: Proposal) -> QuerySet[Attachment]:
    return Attachment.objects.filter(proposal=proposal).select_related("uploaded_by").order_by("uploaded_at", "pk")


def _guard_editable(proposal: Proposal) -> None:
    if not proposal.is_editable():
        raise DomainError(_("The attachments of this proposal can no longer be changed."))


def _audit_data(attachment: Attachment) -> dict:
    return {"kind": attachment.kind, "name": attachment.original_name, "size": attachment.size}


@transaction.atomic
def attach_file(proposal: Proposal, *, kind: str, file: CleanFile, actor) -> Attachment:
    """Store a checked file as the proposal's attachment of `kind`; a single-file kind replaces the previous file.

    Refuses (DomainError) when the proposal is not editable or the kind does not belong to its group, and
    (ValidationError) when the file would exceed the per-proposal total or the number of photos.
    """
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _guard_editable(locked)
    if kind not in kinds_for_group(locked.group):
        raise DomainError(_("This kind of attachment does not belong to a proposal of this group."))
    existing = list(Attachment.objects.filter(proposal=locked))
    replaced = None if KIND_RULES[kind].multiple else next((a for a in existing if a.kind == kind), None)
    if KIND_RULES[kind].multiple:
        check_photo_count(current_count=sum(1 for a in existing if a.kind == kind))
    check_proposal_total(
        current_total=sum(a.size for a in existing),
        adding=file.size,
        replacing=replaced.size if replaced else 0,
    )
    # Every refusal happened above: only now is anything written. Should a caller's transaction roll back later,
    # the file stays on disk unreferenced, where no URL or row can reach it.
    name = default_storage.save(storage_name(file), ContentFile(file.content))
    try:
        return _save_row(locked, kind=kind, name=name, file=file, actor=actor, replaced=replaced)
    except Exception:
        default_storage.delete(name)
        raise


def _save_row(proposal, *, kind, name, file: CleanFile, actor, replaced: Attachment | None) -> Attachment:
    attachment = Attachment(
        proposal=proposal,
        kind=kind,
        original_name=file.original_name,
        size=file.size,
        content_type=file.content_type,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    attachment.file.name = name
    declarations.void_declaration(
        proposal, reason=_("attachment “%(name)s” uploaded") % {"name": file.original_name}, actor=actor
    )
    if replaced is not None:
        old_data, old_name = _audit_data(replaced), replaced.file.name
        replaced.delete()
        attachment.save()
        log_action(
            proposal,
            "kovablik.proposal.attachment_replaced",
            actor=actor,
            data={"before": old_data, "after": _audit_data(attachment)},
        )
        _delete_file_after_commit(old_name)
    else:
        attachment.save()
        log_action(proposal, "kovablik.proposal.attachment_added", actor=actor, data=_audit_data(attachment))
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, actor) -> None:
    """Delete an attachment of an editable proposal; its file is deleted once the removal has committed."""
    locked = Proposal.objects.select_for_update().get(pk=attachment.proposal_id)
    _guard_editable(locked)
    data, name = _audit_data(attachment), attachment.file.name
    attachment.delete()
    declarations.void_declaration(
        locked, reason=_("attachment “%(name)s” removed") % {"name": attachment.original_name}, actor=actor
    )
    log_action(locked, "kovablik.proposal.attachment_removed", actor=actor, data=data)
    _delete_file_after_commit(name)


def _delete_file_after_commit(name: str) -> None:
    transaction.on_commit(lambda: default_storage.delete(name))


def total_size(proposal: Proposal) -> int:
    return Attachment.objects.filter(proposal=proposal).aggregate(total=Sum("size"))["total"] or 0


def missing_required_attachments(proposal: Proposal) -> list[str]:
    """The required attachment kinds the proposal does not carry yet (reads proposal.attachments.all())."""
    present = {attachment.kind for attachment in proposal.attachments.all()}
    return [kind for kind in required_kinds(proposal.group) if kind not in present]


def attachment_problems(proposal: Proposal) -> list[Problem]:
    return [
        Problem(
            FormStep.ATTACHMENTS,
            _("%(attachment)s is missing.") % {"attachment": AttachmentKind(kind).label},
            kind,
        )
        for kind in missing_required_attachments(proposal)
    ]


register_submission_check(attachment_problems)


@dataclass(frozen=True)
class AttachmentSlot:
    """One kind of attachment as the form shows it: whether it is required and the files it holds."""

    kind: str
    required: bool
    multiple: bool
    files: list[Attachment]

    @property
    def label(self) -> str:
        return AttachmentKind(self.kind).label

    @property
    def is_missing(self) -> bool:
        return self.required and not self.files

    @property
    def is_full(self) -> bool:
        return self.multiple and len(self.files) >= max_photos()


def attachment_slots(proposal: Proposal, attachments: list[Attachment] | None = None) -> list[AttachmentSlot]:
    """The kinds offered to the proposal's group in form order, each with its files (one query, or none when the
    attachments are passed in)."""
    if attachments is None:
        attachments = list(attachments_of(proposal))
    required = set(required_kinds(proposal.group))
    return [
        AttachmentSlot(
            kind=kind,
            required=kind in required,
            multiple=KIND_RULES[kind].multiple,
            files=[attachment for attachment in attachments if attachment.kind == kind],
        )
        for kind in kinds_for_group(proposal.group)
    ]
