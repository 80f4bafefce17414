"""Exports of the ranking and the score sheets (CSV and XLSX), and a judge's score sheet of a stage as a PDF that
reads as the jury's minutes (berita acara).

The tables are built once (`Table`: headers and rows of plain values) and written as CSV or XLSX, so both files
hold the same numbers as the ranking page: scores rounded to EXPORT_PLACES, as the page shows them. The PDF is in
Indonesian whatever the language of the request, as the jury's minutes are.
"""

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from competitions.models import JAKARTA, Judge, Stage

from . import ranking
from .enums import SheetStatus
from .minutes import Confirmation
from .models import ScoreSheet
from .scoring import format_score, score_number

EXPORT_PLACES = 2
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"


def number(value: float | None) -> float | None:
    return None if value is None else round(value, EXPORT_PLACES)


def local_time(value: dt.datetime | None) -> str:
    return timezone.localtime(value, JAKARTA).strftime("%Y-%m-%d %H:%M") if value else ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]


# --- Tables ---------------------------------------------------------------------------------------------------------


def stage_ranking_table(result: ranking.StageRanking) -> Table:
    """One row per entry of the stage and group: both ranks, the tie-break, scores, spread and means per criterion;
    entries without a stage result follow with their progress."""
    criteria = result.criteria
    headers = [
        _("Rank"),
        _("Rank (raw)"),
        _("Rank (normalized)"),
        _("Tie broken by"),
        _("Title"),
        _("Agency"),
        _("Category"),
        _("Submitted at (WIB)"),
        _("Raw score"),
        _("Normalized score"),
        _("Mean z-score"),
        _("Spread (SD)"),
        _("Lowest total"),
        _("Highest total"),
        _("Judges disagree"),
        _("Sheets submitted"),
        _("Judges assigned"),
        *[_("Mean: %(criterion)s (%(weight)s%%)") % {"criterion": c.name, "weight": c.weight} for c in criteria],
    ]
    rows = []
    for row in [*result.ranked, *result.pending]:
        placement = result.placement(row)
        proposal = row.proposal
        rows.append(
            [
                placement.rank if placement else None,
                row.raw.rank if row.raw else None,
                row.norm.rank if row.norm else None,
                placement.tie_label if placement else _("No stage result yet"),
                proposal.title,
                proposal.agency.name,
                proposal.category.name,
                local_time(proposal.submitted_at),
                number(row.score),
                number(row.normalized),
                None if row.z is None or row.score is None else round(row.z, 4),
                number(row.spread),
                number(row.lowest) if row.is_complete else None,
                number(row.highest) if row.is_complete else None,
                _("yes") if row.disagreement else _("no"),
                row.submitted_count,
                row.judge_count,
                *[number(row.criterion_means.get(criterion.pk)) if row.is_complete else None for criterion in criteria],
            ]
        )
    title = _("Ranking %(stage)s %(group)s") % {"stage": result.stage.get_kind_display(), "group": result.group_label}
    return Table(title=title, headers=headers, rows=rows)


def final_ranking_table(result: ranking.FinalRanking) -> Table:
    stages = result.weighted_stages
    headers = [_("Block"), _("Rank"), _("Tie broken by"), _("Title"), _("Agency"), _("Category")]
    for stage in stages:
        headers += [
            _("%(stage)s: raw") % {"stage": stage.get_kind_display()},
            _("%(stage)s: normalized") % {"stage": stage.get_kind_display()},
        ]
    headers += [_("Final score (raw)"), _("Final score (normalized)")]
    rows = []
    for block in result.blocks:
        label = (
            _("Final ranking")
            if block.is_final
            else _("Stopped after %(stage)s") % {"stage": block.last_stage.get_kind_display()}
        )
        for row in block.rows:
            placement = row.placements[result.view]
            values = [label, placement.rank, placement.tie_label, row.title, row.agency, row.category]
            for cell in row.cells_in(stages):
                values += [number(cell.score), number(cell.normalized)]
            values += [number(row.raw), number(row.normalized)]
            rows.append(values)
    for row in result.without_result:
        values = [_("No stage result yet"), None, "", row.title, row.agency, row.category]
        values += [None] * (2 * len(stages) + 2)
        rows.append(values)
    title = _("Final ranking %(group)s") % {"group": result.group_label}
    return Table(title=title, headers=headers, rows=rows)


