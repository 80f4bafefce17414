"""The judging audit log of an edition for organizers: every score save, submit and reopen, assignment, conflict,
round change, shortlist and reminder, with filters, pagination and the values before and after."""

import math
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView

from competitions.models import JAKARTA, Criterion, Judge
from core.actions import ACTIONS, action_for, describe_action
from core.models import ActionLog
from judging.enums import ACTION_PREFIX
from proposals.models import Proposal

from ..audit import JudgingPayload, Refs
from ..filters import AuditFilter
from .ranking import RankingMixin

PAGE_SIZE = 50


def judging_actions() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(action.label)) for code, action in ACTIONS.items() if code.startswith(ACTION_PREFIX)),
        key=lambda pair: pair[1],
    )


@dataclass
class OpenPage:
    """A page of a list whose length is not counted: counting the matching audit entries read the whole log (a
    JSON filter over every row) on every page, while a page itself reads only until it has its rows. One more row
    than a page is read to know whether a next page exists. A page past the end (a stale link) is the last page,
    found by counting only then."""

    number: int
    object_list: list
    has_next: bool

    @classmethod
    def of(cls, queryset, number, per_page: int) -> "OpenPage":
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        number = min(number, 10**9)
        rows = list(queryset[(number - 1) * per_page : number * per_page + 1])
        if not rows and number > 1:
            number = max(1, math.ceil(queryset.count() / per_page))
            rows = list(queryset[(number - 1) * per_page : number * per_page + 1])
        return cls(number=number, object_list=rows[:per_page], has_next=len(rows) > per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


class Names:
    """Readable names for the ids an audit page's payloads name, loaded in one query per kind for the page."""

    def __init__(self, refs: Refs):
        self.proposals = dict(Proposal.objects.filter(pk__in=refs.proposals).values_list("pk", "title"))
        judges = Judge.objects.filter(pk__in=refs.judges).select_related("user")
        self.judges = {judge.pk: str(judge) for judge in judges}
        self.criteria = dict(Criterion.objects.filter(pk__in=refs.criteria).values_list("pk", "name"))

    def judge(self, pk) -> str:
        return self.judges.get(pk, f"#{pk}")

    def proposal(self, pk) -> str:
        return self.proposals.get(pk, f"#{pk}")


def payload_of(entry: ActionLog) -> JudgingPayload:
    """The entry's data read through its action's payload type (an unknown code: only the common fields)."""
    action = action_for(entry.action_type)
    payload = action.read(entry.data) if action is not None else None
    return payload if isinstance(payload, JudgingPayload) else JudgingPayload.read(entry.data)


class JudgingAuditView(RankingMixin, TemplateView):
    permission_required = "judging.view_judging_audit"
    template_name = "judging/progress/audit.html"

    @cached_property
    def filterset(self) -> AuditFilter:
        judges = (
            Judge.objects.filter(panel_memberships__panel__edition=self.edition)
            .distinct()
            .order_by("user__last_name", "user__first_name", "pk")
        )
        filterset = AuditFilter(
            self.request.GET, edition=self.edition, stages=self.stages, actions=judging_actions(), judges=judges
        )
        # The select's options from plain rows, not a Judge and a User per option (an edition may have hundreds);
        # the field still validates a chosen judge against the queryset.
        field = filterset.form.fields["judge"]
        field.widget.choices = [
            ("", field.empty_label),
            *(
                (pk, f"{first} {last}".strip() or username)
                for pk, first, last, username in judges.values_list(
                    "pk", "user__first_name", "user__last_name", "user__username"
                )
            ),
        ]
        return filterset

    def entries(self):
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        page = OpenPage.of(self.entries(), self.request.GET.get("page"), PAGE_SIZE)
        entries = list(page.object_list)
        payloads = [payload_of(entry) for entry in entries]
        refs = Refs()
        for payload in payloads:
            refs.add(payload.refs())
        names = Names(refs)
        stages = {stage.pk: stage for stage in self.stages}
        rows = [
            {
                "entry": entry,
                "label": describe_action(entry.action_type),
                "stage": stages.get(payload.stage),
                "proposal": names.proposal(payload.proposal) if isinstance(payload.proposal, int) else "",
                "judge": names.judge(payload.judge) if isinstance(payload.judge, int) else "",
                "changes": payload.changes(names),
                "reason": payload.why,
            }
            for entry, payload in zip(entries, payloads, strict=True)
        ]
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        form = self.filterset.form
        return super().get_context_data(
            form=form,
            rows=rows,
            page_obj=page,
            query_string=urlencode(query),
            timezone_name=JAKARTA.key,
            **kwargs,
        )
