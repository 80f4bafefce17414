"""The verification report of one visit as a PDF (reportlab): the plan, the checklist with findings and notes,
the testimonies, the photos as thumbnails, the overall notes and who confirmed it. In Indonesian, like the jury's
minutes; the camera's position never appears in it (it is for organizers, on the portal)."""

import io
from html import escape

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..enums import ChecklistVerdict
from ..models import FieldVisit
from . import queries
from .services import items_of

THUMBNAILS_PER_ROW = 3


def report_pdf(visit: FieldVisit) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    def text(value, style):
        return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)

    with override("id"):
        styles = getSampleStyleSheet()
        body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
        entry = visit.entry
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=_("Field verification report — %(title)s") % {"title": entry.proposal.title},
            pageCompression=0,  # searchable text for archives and checks
        )
        moment = date_format(timezone.localtime(visit.starts_at), "l, j F Y, H.i")
        story = [
            text(_("Field verification report"), styles["Title"]),
            text(entry.proposal.title, styles["Heading2"]),
            text(_("Agency: %(agency)s") % {"agency": entry.proposal.agency}, body),
            text(_("Edition: %(edition)s") % {"edition": entry.stage.edition}, body),
            text(_("Visit: %(moment)s WIB, %(mode)s") % {"moment": moment, "mode": visit.get_mode_display()}, body),
        ]
        if visit.address:
            story.append(text(_("Address: %(address)s") % {"address": visit.address}, body))
        judges = ", ".join(str(judge) for judge in visit.judges.all())
        story += [text(_("Visiting judges: %(names)s") % {"names": judges}, body), Spacer(1, 4 * mm)]

        verdicts = dict(ChecklistVerdict.choices)
        answers = queries.answers_of(visit)
        rows = [
            [text(_("No."), small), text(_("Checklist item"), small), text(_("Finding"), small), text(_("Note"), small)]
        ]
        for index, item in enumerate(items_of(visit), start=1):
            answer = answers.get(item.pk)
            rows.append(
                [
                    str(index),
                    text(item.text, small),
                    text(verdicts.get(answer.verdict, "—") if answer and answer.verdict else "—", small),
                    text(answer.note if answer else "", small),
                ]
            )
        table = Table(rows, colWidths=[10 * mm, 60 * mm, 30 * mm, document.width - 100 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                ]
            )
        )
        story += [text(_("Checklist"), styles["Heading3"]), table, Spacer(1, 4 * mm)]

        story.append(text(_("Overall notes"), styles["Heading3"]))
        story.append(text(visit.summary or "—", body))

        testimonies = queries.testimonies_of(visit)
        story.append(text(_("Testimonies"), styles["Heading3"]))
        if not testimonies:
            story.append(text(_("No testimony recorded."), body))
        for testimony in testimonies:
            who = ", ".join(part for part in (testimony.name or _("Name withheld"), testimony.relation) if part)
            story.append(text(f"{who}: “{testimony.statement}”", body))

        photos = queries.photos_of(visit)
        story.append(text(_("Photos"), styles["Heading3"]))
        if not photos:
            story.append(text(_("No photo."), body))
        cells = []
        edge = (document.width - 6 * mm) / THUMBNAILS_PER_ROW
        for photo in photos:
            try:
                with default_storage.open(photo.thumbnail.name, "rb") as handle:
                    picture = Image(io.BytesIO(handle.read()))
            except FileNotFoundError:
                continue
            scale = min(edge / picture.imageWidth, edge / picture.imageHeight)
            picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
            taken = date_format(timezone.localtime(photo.taken_at), "j M Y H.i") if photo.taken_at else ""
            cells.append([picture, text(" · ".join(part for part in (photo.caption, taken) if part), small)])
        if cells:
            grid = [cells[index : index + THUMBNAILS_PER_ROW] for index in range(0, len(cells), THUMBNAILS_PER_ROW)]
            grid[-1] += [""] * (THUMBNAILS_PER_ROW - len(grid[-1]))
            story.append(Table(grid, colWidths=[edge + 2 * mm] * THUMBNAILS_PER_ROW))

        story.append(text(_("Confirmation"), styles["Heading3"]))
        confirmed = {confirmation.judge_id: confirmation for confirmation in visit.confirmations.all()}
        for judge in visit.judges.all():
            given = confirmed.get(judge.pk)
            if given:
                line = _("%(name)s confirmed this report on %(moment)s WIB.") % {
                    "name": judge,
                    "moment": date_format(timezone.localtime(given.confirmed_at), "j F Y, H.i"),
                }
            else:
                line = _("%(name)s has not confirmed this report.") % {"name": judge}
            story.append(text(line, body))
        story.append(
            text(
                _("Printed on %(moment)s WIB, report version %(version)s.")
                % {"moment": date_format(timezone.localtime(), "j F Y, H.i"), "version": visit.version},
                small,
            )
        )
        document.build(story)
    return buffer.getvalue()
