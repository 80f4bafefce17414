"""Organizer pages for judging: an edition's panels (list, create, edit), each stage's round (settings, open, close),
the assignment of judges to a stage's entries (run it, see which entries lack judges and why), and one entry's
judges (add one by hand, remove one, reopen a submitted sheet).

Thin views: forms validate, judging.services decide and write; a DomainError becomes a message with nothing
changed. Dangerous actions confirm on GET and act on POST.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import GroupKind
from competitions.models import Edition, Stage
from core.exceptions import DomainError
from core.forms import OverrideOrderForm
from core.order import OutOfOrder

from .. import queries, services
from ..enums import RoundState, SheetStatus
from ..forms import AddJudgeForm, PanelForm, ReopenScoresForm, RoundSettingsForm
from ..models import Assignment, Panel, PanelMember, ScoreSheet, StageEntry

PAGE_SIZE = 50
# The panel list names this many of a panel's judges (all of them are on the panel's page).
PANEL_NAMES_SHOWN = 8


class ManagePanelsMixin(PermissionRequiredMixin):
    """Organizers only; nothing is loaded before the permission is checked."""

    permission_required = "judging.manage_panels"

    def get_permission_object(self):
        return None


class EditionMixin(ManagePanelsMixin):
    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition, year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)


class StageMixin(ManagePanelsMixin):
    @cached_property
    def stage(self) -> Stage:
        return get_object_or_404(
            Stage.objects.select_related("edition", "round"),
            edition__year=self.kwargs["year"],
            kind=self.kwargs["kind"],
        )

    @cached_property
    def stage_round(self):
        return queries.round_for(self.stage)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            edition=self.stage.edition, stage=self.stage, stage_round=self.stage_round, **kwargs
        )

    def assignments_url(self) -> str:
        return reverse("judging:stage_assignments", args=[self.stage.edition.year, self.stage.kind])


# --- Panels ---------------------------------------------------------------------------------------------------------


class PanelListView(EditionMixin, TemplateView):
    """The edition's panels with their groups and judges, and each stage's round with its entries and progress."""

    template_name = "judging/panels/list.html"

    def get_context_data(self, **kwargs):
        edition = self.edition
        stages = queries.stages_with_rounds(edition)
        stage_ids = [stage.pk for stage in stages]
        counts: dict[int, dict] = {}
        for row in StageEntry.objects.filter(stage_id__in=stage_ids).order_by().values("stage").annotate(n=Count("pk")):
            counts.setdefault(row["stage"], {})["entry_count"] = row["n"]
        for row in (
            Assignment.objects.filter(entry__stage_id__in=stage_ids)
            .order_by()
            .values("entry__stage")
            .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(sheet__status=SheetStatus.SUBMITTED)))
        ):
            counts.setdefault(row["entry__stage"], {}).update(
                assignment_count=row["assigned"], submitted_count=row["submitted"]
            )
        stages = [(stage, queries.round_for(stage), counts.get(stage.pk, {})) for stage in stages]
        panels = list(queries.panel_summaries(edition, names=PANEL_NAMES_SHOWN))
        covered = {group for panel in panels for group in panel.group_kinds}
        return super().get_context_data(
            panels=panels,
            stages=stages,
            uncovered=[kind.label for kind in GroupKind if kind not in covered],
            **kwargs,
        )


class PanelFormMixin:
    """The panel form with its judges a page at a time: `?q=` narrows them by name, agency or affiliation, `?show=`
    to the panel's members or the others (when editing), `?page=` turns the pages. Saving keeps every member the page
    did not show (PanelForm.clean_judges), so a panel of hundreds of judges is edited a page at a time."""

    template_name = "judging/panels/panel_form.html"
    form_class = PanelForm
    judges_page_size = PAGE_SIZE

    def members(self) -> set[int]:
        return set()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "judges_queryset": queries.judges_for_choice(),
            "members": self.members(),
        }

    def get_success_url(self):
        return reverse("judging:panels", args=[self.edition.year])

    def judge_filters(self) -> dict:
        params = self.request.GET
        show = params.get("show", "")
        return {"q": params.get("q", "").strip()[:100], "show": show if show in ("members", "others") else ""}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        members = form.members
        filters = self.judge_filters()
        judges = queries.judge_choice_rows(filters["q"])
        if filters["show"] == "members":
            judges = judges.filter(pk__in=members)
        elif filters["show"] == "others":
            judges = judges.exclude(pk__in=members)
        page = Paginator(judges, self.judges_page_size).get_page(self.request.GET.get("page"))
        rows = list(page.object_list)
        if form.is_bound:
            ticked = {value for value in form.data.getlist("judges") if value.isascii() and value.isdigit()}
            checked = {row["pk"] for row in rows if str(row["pk"]) in ticked}
        else:
            checked = members
        query = {key: value for key, value in filters.items() if value}
        context.update(
            judges_page=page,
            page_obj=page,
            judge_rows=[
                {"pk": row["pk"], "label": queries.judge_row_label(row), "checked": row["pk"] in checked}
                for row in rows
            ],
            shown_name=PanelForm.SHOWN,
            member_count=len(members),
            judge_filters=filters,
            query_string=urlencode(query),
        )
        return context


class PanelCreateView(EditionMixin, PanelFormMixin, FormView):
    def form_valid(self, form):
        try:
            panel = services.create_panel(self.edition, **form.cleaned_data, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Panel “%(name)s” created.") % {"name": panel.name})
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("New panel"), **kwargs)


class PanelEditView(ManagePanelsMixin, PanelFormMixin, FormView):
    @cached_property
    def panel(self) -> Panel:
        return get_object_or_404(
            Panel.objects.select_related("edition").prefetch_related("groups"), pk=self.kwargs["pk"]
        )

    @property
    def edition(self) -> Edition:
        return self.panel.edition

    @cached_property
    def member_ids(self) -> set[int]:
        return set(PanelMember.objects.filter(panel=self.panel).values_list("judge_id", flat=True))

    def members(self) -> set[int]:
        return self.member_ids

    def get_initial(self):
        panel = self.panel
        return {
            "name": panel.name,
            "description": panel.description,
            "groups": panel.group_kinds,
            "judges": sorted(self.member_ids),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit panel"), edition=self.edition, panel=self.panel, **kwargs)

    def form_valid(self, form):
        try:
            services.update_panel(self.panel, **form.cleaned_data, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Panel “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
        return redirect(self.get_success_url())


# --- Rounds ---------------------------------------------------------------------------------------------------------


class RoundSettingsView(StageMixin, FormView):
    template_name = "judging/panels/round_settings.html"
    form_class = RoundSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": queries.round_for(self.stage)}

    def form_valid(self, form):
        changes = {name: form.cleaned_data[name] for name in services.ROUND_SETTINGS_FIELDS}
        try:
            services.update_round_settings(self.stage, **changes, actor=self.request.user)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Judging settings of the stage saved."))
        return redirect("judging:panels", year=self.stage.edition.year)


class RoundStateView(StageMixin, TemplateView):
    """GET: confirm; POST: move the round to `new_state` through services.set_round_state. Asked from a group's
    ranking (`?group=`), it returns there, where the next step (advancing a shortlist) is; else to the panels."""

    template_name = "judging/panels/round_state_confirm.html"
    new_state = ""

    @cached_property
    def ranking_group(self) -> str:
        group = self.request.GET.get("group", "")
        return group if group in GroupKind.values else ""

    def return_url(self) -> str:
        if self.ranking_group:
            return reverse("judging:ranking", args=[self.stage.edition.year, self.stage.kind, self.ranking_group])
        return reverse("judging:panels", args=[self.stage.edition.year])

    def get_context_data(self, **kwargs):
        missing = services.opening_missing(self.stage, self.stage_round) if self.new_state == RoundState.OPEN else []
        kwargs.setdefault("override_form", OverrideOrderForm())
        return super().get_context_data(
            new_state=self.new_state, return_url=self.return_url(), missing=missing, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = OverrideOrderForm(request.POST)
        reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
        try:
            services.set_round_state(self.stage, self.new_state, actor=request.user, override_reason=reason)
        except OutOfOrder as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(override_form=form))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(stage)s is now “%(state)s”.")
                % {"stage": self.stage.get_kind_display(), "state": RoundState(self.new_state).label},
            )
        return redirect(self.return_url())


class RoundOpenView(RoundStateView):
    new_state = RoundState.OPEN


class RoundCloseView(RoundStateView):
    new_state = RoundState.CLOSED


# --- Assignment -----------------------------------------------------------------------------------------------------


class StageAssignmentsView(StageMixin, TemplateView):
    """The stage's entries with their judges (paginated; filter by group or "lacking judges"), and the spread of the
    judges' loads (each judge's load is on the progress page)."""

    template_name = "judging/panels/stage_assignments.html"

    def get_context_data(self, **kwargs):
        group = self.request.GET.get("group", "")
        group = group if group in GroupKind.values else ""
        lacking = self.request.GET.get("lacking") == "1"
        wanted = self.stage_round.judges_per_entry
        entries = queries.entries_for_assignment(self.stage, group=group, lacking_below=wanted if lacking else None)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = queries.assignment_rows(list(page.object_list))
        judges = queries.judges_of_entries(row["pk"] for row in rows)
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            page_obj=page,
            entries=rows,
            entry_rows=[
                {**row, "judges": judges.get(row["pk"], []), "group_label": GroupKind(row["proposal__group"]).label}
                for row in rows
            ],
            wanted=wanted,
            submitted_status=SheetStatus.SUBMITTED,
            load_summary=queries.load_summary(self.stage),
            groups=GroupKind.choices,
            group=group,
            lacking=lacking,
            query_string=urlencode(query),
            **kwargs,
        )


class AssignmentReportMixin(StageMixin):
    """The preview of an assignment run for the whole stage (its counts), with one page of the entries it cannot
    complete (`?page=`) and one page of the assignments it would create (`?planned=`)."""

    def get_context_data(self, **kwargs):
        report = queries.assignment_preview(self.stage)
        params = self.request.GET
        shortfalls = Paginator(report.shortfalls, PAGE_SIZE).get_page(params.get("page"))
        planned = Paginator(report.pairs, PAGE_SIZE).get_page(params.get("planned"))
        return super().get_context_data(
            report=report,
            shortfalls_page=shortfalls,
            shortfalls_query=_query_without(params, "page"),
            planned_page=planned,
            planned_rows=queries.planned_rows(self.stage, list(planned.object_list)),
            planned_query=_query_without(params, "planned"),
            **kwargs,
        )


def _query_without(params, name: str) -> str:
    return urlencode({key: value for key, value in params.items() if key != name and value})


class RunAssignmentView(AssignmentReportMixin, TemplateView):
    """GET: what a run would do (a preview); POST: run services.assign_judges, then show the result page."""

    template_name = "judging/panels/run_confirm.html"

    def post(self, request, *args, **kwargs):
        try:
            result = services.assign_judges(self.stage, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(self.assignments_url())
        messages.success(
            request,
            _("%(created)s assignments created; %(admitted)s entries admitted to the stage.")
            % {"created": result.created, "admitted": result.admitted},
        )
        return redirect("judging:assignment_result", year=self.stage.edition.year, kind=self.stage.kind)


class AssignmentResultView(AssignmentReportMixin, TemplateView):
    """The entries that still lack judges after the last run, and why (recomputed, so it stays true later)."""

    template_name = "judging/panels/assignment_result.html"


class EntryMixin(ManagePanelsMixin):
    @cached_property
    def entry(self) -> StageEntry:
        return get_object_or_404(
            StageEntry.objects.select_related(
                "stage__edition", "stage__round", "proposal__agency", "proposal__category"
            ),
            pk=self.kwargs["pk"],
        )

    def entry_url(self) -> str:
        return reverse("judging:entry_judges", args=[self.entry.pk])

    def get_context_data(self, **kwargs):
        entry = self.entry
        return super().get_context_data(
            entry=entry,
            stage=entry.stage,
            edition=entry.stage.edition,
            stage_round=queries.round_for(entry.stage),
            **kwargs,
        )


class EntryJudgesView(EntryMixin, TemplateView):
    """One entry's judges with their sheets, a form to add a judge, and declared conflicts on the proposal."""

    template_name = "judging/panels/entry_judges.html"

    def get_context_data(self, **kwargs):
        assignments = Assignment.objects.filter(entry=self.entry).select_related(
            "judge__user", "judge__agency", "sheet"
        )
        return super().get_context_data(
            assignments=list(assignments),
            add_form=AddJudgeForm(judges_queryset=queries.judges_for_choice()),
            conflicts=list(self.entry.proposal.judge_conflicts.select_related("judge__user")),
            **kwargs,
        )


