"""Organizer pages of the ranking: an overview of the edition's stages and groups, the ranking of one group in one
stage (raw or normalized, with each entry's per-judge and per-criterion breakdown), the final ranking, and
advancing a shortlist to the next stage. Closing a stage and reopening a sheet are judging/views/panels.py's."""

import contextlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import GroupKind
from competitions.models import Edition, Stage
from core import caching
from core.exceptions import DomainError

from .. import ranking, shortlist
from ..enums import RoundState, SheetStatus
from ..forms_ranking import ShortlistConfirmForm, ShortlistForm
from ..models import Assignment, StageEntry
from ..queries import round_for

PAGE_SIZE = 50
STOPPED_BLOCK_ROWS = 50
# Rendered rows are kept under keys made of what they show (they never go stale), for as long as they are reused.
FRAGMENT_TIMEOUT = 15 * 60


def view_of(request) -> str:
    value = request.GET.get("view", ranking.RAW)
    return value if value in ranking.VIEWS else ranking.RAW


class RankedEntries:
    """A stage's ranked entries as the Paginator reads them: the page and the entries without a result are read
    first, in one query that also counts the entries (the Paginator asks for the count before it slices); each
    page is cut out by the database, so that a page's cost follows the rows it shows."""

    def __init__(self, result: ranking.StageRanking, *, per_page: int, number, pending_limit: int | None):
        self.result = result
        try:
            offset = (max(1, int(number)) - 1) * per_page
        except (TypeError, ValueError):
            offset = 0
        self.rows, self.pending = result.page(offset, per_page, pending_limit=pending_limit)
        self.offset = result.page_offset  # the last page's when the number is beyond the end

    def __len__(self) -> int:
        return self.result.ranked_count

    def __getitem__(self, index: slice) -> list[ranking.StageRow]:
        start, stop, _step = index.indices(len(self))
        if start == self.offset and len(self.rows) == stop - start:
            return self.rows
        return self.result.page(start, max(0, stop - start), pending_limit=0)[0]


def rows_key(result: ranking.StageRanking, rows: list[ranking.StageRow], **links) -> str:
    """The fragment key of a page's ranked rows: everything the rows show (each row's result and placements, its
    sheets with their versions, the criteria) and what their links depend on; the template adds the language. A
    score saved, a sheet reopened or a judge removed changes the key, so no write has to invalidate the rows."""
    criteria = [(criterion.pk, criterion.name, criterion.weight) for criterion in result.criteria]
    shown = [
        (
            row.entry,
            row.score,
            row.normalized,
            row.z,
            row.spread,
            row.disagreement,
            row.lowest,
            row.highest,
            row.judge_count,
            row.submitted_count,
            sorted(row.placements.items()),
            sorted(row.criterion_means.items()),
            [
                (sheet.sheet_id, sheet.assignment_id, sheet.judge_id, sheet.judge_name, sheet.status, sheet.total)
                + (sheet.submitted_at, sheet.version, sheet.z)
                for sheet in row.sheets
            ],
        )
        for row in rows
    ]
    return caching.content_key(result.view, criteria, shown, sorted(links.items()))


def blocks_key(result: ranking.FinalRanking, **links) -> str:
    """The fragment key of the final ranking's blocks: everything they show (each row's scores, placements and
    stage cells, the blocks' sizes, the stages and their weights); the template adds the language."""
    stages = [(stage.pk, stage.kind, stage.weight) for stage in result.weighted_stages]

    def shown(row: ranking.FinalRow) -> tuple:
        cells = [
            (cell.admitted, cell.judge_count, cell.submitted_count, cell.score, cell.normalized, cell.disagreement)
            for cell in row.stage_cells
        ]
        return (row.proposal_id, row.title, row.agency, row.category, row.raw, row.normalized) + (
            sorted(row.placements.items()),
            cells,
        )

    blocks = [
        (block.last_stage and block.last_stage.pk, block.count, [shown(row) for row in block.rows])
        for block in result.blocks
    ]
    others = [(row.proposal_id, row.title, row.agency) for row in result.without_result]
    return caching.content_key(result.view, stages, blocks, others, result.without_result_count, sorted(links.items()))


class RankingMixin(PermissionRequiredMixin):
    """The edition of the URL (404 when missing), for organizers (`judging.view_ranking`)."""

    permission_required = "judging.view_ranking"

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition.objects.prefetch_related("groups"), year=self.kwargs["year"])

    @cached_property
    def stages(self) -> list[Stage]:
        return ranking.stages_of(self.edition)

    @cached_property
    def group(self) -> str:
        group = self.kwargs["group_kind"]
        if group not in GroupKind.values:
            raise Http404
        return group

    def group_tabs(self) -> list[tuple[str, str]]:
        kinds = {group.kind for group in self.edition.groups.all()}
        return [(kind, label) for kind, label in GroupKind.choices if kind in kinds]

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, stages=self.stages, **kwargs)


