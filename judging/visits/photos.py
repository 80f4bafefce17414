"""Photos of a field visit: content-checked like attachments (proposals.uploads.clean_image decodes the picture and
re-encodes it without any metadata), then given back one EXIF tag, the time the photo was taken. The position the
camera recorded is returned separately, for the organizers' eyes only; a thumbnail is made for pages and the PDF."""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from proposals.uploads import JPEG, clean_image, display_name, read_limited

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132
EXIF_TIME = "%Y:%m:%d %H:%M:%S"
THUMBNAIL_EDGE = 480


@dataclass(frozen=True)
class VisitPicture:
    content: bytes
    content_type: str
    extension: str
    thumbnail: bytes
    original_name: str
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def max_bytes() -> int:
    return settings.KOVABLIK_VISIT_PHOTO_MAX_BYTES


def max_photos() -> int:
    return settings.KOVABLIK_VISIT_MAX_PHOTOS


def clean_visit_photo(upload: UploadedFile) -> VisitPicture:
    """The photo as it may be stored, or ValidationError saying why not (size, not an image, damaged, too large)."""
    data = read_limited(upload, max_bytes())
    taken_at, latitude, longitude = _camera_facts(data)
    clean = clean_image(data, original_name=display_name(upload.name or ""))
    content = clean.content
    if clean.file_type == JPEG and taken_at is not None:
        content = _with_time_taken(content, taken_at)
    return VisitPicture(
        content=content,
        content_type=clean.content_type,
        extension=clean.extension,
        thumbnail=_thumbnail(clean.content),
        original_name=clean.original_name,
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )


def check_photo_count(current: int) -> None:
    if current >= max_photos():
        raise ValidationError(
            _("This visit already has %(count)s photos, the most a report holds. Remove one to add another."),
            code="too_many_photos",
            params={"count": current},
        )


def _camera_facts(data: bytes) -> tuple[dt.datetime | None, Decimal | None, Decimal | None]:
    """When and where the camera says the photo was taken; nothing when the file has no (readable) EXIF. The
    camera's clock has no zone: it is read as Jakarta time, as a phone in East Java keeps it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            details = exif.get_ifd(EXIF_IFD)
            gps = exif.get_ifd(GPS_IFD)
            stamp = details.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    except Exception:  # noqa: BLE001 - any unreadable EXIF is no EXIF; clean_image judges the picture itself
        return None, None, None
    return _time(stamp), *_position(gps)


def _time(stamp) -> dt.datetime | None:
    if not isinstance(stamp, str):
        return None
    try:
        moment = dt.datetime.strptime(stamp.strip("\x00 "), EXIF_TIME)  # noqa: DTZ007 - made aware below
    except ValueError:
        return None
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _position(gps) -> tuple[Decimal | None, Decimal | None]:
    try:
        latitude = _degrees(gps[2], gps[1], "S")
        longitude = _degrees(gps[4], gps[3], "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    return latitude, longitude


def _degrees(parts, reference, negative: str) -> Decimal:
    degrees, minutes, seconds = (float(part) for part in parts)
    value = Decimal(str(round(degrees + minutes / 60 + seconds / 3600, 6)))
    return -value if str(reference).upper().startswith(negative) else value


def _with_time_taken(content: bytes, taken_at: dt.datetime) -> bytes:
    """The clean JPEG again, with an EXIF block that holds only DateTimeOriginal (pixels are not re-encoded twice:
    Pillow's `quality="keep"` keeps the tables of the clean file)."""
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = timezone.localtime(taken_at).strftime(EXIF_TIME)
    output = io.BytesIO()
    with Image.open(io.BytesIO(content)) as image:
        image.save(output, format="JPEG", quality="keep", exif=exif)
    return output.getvalue()


def _thumbnail(content: bytes) -> bytes:
    with Image.open(io.BytesIO(content)) as image:
        small = ImageOps.contain(image.convert("RGB"), (THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    output = io.BytesIO()
    small.save(output, format="JPEG", quality=80, optimize=True)
    return output.getvalue()
