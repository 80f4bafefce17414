"""Upload validation: files are judged by their content, hostile or broken files are refused with a message."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from proposals import uploads
from proposals.uploads import AttachmentKind
from tests.proposals import uploads_samples as samples


def refusal(upload, kind) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.clean_upload(upload, kind=kind)
    return caught.value


def english_messages(error: ValidationError) -> list[str]:
    with translation.override("en"):
        return [str(message) for message in error.messages]


def test_clean_upload_renamed_exe_as_png_refused():
    error = refusal(samples.upload("foto.png", samples.exe_bytes(), "image/png"), AttachmentKind.PHOTO)

    assert error.code == "not_an_image"
    assert english_messages(error) == ["This file is not a JPEG or PNG image (whatever its name says)."]


def test_clean_upload_renamed_exe_as_pdf_refused():
    error = refusal(samples.upload("sk.pdf", samples.exe_bytes(), "application/pdf"), AttachmentKind.INITIATOR_DECREE)

    assert error.code == "not_pdf"


def test_clean_upload_renamed_exe_where_pdf_or_image_allowed_refused():
    error = refusal(samples.upload("maklumat.jpg", samples.exe_bytes()), AttachmentKind.SERVICE_DECLARATION)

    assert error.code == "not_pdf_or_image"


@pytest.mark.parametrize("make", [samples.jpeg_bytes, samples.png_bytes], ids=["jpeg", "png"])
def test_clean_upload_truncated_image_refused(make):
    content = make(size=(300, 200))
    truncated = content[: len(content) // 2]

    error = refusal(samples.upload("foto.jpg", truncated, "image/jpeg"), AttachmentKind.PHOTO)

    assert error.code == "image_damaged"
    assert english_messages(error) == [
        "The image is damaged or incomplete and cannot be read. Save it again and upload the new file."
    ]


def test_clean_upload_decompression_bomb_refused_by_pillow_guard():
    bomb = samples.png_declaring(100_000, 100_000)
    assert len(bomb) < 1000

    error = refusal(samples.upload("bom.png", bomb, "image/png"), AttachmentKind.PHOTO)

    assert error.code == "too_many_pixels"
    assert english_messages(error) == ["The image is 100000 × 100000 pixels; at most 40.0 million pixels are allowed."]


def test_clean_upload_image_above_portal_pixel_limit_refused_before_decoding(settings):
    settings.KOVABLIK_UPLOAD_MAX_PIXELS = 1_000_000
    # Declares 2 megapixels but carries almost no data: refused from the header, before any pixel is decoded.
    error = refusal(samples.upload("lebar.png", samples.png_declaring(2000, 1000)), AttachmentKind.PHOTO)

    assert error.code == "too_many_pixels"
    assert english_messages(error) == ["The image is 2000 × 1000 pixels; at most 1.0 million pixels are allowed."]


def test_clean_upload_non_pdf_named_pdf_refused():
    text = b"Standar Pelayanan Dinas Kesehatan\n" * 40

    error = refusal(samples.upload("standar.pdf", text, "application/pdf"), AttachmentKind.INITIATOR_DECREE)

    assert error.code == "not_pdf"
    assert english_messages(error) == [
        "This file is not a PDF document (whatever its name says). Save or export it as PDF and upload it again."
    ]


def test_clean_upload_pdf_header_without_end_refused():
    content = samples.pdf_bytes()
    truncated = content[: len(content) - 40]

    error = refusal(samples.upload("sk.pdf", truncated, "application/pdf"), AttachmentKind.INITIATOR_DECREE)

    assert error.code == "pdf_damaged"


def test_clean_upload_html_with_pdf_name_refused():
    html = b"<html><script>alert(1)</script></html>%%EOF startxref"

    error = refusal(samples.upload("sk.pdf", html, "application/pdf"), AttachmentKind.PRESELECTION_DECREE)

    assert error.code == "not_pdf"


def test_clean_upload_oversize_file_refused_before_reading(settings):
    settings.KOVABLIK_UPLOAD_MAX_BYTES = 1024 * 1024
    content = samples.pdf_bytes() + b"%" + b"0" * (2 * 1024 * 1024)

    with translation.override("en"):
        error = refusal(samples.upload("besar.pdf", content, "application/pdf"), AttachmentKind.SERVICE_STANDARD)

    assert error.code == "file_too_large"
    assert english_messages(error) == ["The file is 2.0\xa0MB; at most 1.0\xa0MB is allowed."]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file is 2,097,153 bytes; at most 2,097,152 bytes is allowed."),
        ("id", "Ukuran berkas 2.097.153 bita; paling besar 2.097.152 bita."),
    ],
)
def test_a_file_one_byte_over_the_limit_is_refused_with_sizes_that_differ(settings, language, expected):
    settings.KOVABLIK_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    content = samples.pdf_bytes()
    content += b"%" * (settings.KOVABLIK_UPLOAD_MAX_BYTES + 1 - len(content))

    with translation.override(language):
        error = refusal(samples.upload("pas.pdf", content, "application/pdf"), AttachmentKind.SERVICE_STANDARD)
        messages = list(error.messages)

    assert error.code == "file_too_large"
    assert messages == [expected]


def test_clean_upload_oversize_photo_uses_photo_limit(settings):
    settings.KOVABLIK_UPLOAD_PHOTO_MAX_BYTES = 500
    error = refusal(samples.upload("foto.jpg", samples.jpeg_bytes(size=(200, 200))), AttachmentKind.PHOTO)

    assert error.code == "file_too_large"


def test_clean_upload_empty_file_refused():
    error = refusal(samples.upload("kosong.pdf", b""), AttachmentKind.INITIATOR_DECREE)

    assert error.code == "empty_file"


def test_clean_upload_jpeg_with_exif_comes_back_without_exif():
    original = samples.jpeg_with_gps_exif()
    assert Image.open(io.BytesIO(original)).getexif()[0x010F] == "Canon"

    clean = uploads.clean_upload(samples.upload("lokasi.jpeg", original, "image/jpeg"), kind=AttachmentKind.PHOTO)

    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG"
    assert stored.size == (64, 48)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert b"Canon" not in clean.content
    assert (clean.file_type, clean.extension, clean.content_type) == ("jpeg", ".jpg", "image/jpeg")
    assert clean.original_name == "lokasi.jpeg"


def test_clean_upload_png_keeps_format_and_drops_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret location")
    output = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(output, format="PNG", pnginfo=info)

    clean = uploads.clean_upload(samples.upload("peta.png", output.getvalue()), kind=AttachmentKind.PHOTO)

    stored = Image.open(io.BytesIO(clean.content))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (10, 10))
    assert b"secret location" not in clean.content


def test_clean_upload_jpeg_named_png_is_stored_as_jpeg():
    clean = uploads.clean_upload(samples.upload("foto.png", samples.jpeg_bytes()), kind=AttachmentKind.PHOTO)

    assert clean.extension == ".jpg"


def test_clean_upload_pdf_accepted_unchanged():
    content = samples.pdf_bytes()

    clean = uploads.clean_upload(samples.upload("SK Inovator.pdf", content), kind=AttachmentKind.INITIATOR_DECREE)

    assert clean.content == content
    assert (clean.file_type, clean.original_name, clean.size) == ("pdf", "SK Inovator.pdf", len(content))


def test_clean_upload_image_accepted_where_pdf_or_image_allowed():
    clean = uploads.clean_upload(
        samples.upload("maklumat.jpg", samples.jpeg_bytes()), kind=AttachmentKind.SERVICE_DECLARATION
    )

    assert clean.file_type == "jpeg"


def test_clean_upload_image_refused_where_only_pdf_allowed():
    error = refusal(samples.upload("sk.jpg", samples.jpeg_bytes()), AttachmentKind.INITIATOR_DECREE)

    assert error.code == "not_pdf"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("C:\\Users\\admin\\Desktop\\SK Tim.pdf", "SK Tim.pdf"),
        ("../../etc/passwd", "passwd"),
        ("laporan\x00\x07.pdf", "laporan.pdf"),
        ("   ", "file"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_display_name_strips_folders_and_control_characters(given, shown):
    assert uploads.display_name(given) == shown


def test_storage_name_is_random_and_ignores_original_name():
    clean = uploads.CleanFile(content=b"x", file_type="pdf", original_name="../../evil.php")

    first, second = uploads.storage_name(clean), uploads.storage_name(clean)

    assert first != second
    assert first.startswith("attachments/") and first.endswith(".pdf")
    assert "evil" not in first


def test_check_proposal_total_refuses_going_over_limit(settings):
    settings.KOVABLIK_UPLOAD_PROPOSAL_MAX_BYTES = 1000
    uploads.check_proposal_total(current_total=900, adding=300, replacing=200)

    with pytest.raises(ValidationError) as caught:
        uploads.check_proposal_total(current_total=900, adding=300)

    assert caught.value.code == "proposal_total_too_large"


def test_required_kinds_per_group():
    assert uploads.required_kinds("umum") == [
        AttachmentKind.SERVICE_STANDARD,
        AttachmentKind.SERVICE_DECLARATION,
        AttachmentKind.COMPLAINT_DECREE,
        AttachmentKind.INITIATOR_DECREE,
    ]
    assert AttachmentKind.REPLICATION_STATEMENT in uploads.required_kinds("replikasi")
    assert AttachmentKind.REPLICATION_STATEMENT not in uploads.kinds_for_group("khusus")