class StageRankingMixin(RankingMixin):
    @cached_property
    def stage(self) -> Stage:
        stage = next((stage for stage in self.stages if stage.kind == self.kwargs["kind"]), None)
        if stage is None:
            raise Http404
        return stage

    @cached_property
    def next_stage(self) -> Stage | None:
        return self.stage.next_in_cycle(self.stages)


class RankingOverviewView(RankingMixin, TemplateView):
    """Every stage × group of the edition with its entries and how far the judges are, linking to the rankings."""

    template_name = "judging/ranking/overview.html"

    def get_context_data(self, **kwargs):
        entries = {
            (row["stage_id"], row["proposal__group"]): row["count"]
            for row in StageEntry.objects.filter(stage__edition=self.edition)
            .order_by()
            .values("stage_id", "proposal__group")
            .annotate(count=Count("pk"))
        }
        sheets = {
            (row["entry__stage_id"], row["entry__proposal__group"]): (row["submitted"], row["assigned"])
            for row in Assignment.objects.filter(entry__stage__edition=self.edition)
            .order_by()
            .values("entry__stage_id", "entry__proposal__group")
            .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        }
        groups = self.group_tabs()
        table = [
            (
                stage,
                round_for(stage),
                [
                    (kind, label, entries.get((stage.pk, kind), 0), sheets.get((stage.pk, kind), (0, 0)))
                    for kind, label in groups
                ],
            )
            for stage in self.stages
        ]
        return super().get_context_data(table=table, groups=groups, **kwargs)


class StageRankingView(StageRankingMixin, TemplateView):
    """The ranking of one group in one stage. `?view=normalized` orders by the normalized score (both ranks are
    always shown); the database ranks and paginates the entries, and the breakdown of the entries on the page is
    loaded in one query, skipped when their rendered rows are cached (rows_key). A constant number of queries
    whatever the number of entries."""

    template_name = "judging/ranking/stage.html"

    def get_context_data(self, **kwargs):
        view = view_of(self.request)
        result = ranking.stage_ranking(self.stage, self.group, view=view)
        number = self.request.GET.get("page")
        # Early in a stage most entries are still without a result: the first rows are shown unless asked.
        all_pending = self.request.GET.get("pending") == "all"
        entries = RankedEntries(
            result, per_page=PAGE_SIZE, number=number, pending_limit=None if all_pending else STOPPED_BLOCK_ROWS
        )
        page = Paginator(entries, PAGE_SIZE).get_page(number)
        stage_round = round_for(self.stage)
        stage_open = stage_round.state == RoundState.OPEN
        can_reopen = self.request.user.has_perm("judging.reopen_scores")
        pending = entries.pending
        return super().get_context_data(
            stage=self.stage,
            stage_round=stage_round,
            group=self.group,
            group_label=GroupKind(self.group).label,
            groups=self.group_tabs(),
            view=view,
            result=result,
            page_obj=page,
            rows=page.object_list,
            # Called by the template only when the rows' HTML is not cached (one query).
            rows_with_breakdown=lambda: result.with_breakdown(page.object_list),
            rows_cache_timeout=FRAGMENT_TIMEOUT,
            rows_cache_key=rows_key(result, page.object_list, can_reopen=can_reopen, stage_open=stage_open),
            pending=pending,
            pending_hidden=result.summary.pending_count - len(pending),
            query_string=urlencode({"view": view}),
            next_stage=self.next_stage,
            can_advance=shortlist.refusal(self.stage, self.next_stage) is None and result.ranked_count,
            stage_open=stage_open,
            **kwargs,
        )


class FinalRankingView(RankingMixin, TemplateView):
    """The final ranking of a group: entries with a result in every weighted stage, then the others in blocks by
    the furthest stage they have a result in."""

    template_name = "judging/ranking/final.html"

    def get_context_data(self, **kwargs):
        view = view_of(self.request)
        full = self.request.GET.get("full") == "1"
        # Entries that stopped early can be most of the edition; their blocks show the first rows unless asked.
        result = ranking.final_ranking(
            self.edition, self.group, view=view, stages=self.stages, block_rows=None if full else STOPPED_BLOCK_ROWS
        )
        return super().get_context_data(
            blocks=[(block, block.rows, block.hidden) for block in result.blocks],
            full=full,
            group=self.group,
            group_label=GroupKind(self.group).label,
            groups=self.group_tabs(),
            view=view,
            result=result,
            weighted_stages=result.weighted_stages,
            blocks_cache_timeout=FRAGMENT_TIMEOUT,
            blocks_cache_key=blocks_key(result, full=full),
            **kwargs,
        )


