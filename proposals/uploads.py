"""Checking uploaded files before anything is stored: the rules for each kind of proposal attachment.

Nothing here trusts a file's name or the browser's content type. Photos are decoded with Pillow, limited in bytes and
pixels (a small file may declare a huge canvas: a decompression bomb) and re-encoded from their pixels alone, so
EXIF/GPS, comments and embedded profiles never leave the server. Documents must be real PDFs by their content, or
images where the competition accepts "PDF or image". Every refusal is a ValidationError with a translated message;
the functions return cleaned bytes and never write, so a refused file leaves nothing behind.
"""

import io
import re
import struct
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from competitions.enums import GroupKind


class AttachmentKind(models.TextChoices):
    """The files a proposal carries (shared/docs/domain.md, "Attachments")."""

    SERVICE_STANDARD = "service_standard", _("Service standard (Standar Pelayanan)")
    SERVICE_DECLARATION = "service_declaration", _("Service declaration (Maklumat Pelayanan)")
    COMPLAINT_DECREE = "complaint_decree", _("Complaint-handling decree (SK pengelolaan pengaduan)")
    INITIATOR_DECREE = "initiator_decree", _("Decree naming the initiator (SK inovator)")
    REPLICATION_STATEMENT = "replication_statement", _("Replication statement (Surat pernyataan replikasi)")
    PRESELECTION_DECREE = "preselection_decree", _("Internal pre-selection decree (optional)")
    PHOTO = "photo", _("Photo")


class Accept(models.TextChoices):
    PDF = "pdf", _("PDF")
    PDF_OR_IMAGE = "pdf_or_image", _("PDF or image (JPEG, PNG)")
    IMAGE = "image", _("Image (JPEG, PNG)")


@dataclass(frozen=True)
class KindRule:
    accept: str
    # Groups for which the kind is required; empty means optional everywhere.
    required_for: frozenset[str]
    # Photos come several to a proposal; every other kind is one file, replaced by a new upload.
    multiple: bool = False


ALL_GROUPS = frozenset(GroupKind.values)

KIND_RULES: dict[str, KindRule] = {
    AttachmentKind.SERVICE_STANDARD: KindRule(Accept.PDF_OR_IMAGE, ALL_GROUPS),
    AttachmentKind.SERVICE_DECLARATION: KindRule(Accept.PDF_OR_IMAGE, ALL_GROUPS),
    AttachmentKind.COMPLAINT_DECREE: KindRule(Accept.PDF_OR_IMAGE, ALL_GROUPS),
    AttachmentKind.INITIATOR_DECREE: KindRule(Accept.PDF, ALL_GROUPS),
    AttachmentKind.REPLICATION_STATEMENT: KindRule(Accept.PDF, frozenset({GroupKind.REPLICATION})),
    AttachmentKind.PRESELECTION_DECREE: KindRule(Accept.PDF, frozenset()),
    AttachmentKind.PHOTO: KindRule(Accept.IMAGE, frozenset(), multiple=True),
}


def required_kinds(group_kind: str) -> list[str]:
    """The attachment kinds a proposal of this group must carry before it can be submitted, in form order."""
    return [kind for kind, rule in KIND_RULES.items() if group_kind in rule.required_for]


def kinds_for_group(group_kind: str) -> list[str]:
    """The kinds offered on the form: the replication statement only to the replication group."""
    return [
        kind
        for kind in KIND_RULES
        if kind != AttachmentKind.REPLICATION_STATEMENT or group_kind == GroupKind.REPLICATION
    ]


# --- limits (kovablik/settings.py, "Proposal attachments") ---


def max_bytes_for(kind: str) -> int:
    if kind == AttachmentKind.PHOTO:
        return settings.KOVABLIK_UPLOAD_PHOTO_MAX_BYTES
    return settings.KOVABLIK_UPLOAD_MAX_BYTES


def proposal_max_bytes() -> int:
    return settings.KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES


def max_photos() -> int:
    return settings.KOVABLIK_UPLOAD_MAX_PHOTOS


def max_pixels() -> int:
    # Never above Pillow's own bomb guard, which would otherwise refuse first with a less helpful message.
    return min(settings.KOVABLIK_UPLOAD_MAX_PIXELS, Image.MAX_IMAGE_PIXELS or settings.KOVABLIK_UPLOAD_MAX_PIXELS)


