"""Attachment pieces shared by the form's attachments step, the proposal page and screening."""

from django import template
from django.conf import settings

from ..attachments import attachment_slots
from ..forms_attachments import AttachmentUploadForm

register = template.Library()


@register.inclusion_tag("proposals/attachments/panel.html", takes_context=True)
def attachments_panel(context, proposal):
    """The editable list: each kind with its files and an upload form; a refused upload (`upload_form` in the
    page's context) keeps its errors next to its field."""
    bound = context.get("upload_form")
    slots = attachment_slots(proposal)
    forms = {
        slot.kind: bound if bound is not None and bound.kind == slot.kind else AttachmentUploadForm(kind=slot.kind)
        for slot in slots
    }
    total = sum(attachment.size for slot in slots for attachment in slot.files)
    return {
        "proposal": proposal,
        "rows": [(slot, forms[slot.kind]) for slot in slots],
        "total": total,
        "total_limit": settings.KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES,
        "max_photos": settings.KOVABLIK_UPLOAD_MAX_PHOTOS,
    }


@register.inclusion_tag("proposals/attachments/list.html")
def attachment_list(proposal, attachments=None):
    """Read-only: each kind with its files (name and size, a download link) and what is missing.

    Pass `attachments` (e.g. prefetched `proposal.attachments.all`) to avoid the query."""
    if attachments is not None:
        attachments = list(attachments)
    return {"proposal": proposal, "slots": attachment_slots(proposal, attachments)}
