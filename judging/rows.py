"""Rows of the organizer's long judging lists written without a template each: a template per row was most of
those pages' time. Each writer is tested equal to the template markup it
replaces, in both languages (tests/judging/test_panels.py, test_progress.py); everything is escaped (format_html,
or html.escape, which is what Django's escape does)."""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from competitions.enums import GroupKind
from competitions.models import Stage

from . import queries
from .enums import SheetStatus
from .forms import PanelForm


def judge_checkboxes_html(rows: list[dict], checked: set[int]) -> str:
    """One page of judges as checkboxes (with the hidden list of those shown), without a template each."""
    return format_html_join(
        "\n",
        '<div class="form-check" data-judge="{0}"><input type="hidden" name="{1}" value="{0}">'
        '<input class="form-check-input" type="checkbox" name="judges" value="{0}" id="id_judges_{0}"{2}>'
        '<label class="form-check-label" for="id_judges_{0}">{3}</label></div>',
        (
            (
                row["pk"],
                PanelForm.SHOWN,
                mark_safe(" checked") if row["pk"] in checked else "",
                queries.judge_row_label(row),
            )
            for row in rows
        ),
    )


def assignment_row_html(row: dict, judges: list[dict], wanted: int) -> str:
    """One row of the assignment list, written without a template: 50 rows of three judges each rendered ~2,500
    template nodes, most of the page's time."""
    submitted, draft = _("Submitted"), _("Draft")
    names = format_html_join(
        "",
        '<span class="d-block">{} {}</span>',
        (
            (
                judge["name"],
                format_html('<span class="badge text-bg-success">{}</span>', submitted)
                if judge["sheet__status"] == SheetStatus.SUBMITTED
                else format_html('<span class="badge text-bg-warning">{}</span>', draft)
                if judge["sheet__version"]
                else "",
            )
            for judge in judges
        ),
    )
    if not judges:
        names = format_html('<span class="text-danger">{}</span>', _("No judges"))
    if row["judge_count"] < wanted:
        names += format_html(
            '<span class="badge text-bg-danger">{}</span>',
            _("%(have)s of %(wanted)s") % {"have": row["judge_count"], "wanted": wanted},
        )
    return format_html(
        '<tr data-entry="{pk}"><td>{title}<br><small class="text-body-secondary">{group} · {agency}</small></td>'
        '<td>{names}</td><td><a class="btn btn-sm btn-outline-primary" href="{url}">{label}</a></td></tr>',
        pk=row["pk"],
        title=row["proposal__title"],
        group=GroupKind(row["proposal__group"]).label,
        agency=row["proposal__agency__name"],
        names=names,
        url=reverse("judging:entry_judges", args=[row["pk"]]),
        label=_("Judges"),
    )


def judge_rows_html(request, stage: Stage, rows) -> list[str]:
    """The page's rows of the per-judge table, written without a template (each has a form for the judge's PDF)."""
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    behind = format_html(' <span class="badge text-bg-warning">{}</span>', _("behind"))
    pdf = _("PDF")
    year, kind = stage.edition.year, stage.kind
    return [
        format_html(
            '<tr data-judge="{id}" data-submitted="{submitted}" data-assigned="{assigned}">'
            '<th scope="row">{name}{behind}</th>'
            '<td class="text-end">{submitted} / {assigned}</td><td class="text-end">{started}</td>'
            '<td class="text-end">{not_started}</td>'
            '<td><progress class="w-100" max="100" value="{percent}" aria-label="{label}">{percent}%</progress>'
            "<small>{percent}%</small></td>"
            '<td><form method="post" action="{url}">{token}<button type="submit" class="btn btn-sm btn-link p-0">'
            '{pdf}<span class="visually-hidden"> {name}</span></button></form></td></tr>',
            id=row.judge_id,
            submitted=row.submitted,
            assigned=row.assigned,
            name=row.name,
            behind=behind if row.is_behind else "",
            started=row.started,
            not_started=row.not_started,
            percent=row.percent,
            label=_("Progress of %(name)s") % {"name": row.name},
            url=reverse("judging:judge_score_sheet_pdf", args=[year, kind, row.judge_id]),
            token=token,
            pdf=pdf,
        )
        for row in rows
    ]