# --- the cleaned result ---

PDF = "pdf"
JPEG = "jpeg"
PNG = "png"

EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
CONTENT_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}


@dataclass(frozen=True)
class CleanFile:
    """A file that passed its checks: the bytes to store (re-encoded for images) and what to show about it."""

    content: bytes
    file_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.file_type]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_type]


def store_private(folder: str, content: bytes, extension: str) -> str:
    """Save `content` under a random name in `folder` of the private storage and return the stored name; the
    uploader's file name is kept only in the database (slides, visit photos)."""
    token = uuid.uuid4().hex
    return default_storage.save(f"{folder}/{token[:2]}/{token}{extension}", ContentFile(content))


def storage_name(clean: CleanFile) -> str:
    """A random name under the private attachments folder; the original name is kept only in the database."""
    token = uuid.uuid4().hex
    return f"attachments/{token[:2]}/{token}{clean.extension}"


# --- checks ---

NOT_PDF_MESSAGE = _(
    "This file is not a PDF document (whatever its name says). Save or export it as PDF and upload it again."
)


def clean_upload(upload: UploadedFile, *, kind: str) -> CleanFile:
    """Check an uploaded file for an attachment kind and return what may be stored; raise ValidationError if not."""
    rule = KIND_RULES[kind]
    data = read_limited(upload, max_bytes_for(kind))
    name = display_name(upload.name or "")
    if rule.accept == Accept.IMAGE:
        return clean_image(data, original_name=name)
    if data.startswith(b"%PDF-"):
        return clean_pdf(data, original_name=name)
    if rule.accept == Accept.PDF_OR_IMAGE:
        if _looks_like_image(data):
            return clean_image(data, original_name=name)
        raise ValidationError(
            _("This file is neither a PDF nor a JPEG or PNG image. Upload a PDF or a photo/scan of the document."),
            code="not_pdf_or_image",
        )
    raise ValidationError(NOT_PDF_MESSAGE, code="not_pdf")


def sizes_apart(size: int, limit: int) -> tuple[str, str]:
    """`size` and `limit` as a person reads them (2.0 MB), or in bytes when that rounding would make them look
    equal: a file one byte over the limit must not be refused with "2.0 MB; at most 2.0 MB"."""
    shown = filesizeformat(size), filesizeformat(limit)
    if shown[0] != shown[1]:
        return shown
    return tuple(
        ngettext("%(count)s byte", "%(count)s bytes", count) % {"count": number_format(count, force_grouping=True)}
        for count in (size, limit)
    )


def read_limited(upload: UploadedFile, limit: int) -> bytes:
    """Read the whole upload, refusing as soon as it exceeds `limit` bytes (the declared size is not trusted)."""

    def too_big(size: int) -> ValidationError:
        shown, allowed = sizes_apart(size, limit)
        return ValidationError(
            _("The file is %(size)s; at most %(limit)s is allowed."),
            code="file_too_large",
            params={"size": shown, "limit": allowed},
        )

    if upload.size is not None and upload.size > limit:
        raise too_big(upload.size)
    buffer = io.BytesIO()
    upload.seek(0)
    for chunk in upload.chunks():
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise too_big(max(upload.size or 0, buffer.tell()))
    data = buffer.getvalue()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty_file")
    return data


PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_TAIL_WINDOW = 2048


def clean_pdf(data: bytes, *, original_name: str) -> CleanFile:
    """A PDF is accepted as it is once its structure says PDF: the header first, `startxref` and `%%EOF` at the end.

    A file of another type renamed to .pdf fails the header; a truncated upload or something with a PDF header
    glued on fails the tail. PDFs are never opened or rendered by the portal: they are only ever downloaded.
    """
    if not PDF_HEADER.match(data):
        raise ValidationError(NOT_PDF_MESSAGE, code="not_pdf")
    tail = data[-PDF_TAIL_WINDOW:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(
            _("This PDF is incomplete or damaged (its end is missing). Export it again and upload the new file."),
            code="pdf_damaged",
        )
    return CleanFile(content=data, file_type=PDF, original_name=original_name)


IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG}