def score_sheets(stage: Stage, group: str) -> QuerySet[ScoreSheet]:
    return (
        ScoreSheet.objects.filter(assignment__entry__stage=stage, assignment__entry__proposal__group=group)
        .select_related("assignment__judge__user", "assignment__entry__proposal__agency")
        .order_by("assignment__entry__proposal__title", "assignment__entry_id", "assignment__judge__user__last_name")
    )


def score_sheets_table(stage: Stage, group: str, criteria: Sequence) -> Table:
    """Every judge's sheet on every entry of the stage and group: value and note per criterion, the weighted total,
    status and the overall note (two queries)."""
    sheets = list(score_sheets(stage, group))
    values = ranking.score_values({sheet.assignment.entry_id for sheet in sheets})
    headers = [_("Title"), _("Agency"), _("Judge"), _("Status"), _("Submitted at (WIB)")]
    headers += [f"{criterion.name} ({criterion.weight}%)" for criterion in criteria]
    headers += [_("Weighted total")]
    headers += [_("Note: %(criterion)s") % {"criterion": criterion.name} for criterion in criteria]
    headers += [_("Overall note")]
    rows = []
    for sheet in sheets:
        mine = values.get(sheet.pk, {})
        proposal = sheet.assignment.entry.proposal
        rows.append(
            [
                proposal.title,
                proposal.agency.name,
                str(sheet.assignment.judge),
                sheet.get_status_display(),
                local_time(sheet.submitted_at),
                *[score_number(mine.get(criterion.pk, (None, ""))[0]) for criterion in criteria],
                number(float(sheet.total)),
                *[mine.get(criterion.pk, (None, ""))[1] for criterion in criteria],
                sheet.overall_note,
            ]
        )
    title = _("Score sheets %(stage)s") % {"stage": stage.get_kind_display()}
    return Table(title=title, headers=headers, rows=rows)


