"""A finalist's presentation materials: slides checked by content (a PDF by its structure, a PowerPoint by the parts
an Office Open XML presentation must hold, never one with macros), a video link and a summary, handed in before the
stage's due day and marked late after it. Stored like attachments: under a random name, served by a view that asks
judging.view_materials."""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import jakarta_today
from core.audit import log_action
from core.exceptions import DomainError
from proposals.uploads import clean_pdf, display_name, read_limited, store_private

from ..models import PresentationMaterials, PresentationSlot
from ..queries import round_for
from .audit import MATERIALS_HANDED_IN, MaterialsHandedIn
from .services import guard_agency

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_TYPE = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
CONTENT_TYPES_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Slides:
    content: bytes
    content_type: str
    extension: str
    original_name: str


def max_bytes() -> int:
    return settings.KOVABLIK_SLIDES_MAX_BYTES


def clean_slides(upload: UploadedFile) -> Slides:
    """The slides as they may be stored, or ValidationError saying why not (in the user's language)."""
    data = read_limited(upload, max_bytes())
    name = display_name(upload.name or "")
    if data.startswith(b"%PDF-"):
        clean = clean_pdf(data, original_name=name)
        return Slides(clean.content, "application/pdf", ".pdf", name)
    if data.startswith(b"PK\x03\x04"):
        return Slides(_checked_pptx(data), PPTX_TYPE, ".pptx", name)
    raise ValidationError(
        _("Slides are a PDF or a PowerPoint presentation (.pptx). Save or export them as one and upload again."),
        code="not_slides",
    )


def _checked_pptx(data: bytes) -> bytes:
    refused = ValidationError(
        _("This file is not a PowerPoint presentation (.pptx), whatever its name says. Export it as PDF or PPTX."),
        code="not_pptx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
                raise refused
            if archive.getinfo("[Content_Types].xml").file_size > CONTENT_TYPES_MAX_BYTES:
                raise refused  # a real one is a few kilobytes; never unpack a bomb to find out
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, NotImplementedError) as error:
        raise refused from error
    if MACRO_TYPE.encode() in types or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("This presentation holds macros, which the portal does not accept. Save it as .pptx without macros."),
            code="pptx_macros",
        )
    if PPTX_MAIN.encode() not in types:
        raise refused
    return data


@transaction.atomic
def hand_in_materials(
    slot: PresentationSlot, *, slides: Slides | None, video_url: str, summary: str, actor
) -> PresentationMaterials:
    """Keep the agency's materials for its slot (new slides replace the old file); late once the due day passed."""
    slot = (
        PresentationSlot.objects.select_for_update().select_related("entry__proposal", "entry__stage").get(pk=slot.pk)
    )
    guard_agency(slot, actor)
    stage_round = round_for(slot.entry.stage)
    if stage_round.is_closed:
        raise DomainError(_("The stage is closed: its schedule can no longer change."))
    materials, _created = PresentationMaterials.objects.get_or_create(entry=slot.entry)
    old_file = materials.slides.name if slides is not None else ""
    if slides is not None:
        materials.slides.name = store_private("presentations", slides.content, slides.extension)
        materials.slides_name, materials.slides_size = slides.original_name, len(slides.content)
        materials.slides_content_type = slides.content_type
    materials.video_url, materials.summary = video_url.strip(), summary.strip()
    materials.updated_at, materials.updated_by = timezone.now(), actor
    due = stage_round.materials_due
    materials.is_late = materials.is_late or (due is not None and jakarta_today() > due)
    materials.save()
    log_action(
        slot.entry,
        MATERIALS_HANDED_IN,
        actor=actor,
        data=MaterialsHandedIn(
            stage=slot.entry.stage_id,
            proposal=slot.entry.proposal_id,
            slides=materials.slides_name,
            size=materials.slides_size,
            video_url=materials.video_url,
            late=materials.is_late,
        ),
    )
    if old_file:
        transaction.on_commit(lambda: default_storage.delete(old_file))
    return materials