class EntryJudgeAddView(EntryMixin, FormView):
    """POST only: add the chosen judge; a conflict of interest is refused with a message naming it."""

    http_method_names = ["post"]
    form_class = AddJudgeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "judges_queryset": queries.judges_for_choice()}

    def form_valid(self, form):
        judge = form.cleaned_data["judge"]
        try:
            services.assign_judge(self.entry, judge, actor=self.request.user)
        except DomainError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("%(judge)s now judges this entry.") % {"judge": judge})
        return redirect(self.entry_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Choose a judge."))
        return redirect(self.entry_url())


class AssignmentMixin(ManagePanelsMixin):
    @cached_property
    def assignment(self) -> Assignment:
        return get_object_or_404(
            Assignment.objects.select_related(
                "judge__user", "sheet", "entry__stage__edition", "entry__stage__round", "entry__proposal"
            ),
            pk=self.kwargs["pk"],
        )

    def entry_url(self) -> str:
        return reverse("judging:entry_judges", args=[self.assignment.entry_id])

    def get_context_data(self, **kwargs):
        entry = self.assignment.entry
        return super().get_context_data(
            assignment=self.assignment, entry=entry, stage=entry.stage, edition=entry.stage.edition, **kwargs
        )


class AssignmentRemoveView(AssignmentMixin, TemplateView):
    """GET: confirm; POST: remove the judge from the entry (refused when their scores are submitted)."""

    template_name = "judging/panels/assignment_remove.html"

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        try:
            services.unassign_judge(assignment, actor=request.user, note=request.POST.get("note", "")[:1000])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(judge)s no longer judges this entry.") % {"judge": assignment.judge})
        return redirect(self.entry_url())


class SheetReopenView(AssignmentMixin, FormView):
    """GET: ask for the reason; POST: reopen the judge's submitted scores."""

    template_name = "judging/panels/sheet_reopen.html"
    form_class = ReopenScoresForm

    def form_valid(self, form):
        sheet = ScoreSheet.objects.get(assignment=self.assignment)
        try:
            services.reopen_scores(sheet, actor=self.request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request, _("The scores of %(judge)s are reopened as a draft.") % {"judge": self.assignment.judge}
            )
        return redirect(self.entry_url())
