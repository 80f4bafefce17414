"""The truthfulness declaration (surat pernyataan kebenaran data): the agency admin, not a drafter, signs it for the
proposal with their name and position; the time and the address are recorded and a PDF of the signed declaration
is kept with the proposal for the screeners. Any later change to the proposal's content or attachments voids it
until it is signed again.

Proposal.declaration_accepted_at/_by say whether a declaration is in force (the submit check reads them); the
TruthDeclaration rows are the signed documents, the voided ones kept as history.
"""

import datetime as dt
import io
import uuid
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import log_action
from core.dates import datetime_id
from core.exceptions import DomainError

from .models import Proposal, TruthDeclaration

SIGNED = "kovablik.proposal.declaration_accepted"
WITHDRAWN = "kovablik.proposal.declaration_withdrawn"
VOIDED = "kovablik.proposal.declaration_voided"


def in_force(proposal: Proposal) -> TruthDeclaration | None:
    return proposal.declarations.filter(voided_at__isnull=True).select_related("signed_by").first()


@transaction.atomic
def sign_declaration(
    proposal: Proposal,
    *,
    actor,
    signer_name: str,
    signer_position: str,
    ip_address: str | None,
    now: dt.datetime | None = None,
) -> TruthDeclaration | None:
    """The agency admin declares the proposal's data true. Returns the new declaration, or None when one signed
    with the same name and position is already in force (nothing to do)."""
    if not actor.has_perm("proposals.sign_declaration", proposal):
        raise DomainError(_("Only your agency admin can sign the truthfulness declaration."))
    signer_name, signer_position = signer_name.strip(), signer_position.strip()
    if not signer_name or not signer_position:
        raise DomainError(_("Write the signer's name and position."))
    now = now or timezone.now()
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk").first()
    current = in_force(proposal)
    if current and (current.signer_name, current.signer_position) == (signer_name, signer_position):
        return None
    if current:
        _void(current, reason=_("signed again"), now=now)
    declaration = TruthDeclaration(
        proposal=proposal,
        signed_by=actor,
        signer_name=signer_name,
        signer_position=signer_position,
        ip_address=ip_address or None,
        signed_at=now,
    )
    content = declaration_pdf(proposal, declaration, username=actor.get_username())
    declaration.document.name = default_storage.save(f"declarations/{uuid.uuid4().hex}.pdf", ContentFile(content))
    declaration.document_size = len(content)
    declaration.save()
    proposal.declaration_accepted_at, proposal.declaration_accepted_by = now, actor
    proposal.save(update_fields=["declaration_accepted_at", "declaration_accepted_by", "updated_at"])
    log_action(
        proposal,
        SIGNED,
        actor=actor,
        data={"declaration": declaration.pk, "name": signer_name, "position": signer_position},
    )
    return declaration


@transaction.atomic
def withdraw_declaration(proposal: Proposal, *, actor, now: dt.datetime | None = None) -> bool:
    """The agency admin takes the declaration back; returns whether one was in force."""
    if not actor.has_perm("proposals.sign_declaration", proposal):
        raise DomainError(_("Only your agency admin can sign the truthfulness declaration."))
    if not void_declaration(proposal, reason=_("withdrawn by the agency admin"), actor=actor, now=now, audit=False):
        return False
    log_action(proposal, WITHDRAWN, actor=actor)
    return True


def void_declaration(
    proposal: Proposal, *, reason: str, actor, now: dt.datetime | None = None, audit: bool = True
) -> bool:
    """What was declared true has changed (`reason`): the declaration in force, if any, no longer holds. Call inside
    the transaction of the change. Returns whether one was in force."""
    current = in_force(proposal)
    if current is None and proposal.declaration_accepted_at is None:
        return False
    now = now or timezone.now()
    if current:
        _void(current, reason=reason, now=now)
    proposal.declaration_accepted_at = proposal.declaration_accepted_by = None
    Proposal.objects.filter(pk=proposal.pk).update(declaration_accepted_at=None, declaration_accepted_by=None)
    if audit:
        log_action(proposal, VOIDED, actor=actor, data={"reason": str(reason)})
    return True


