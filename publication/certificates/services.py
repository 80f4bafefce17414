"""The certificate (piagam penghargaan) of one published award as a one-page PDF, drawn with reportlab.

The certificate is an official document of the provincial government, so its text is Indonesian whatever the
reader's language (as the jury's criteria names are). It prints the verification code and the public page that
confirms it, so a printed copy can be checked. The PDF is built without a timestamp or random id (reportlab's
invariant mode), so the same award always gives the same bytes, and the size recorded at publication stays true.

Certificates are drawn by a task (publication.certificates.tasks.store_certificates) when results are published,
and stored under MEDIA_ROOT/certificates/<year>/<code>.pdf; the certificate view serves the stored file and never
draws one itself.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from competitions.enums import GroupKind
from core.dates import date_id
from publication.awards.queries import PublicAward
from publication.enums import AwardKind
from publication.models import Award

GROUPS_ID = {
    GroupKind.GENERAL: "Kelompok Umum",
    GroupKind.REPLICATION: "Kelompok Replikasi",
    GroupKind.SPECIAL: "Kelompok Khusus",
}
ISSUER = "Biro Organisasi Sekretariat Daerah Provinsi Jawa Timur"


def award_text_id(award: PublicAward, winners_count: int | None = None) -> str:
    """The award in Indonesian, e.g. 'Top Inovasi Pelayanan Publik Terpuji Kelompok Umum, Peringkat 3'."""
    if award.kind == AwardKind.RANKED:
        return f"Top Inovasi Pelayanan Publik Terpuji {GROUPS_ID.get(award.group, '')}, Peringkat {award.rank}"
    prefix = "Nominasi" if award.kind == AwardKind.NOMINATION else "Penghargaan"
    return f"{prefix} {award.title}"


def verify_url(award: PublicAward, site_url: str) -> str:
    return site_url.rstrip("/") + reverse("publication:verify", args=[award.code])


def _fit(canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits `width`."""
    while size > 8 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centered(canvas, text: str, y: float, *, font: str, size: float, width: float, page_width: float) -> None:
    canvas.setFont(font, _fit(canvas, text, font, size, width))
    canvas.drawCentredString(page_width / 2, y, text)


def _wrapped(canvas, text: str, y: float, *, font: str, size: float, width: float, page_width: float) -> float:
    """Draw `text` centred on as many lines as it needs (at most three); returns the y below it."""
    from reportlab.lib.utils import simpleSplit

    lines = simpleSplit(text, font, size, width)[:3]
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawCentredString(page_width / 2, y, line)
        y -= size * 1.25
    return y


def storage_name(award: PublicAward) -> str:
    return f"certificates/{award.edition_year}/{award.code}.pdf"


def store_certificate(award: PublicAward, *, site_url: str) -> int:
    """Draw the award's certificate and store it (replacing an older one); records and returns its size."""
    content = certificate_pdf(award, site_url=site_url)
    name = storage_name(award)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))
    Award.objects.filter(pk=award.pk).update(certificate_size=len(content))
    return len(content)


def stored_certificate(award: PublicAward) -> str | None:
    """The storage name of the award's stored certificate, or None while it is not drawn yet."""
    name = storage_name(award)
    return name if default_storage.exists(name) else None


def certificate_pdf(award: PublicAward, *, site_url: str) -> bytes:
    """The award's certificate as PDF bytes; `site_url` (scheme and host) prefixes the printed verification link."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, pageCompression=1)
    canvas.setTitle(f"Piagam Penghargaan KOVABLIK {award.edition_year} — {award.proposal_title}")
    canvas.setAuthor(ISSUER)
    canvas.setSubject(f"Kode verifikasi {award.code_display}")

    navy, gold = colors.HexColor("#12355b"), colors.HexColor("#b8860b")
    canvas.setStrokeColor(navy)
    canvas.setLineWidth(4)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setStrokeColor(gold)
    canvas.setLineWidth(1.2)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    text_width = width - 60 * mm
    canvas.setFillColor(navy)
    _centered(
        canvas,
        "PEMERINTAH PROVINSI JAWA TIMUR",
        height - 36 * mm,
        font="Helvetica-Bold",
        size=14,
        width=text_width,
        page_width=width,
    )
    _centered(
        canvas,
        "PIAGAM PENGHARGAAN",
        height - 56 * mm,
        font="Helvetica-Bold",
        size=34,
        width=text_width,
        page_width=width,
    )
    canvas.setFillColor(colors.black)
    _centered(
        canvas,
        f"Kompetisi Inovasi Pelayanan Publik (KOVABLIK) ke-{award.edition_number} Tahun {award.edition_year}",
        height - 68 * mm,
        font="Helvetica",
        size=14,
        width=text_width,
        page_width=width,
    )
    _centered(
        canvas,
        "diberikan kepada inovasi",
        height - 84 * mm,
        font="Helvetica-Oblique",
        size=13,
        width=text_width,
        page_width=width,
    )
    y = _wrapped(
        canvas,
        f"“{award.proposal_title}”",
        height - 98 * mm,
        font="Helvetica-Bold",
        size=22,
        width=text_width,
        page_width=width,
    )
    y = _wrapped(canvas, award.agency_name, y - 2 * mm, font="Helvetica", size=15, width=text_width, page_width=width)
    if award.region_name:
        _centered(canvas, award.region_name, y, font="Helvetica", size=12, width=text_width, page_width=width)
        y -= 14
    _centered(canvas, "sebagai", y - 6 * mm, font="Helvetica-Oblique", size=13, width=text_width, page_width=width)
    canvas.setFillColor(navy)
    _wrapped(
        canvas, award_text_id(award), y - 18 * mm, font="Helvetica-Bold", size=18, width=text_width, page_width=width
    )

    canvas.setFillColor(colors.black)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(30 * mm, 40 * mm, f"Surabaya, {date_id(award.published_at)}")
    canvas.drawString(30 * mm, 34 * mm, ISSUER)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawRightString(width - 30 * mm, 46 * mm, f"Kode verifikasi: {award.code_display}")
    canvas.setFont("Helvetica", 10)
    canvas.drawRightString(width - 30 * mm, 40 * mm, "Periksa keaslian piagam ini di:")
    canvas.drawRightString(width - 30 * mm, 34 * mm, verify_url(award, site_url))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