class AdvanceShortlistView(StageRankingMixin, TemplateView):
    """Advance a shortlist of a group to the next stage.

    GET shows the ranked entries with checkboxes prefilled with the top N (`top`, default the group's number of
    winners); the form is sent by GET again to refill (`refill`) or to preview the decision (`preview`), which asks
    for the reason when the selection departs from the top N. Only the preview's POST admits the entries."""

    permission_required = "judging.advance_shortlist"
    template_name = "judging/ranking/advance.html"

    @cached_property
    def result(self) -> ranking.StageRanking:
        # For display and for reading the form; advance_shortlist ranks again from the database to decide.
        return ranking.stage_ranking(self.stage, self.group, view=view_of(self.request))

    def default_top(self) -> int:
        group = next((group for group in self.edition.groups.all() if group.kind == self.group), None)
        return max(1, min(group.winners_count if group else 10, len(self.result.ranked) or 1))

    def candidates(self, result) -> list[tuple[int, str]]:
        return [(row.proposal.pk, row.proposal.title) for row in result.ranked]

    def refuse(self):
        refused = shortlist.refusal(self.stage, self.next_stage)
        if refused:
            messages.error(self.request, refused)
            return redirect("judging:ranking", self.edition.year, self.stage.kind, self.group)
        return None

    def get(self, request, *args, **kwargs):
        refused = self.refuse()
        if refused:
            return refused
        data = request.GET.copy()
        data.setdefault("view", ranking.RAW)
        form = ShortlistForm(data, candidates=self.candidates(self.result))
        top = self.default_top()
        if "top" in request.GET:
            with contextlib.suppress(ValueError):
                top = max(1, int(request.GET["top"]))
        top_ids = [row.proposal.pk for row in self.result.top(top)]
        if "preview" in request.GET and form.is_valid():
            confirm = ShortlistConfirmForm(
                initial={**form.cleaned_data},
                candidates=self.candidates(self.result),
            )
            return self.render_to_response(self.preview_context(form.cleaned_data, confirm))
        if "preview" not in request.GET or "refill" in request.GET:
            form = ShortlistForm(
                initial={"top": top, "view": data["view"], "chosen": top_ids},
                candidates=self.candidates(self.result),
            )
        # The template writes a checkbox per ranked entry (one widget template per entry cost 40 µs each).
        ticked = {str(value) for value in (form["chosen"].value() or [])}
        return self.render_to_response(
            self.get_context_data(form=form, top=top, rows=self.result.ranked, ticked=ticked)
        )

    def preview_context(self, data: dict, form) -> dict:
        chosen = set(data["chosen"])
        top = len(chosen)
        top_rows = self.result.top(top)
        top_ids = {row.proposal.pk for row in top_rows}
        return self.get_context_data(
            preview=True,
            form=form,
            chosen_rows=[row for row in self.result.ranked if row.proposal.pk in chosen],
            left_out=[row for row in top_rows if row.proposal.pk not in chosen],
            added=[row for row in self.result.ranked if row.proposal.pk in chosen - top_ids],
            top=top,
        )

    def post(self, request, *args, **kwargs):
        refused = self.refuse()
        if refused:
            return refused
        form = ShortlistConfirmForm(request.POST, candidates=self.candidates(self.result))
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = shortlist.advance_shortlist(
                    self.stage,
                    group=self.group,
                    proposals=data["chosen"],
                    actor=request.user,
                    view=data["view"],
                    reason=data["reason"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s entries admitted to %(stage)s.")
                    % {"count": len(created), "stage": self.next_stage.get_kind_display()},
                )
                return redirect("judging:ranking", self.edition.year, self.stage.kind, self.group)
            return self.render_to_response(self.preview_context(data, form))
        messages.error(request, _("The selection could not be read; choose the entries again."))
        return redirect("judging:advance_shortlist", self.edition.year, self.stage.kind, self.group)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stage=self.stage,
            group=self.group,
            group_label=GroupKind(self.group).label,
            next_stage=self.next_stage,
            result=self.result,
            already=shortlist.advanced_proposal_ids(self.stage, self.group),
            **kwargs,
        )
