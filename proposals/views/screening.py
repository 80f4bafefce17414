"""Administrative screening by organizers: the list of submitted proposals, a checklist page per proposal, and one
confirm-then-act page per decision (pass, return for revision, reject), each calling services.screen_proposal."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import ProposalSection
from core.exceptions import DomainError

from .. import declarations, queries, services
from ..attachments import attachment_problems
from ..checks import basics_problems, declaration_problems, replication_problems, section_problems
from ..enums import ALLOWED_TRANSITIONS, DECISION_STATES, ScreeningDecision
from ..filters import ScreeningFilter
from ..forms_screening import DecisionNoteForm, RejectDecisionForm, ReturnDecisionForm
from ..models import count_words
from ..screening import (
    SCREENING_STATES,
    eligibility_of,
    quota_position_of,
    screening_detail_queryset,
)

PAGE_SIZE = 25


class ScreeningPermissionMixin(PermissionRequiredMixin):
    """Organizers only; the permission is not about one proposal, so nothing is loaded before it is checked."""

    permission_required = "proposals.screen_proposal"

    def get_permission_object(self):
        return None


class ScreeningListView(ScreeningPermissionMixin, TemplateView):
    template_name = "proposals/screening/list.html"

    def get_context_data(self, **kwargs):
        filters = ScreeningFilter(self.request.GET)
        edition = filters.chosen_edition
        page = None
        if edition is not None:
            page = Paginator(filters.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            form=filters.form,
            edition=edition,
            page_obj=page,
            proposals=page.object_list if page else [],
            query_string=urlencode(query),
            **kwargs,
        )


@dataclass
class CheckItem:
    label: str
    problems: list[str] = field(default_factory=list)
    ok: bool | None = None

    def __post_init__(self):
        if self.ok is None:
            self.ok = not self.problems


class ScreeningProposalMixin(ScreeningPermissionMixin):
    """The proposal under screening: submitted at some point (drafts and withdrawn proposals are not screened)."""

    @cached_property
    def proposal(self):
        proposal = screening_detail_queryset().filter(pk=self.kwargs["pk"], state__in=SCREENING_STATES).first()
        if proposal is None:
            raise Http404
        return proposal

    def available_decisions(self) -> list[str]:
        allowed = ALLOWED_TRANSITIONS.get(self.proposal.state, frozenset())
        return [decision for decision in ScreeningDecision.values if DECISION_STATES[decision] in allowed]


class ScreeningDetailView(ScreeningProposalMixin, TemplateView):
    """The checklist: every section, the attachments, eligibility facts, the quota position and the history."""

    template_name = "proposals/screening/detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        texts = proposal.section_texts()
        sections = []
        for section in proposal.sections_for_group:
            text = texts.get(section, "")
            sections.append(
                {
                    "label": ProposalSection(section).label,
                    "text": text,
                    "words": count_words(text),
                    "limit": proposal.edition.word_limit(section),
                }
            )
        eligibility = eligibility_of(proposal)
        quota = quota_position_of(proposal)
        checklist = self.checklist(eligibility, quota)
        return super().get_context_data(
            proposal=proposal,
            sections=sections,
            declaration=declarations.in_force(proposal),
            eligibility=eligibility,
            quota=quota,
            checklist=checklist,
            all_ok=all(item.ok for item in checklist),
            history=list(queries.history_of(proposal)),
            decisions=self.available_decisions(),
            **kwargs,
        )

    def checklist(self, eligibility, quota) -> list[CheckItem]:
        proposal = self.proposal
        items = [
            CheckItem(_("Basic information is complete"), [p.message for p in basics_problems(proposal)]),
            CheckItem(
                _("Every narrative section is filled in, within its word limit"),
                [p.message for p in section_problems(proposal)],
            ),
        ]
        if proposal.is_replication:
            items.append(
                CheckItem(_("The replicated innovation is named"), [p.message for p in replication_problems(proposal)])
            )
        items += [
            CheckItem(_("The required attachments are present"), [p.message for p in attachment_problems(proposal)]),
            CheckItem(
                _("The agency admin signed the truthfulness declaration"),
                [p.message for p in declaration_problems(proposal)],
            ),
            CheckItem(_("The innovation has run long enough"), ok=bool(eligibility.is_eligible)),
            CheckItem(_("The proposal is within its agency's quota"), ok=quota.within_quota),
        ]
        return items


class ScreeningDecisionView(ScreeningProposalMixin, FormView):
    """Confirm on GET (with the note or reason the decision needs), decide on POST."""

    template_name = "proposals/screening/decide.html"
    decision: str = ""
    title = ""
    intro = ""
    button = ""
    button_class = "btn-primary"
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission() and self.decision not in self.available_decisions():
            messages.error(
                request,
                _("A proposal that is “%(state)s” cannot be screened that way.")
                % {"state": self.proposal.get_state_display()},
            )
            return redirect("proposals:screening_detail", pk=self.proposal.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal,
            title=self.title,
            intro=self.intro,
            button=self.button,
            button_class=self.button_class,
            **kwargs,
        )

    def form_valid(self, form):
        values = form.cleaned_data
        try:
            services.screen_proposal(
                self.proposal,
                decision=self.decision,
                actor=self.request.user,
                note=values.get("note", ""),
                revision_deadline=values.get("revision_deadline"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("proposals:screening_detail", pk=self.proposal.pk)


class ScreeningPassView(ScreeningDecisionView):
    decision = ScreeningDecision.PASS
    form_class = DecisionNoteForm
    title = gettext_lazy("Pass administrative screening")
    intro = gettext_lazy("The proposal moves on to evaluation. The agency's admins are emailed.")
    button = gettext_lazy("Pass the proposal")
    button_class = "btn-success"
    success_message = gettext_lazy("The proposal passed administrative screening; the agency has been emailed.")


class ScreeningReturnView(ScreeningDecisionView):
    decision = ScreeningDecision.RETURN
    form_class = ReturnDecisionForm
    title = gettext_lazy("Return for revision")
    intro = gettext_lazy(
        "The agency may edit and resubmit the proposal until the end of the revision deadline (WIB). It sees your "
        "note and is emailed."
    )
    button = gettext_lazy("Return the proposal")
    button_class = "btn-warning"
    success_message = gettext_lazy("The proposal was returned for revision; the agency has been emailed.")


class ScreeningRejectView(ScreeningDecisionView):
    decision = ScreeningDecision.REJECT
    form_class = RejectDecisionForm
    title = gettext_lazy("Reject the proposal")
    intro = gettext_lazy("Rejection is final. The agency sees the reason and is emailed.")
    button = gettext_lazy("Reject the proposal")
    button_class = "btn-danger"
    success_message = gettext_lazy("The proposal was rejected; the agency has been emailed.")