def _looks_like_image(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))


def clean_image(data: bytes, *, original_name: str) -> CleanFile:
    """Decode a JPEG or PNG, check its pixel count before decoding pixels, and re-encode it without metadata."""
    not_an_image = ValidationError(
        _("This file is not a JPEG or PNG image (whatever its name says)."), code="not_an_image"
    )
    too_many_pixels = ValidationError(
        _("The image is %(width)s × %(height)s pixels; at most %(limit)s million pixels are allowed."),
        code="too_many_pixels",
    )
    damaged = ValidationError(
        _("The image is damaged or incomplete and cannot be read. Save it again and upload the new file."),
        code="image_damaged",
    )
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: both are refusals here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
                file_type = IMAGE_FORMATS[probe.format]
                width, height = probe.size
                _check_pixels(width, height, too_many_pixels)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
                image.load()
                pixels = _pristine_pixels(image, file_type)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _pixels_error(too_many_pixels, *_declared_size(data)) from None
        except Image.UnidentifiedImageError:
            raise not_an_image from None
        except (OSError, SyntaxError, ValueError, EOFError, struct.error):
            raise damaged from None
    output = io.BytesIO()
    if file_type == JPEG:
        pixels.save(output, format="JPEG", quality=88, optimize=True)
    else:
        pixels.save(output, format="PNG", optimize=True)
    return CleanFile(content=output.getvalue(), file_type=file_type, original_name=original_name)


def _check_pixels(width: int, height: int, error: ValidationError) -> None:
    if width * height > max_pixels():
        raise _pixels_error(error, width, height)


def _pixels_error(error: ValidationError, width: int | None, height: int | None) -> ValidationError:
    return ValidationError(
        error.message,
        code=error.code,
        params={"width": width or "?", "height": height or "?", "limit": round(max_pixels() / 1_000_000, 1)},
    )


def _declared_size(data: bytes) -> tuple[int | None, int | None]:
    """The canvas a PNG declares in its header, for the message when Pillow refused to open it at all."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None, None


def _pristine_pixels(image: Image.Image, file_type: str) -> Image.Image:
    """The picture alone: turned upright as the camera meant, in a mode the output format takes, with no metadata.

    Building a new image from the raw pixels leaves behind everything `image.info` and the EXIF block carried
    (GPS position, camera serial, comments, ICC profiles, PNG text chunks).
    """
    upright = ImageOps.exif_transpose(image)
    if file_type == JPEG:
        target_mode = "L" if upright.mode in ("1", "L") else "RGB"
    else:
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        target_mode = "RGBA" if has_alpha else ("L" if upright.mode in ("1", "L") else "RGB")
    converted = upright.convert(target_mode)
    return Image.frombytes(converted.mode, converted.size, converted.tobytes())


# --- names and totals ---

MAX_DISPLAY_NAME = 150


def display_name(name: str) -> str:
    """The uploader's file name, safe to show and to offer on download: no folders, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 10:
            name = stem[: MAX_DISPLAY_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_DISPLAY_NAME]
    return name or "file"


def download_name(clean_name: str, extension: str) -> str:
    """The name offered on download: the original name, with the extension of what is actually stored."""
    stem = clean_name.rsplit(".", 1)[0] if "." in clean_name else clean_name
    return f"{stem or 'file'}{extension}"


def check_proposal_total(*, current_total: int, adding: int, replacing: int = 0) -> None:
    """Refuse a file that would take the proposal's attachments over the per-proposal limit."""
    limit = proposal_max_bytes()
    if current_total - replacing + adding > limit:
        raise ValidationError(
            _(
                "The attachments of a proposal may total at most %(limit)s; this file would bring them to %(total)s. "
                "Remove or shrink other files first."
            ),
            code="proposal_total_too_large",
            params=dict(zip(("total", "limit"), sizes_apart(current_total - replacing + adding, limit), strict=True)),
        )


def check_photo_count(*, current_count: int) -> None:
    if current_count >= max_photos():
        raise ValidationError(
            _("A proposal may have at most %(limit)s photos. Remove one before adding another."),
            code="too_many_photos",
            params={"limit": max_photos()},
        )