# --- Writers --------------------------------------------------------------------------------------------------------


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheet programs read the Indonesian text right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    # Sheet titles are at most 31 characters and cannot hold []:*?/\
    sheet.title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31] or "Sheet"
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    for column in range(1, len(table.headers) + 1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
        sheet.column_dimensions[get_column_letter(column)].width = min(
            60, max(10, len(str(table.headers[column - 1])) + 2)
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The judge's score sheet as minutes (PDF) -----------------------------------------------------------------------


def _paragraph(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), style)


def score_sheet_pdf(
    *,
    stage: Stage,
    judge: Judge,
    sheets: Sequence[ScoreSheet],
    values: dict[int, dict[int, tuple[int | None, str]]],
    confirmation: Confirmation | None,
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The judge's scores on every entry of `stage` as the jury's minutes, in Indonesian, with who confirmed the
    sheet and when (or that it is not confirmed, or no longer matches the scores)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    criteria = list(stage.criteria.all())
    generated_at = generated_at or timezone.now()
    with translation.override("id"):
        styles = getSampleStyleSheet()
        small = styles["BodyText"].clone("small", fontSize=8, leading=10)
        name = judge.user.get_full_name() or judge.user.get_username()
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=landscape(A4),
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=_("Score sheet of %(judge)s — %(stage)s") % {"judge": name, "stage": stage.get_kind_display()},
            author=name,
            # Uncompressed page streams: the minutes stay searchable text for archives and checks.
            pageCompression=0,
        )
        story = [
            _paragraph(_("Minutes of judging (berita acara penilaian)"), styles["Title"]),
            _paragraph(
                _("%(edition)s — %(stage)s") % {"edition": stage.edition, "stage": stage.get_kind_display()},
                styles["Heading2"],
            ),
            _paragraph(_("Judge: %(name)s") % {"name": name}, styles["BodyText"]),
            _paragraph(_("Affiliation: %(affiliation)s") % {"affiliation": judge.affiliation}, styles["BodyText"]),
            Spacer(1, 4 * mm),
        ]
        # Criteria names do not fit a column of a landscape page: the columns carry a short code and its weight
        # ("K1 10%"), the legend under the table names them in full, so no header is broken inside a word.
        header = [_("No."), _("Entry")]
        header += [f"K{index}<br/>{criterion.weight}%" for index, criterion in enumerate(criteria, start=1)]
        header += [_("Total"), _("Status")]
        head_style = small.clone("head", fontName="Helvetica-Bold", splitLongWords=0)
        data = [[Paragraph(text, head_style) for text in header]]
        for index, sheet in enumerate(sheets, start=1):
            mine = values.get(sheet.pk, {})
            row = [str(index), _paragraph(sheet.assignment.entry.proposal.title, small)]
            for criterion in criteria:
                value = mine.get(criterion.pk, (None, ""))[0]
                row.append(format_score(value))
            row.append(number_format(sheet.total, decimal_pos=2))
            row.append(str(SheetStatus(sheet.status).label))
            data.append(row)
        if len(data) == 1:
            data.append(["", _paragraph(_("No entries assigned in this stage."), small)] + [""] * (len(header) - 2))
        entry_width = 80 * mm
        other = (document.width - entry_width - 10 * mm) / max(1, len(header) - 2)
        table = Table(data, colWidths=[10 * mm, entry_width] + [other] * (len(header) - 2), repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (2, 1), (-2, -1), "RIGHT"),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                ]
            )
        )
        legend = "; ".join(
            f"K{index} {escape(criterion.name)} ({criterion.weight}%)" for index, criterion in enumerate(criteria, 1)
        )
        story += [table, Spacer(1, 2 * mm)]
        if criteria:
            story.append(Paragraph(_("Criteria: %(legend)s.") % {"legend": legend}, small))
        story.append(Spacer(1, 6 * mm))
        if confirmation is None:
            statement = _("Not confirmed by the judge yet.")
        else:
            when = timezone.localtime(confirmation.confirmed_at, JAKARTA)
            statement = _("Confirmed by %(name)s on %(date)s at %(time)s WIB.") % {
                "name": confirmation.name,
                "date": date_format(when, "DATE_FORMAT"),
                "time": date_format(when, "TIME_FORMAT"),
            }
            if not confirmation.is_current:
                statement += " " + _("Scores changed after this confirmation: the judge must confirm again.")
        story += [
            _paragraph(
                _(
                    "With this sheet the judge states that the scores above are their own independent assessment "
                    "of each entry."
                ),
                styles["BodyText"],
            ),
            _paragraph(statement, styles["Heading3"]),
            Spacer(1, 12 * mm),
            _paragraph(_("Judge: %(name)s") % {"name": name}, styles["BodyText"]),
            _paragraph(
                _("Printed on %(date)s at %(time)s WIB.")
                % {
                    "date": date_format(timezone.localtime(generated_at, JAKARTA), "DATE_FORMAT"),
                    "time": date_format(timezone.localtime(generated_at, JAKARTA), "TIME_FORMAT"),
                },
                small,
            ),
        ]
        document.build(story)
    return buffer.getvalue()


def filename(*parts: object, ext: str) -> str:
    """A safe file name from parts, e.g. ranking-2026-desk-umum.csv."""
    text = "-".join(str(part) for part in parts if part not in (None, ""))
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text.lower())
    return f"{safe.strip('-') or 'export'}.{ext}"