def erase_signer(declaration: TruthDeclaration, *, erased_name: str) -> None:
    """A data subject's erasure (publication.privacy): the signer's name and address leave the declaration, and
    its PDF is made again without them (the old file is deleted). When, what and in which position stay."""
    old_file = declaration.document.name
    declaration.signer_name, declaration.ip_address = erased_name, None
    username = declaration.signed_by.get_username() if declaration.signed_by_id else ""
    content = declaration_pdf(declaration.proposal, declaration, username=username)
    declaration.document.name = default_storage.save(f"declarations/{uuid.uuid4().hex}.pdf", ContentFile(content))
    declaration.document_size = len(content)
    declaration.save(update_fields=["signer_name", "ip_address", "document", "document_size"])
    if old_file:
        default_storage.delete(old_file)


def _void(declaration: TruthDeclaration, *, reason: str, now: dt.datetime) -> None:
    declaration.voided_at, declaration.void_reason = now, str(reason)[:200]
    declaration.save(update_fields=["voided_at", "void_reason"])


# --- The PDF -----------------------------------------------------------------------------------------------------


def declaration_pdf(proposal: Proposal, declaration: TruthDeclaration, *, username: str) -> bytes:
    """The signed declaration as a one-page A4 PDF, in Indonesian (an official document, whatever the signer's
    language). Built in reportlab's invariant mode: the same declaration gives the same bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    with translation.override("id"):
        group = str(proposal.get_group_display())
    styles = getSampleStyleSheet()
    body, title = styles["BodyText"], styles["Title"]
    body.leading = 15
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=f"Surat Pernyataan Kebenaran Data — {proposal.title}",
        author=declaration.signer_name,
        invariant=1,
    )
    rows = [
        ["Nama", f": {declaration.signer_name}"],
        ["Jabatan", f": {declaration.signer_position}"],
        ["Instansi", f": {proposal.agency.name}"],
    ]
    proposal_rows = [
        ["Judul inovasi", f": {proposal.title}"],
        ["Kelompok", f": {group}"],
        ["Kompetisi", f": KOVABLIK Tahun {proposal.edition.year}"],
    ]

    def table(data):
        return Table(
            [[Paragraph(escape(a), body), Paragraph(escape(b), body)] for a, b in data],
            colWidths=[35 * mm, 125 * mm],
            hAlign="LEFT",
        )

    story = [
        Paragraph("SURAT PERNYATAAN KEBENARAN DATA", title),
        Spacer(1, 6 * mm),
        Paragraph("Yang bertanda tangan di bawah ini:", body),
        table(rows),
        Spacer(1, 4 * mm),
        Paragraph(
            "menyatakan dengan sebenarnya bahwa seluruh data dan dokumen dalam proposal inovasi berikut adalah benar:",
            body,
        ),
        table(proposal_rows),
        Spacer(1, 4 * mm),
        Paragraph(
            "Apabila di kemudian hari ditemukan data yang tidak benar, saya bersedia proposal ini didiskualifikasi "
            "atau penghargaan yang telah diberikan dicabut.",
            body,
        ),
        Spacer(1, 10 * mm),
        Paragraph(escape(f"Ditandatangani secara elektronik pada {datetime_id(declaration.signed_at)}"), body),
        Paragraph(escape(declaration.signer_name), styles["Heading3"]),
        Paragraph(escape(declaration.signer_position), body),
        Spacer(1, 10 * mm),
        Paragraph(
            escape(
                f"Dicatat oleh Portal KOVABLIK: akun {username}, alamat {declaration.ip_address or '-'}, "
                f"proposal nomor {proposal.pk}."
            ),
            styles["Italic"],
        ),
    ]
    document.build(story)
    return buffer.getvalue()
