"""The judging audit log of an edition for organizers: every score save, submit and reopen, assignment, conflict,
round change, shortlist and reminder, with filters, pagination and the values before and after."""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from competitions.enums import GroupKind
from competitions.models import JAKARTA, Criterion, Judge
from core.actions import ACTION_DESCRIPTIONS
from core.models import ActionLog
from judging.enums import ACTION_PREFIX, RoundState, SheetStatus
from proposals.models import Proposal

from ..filters import AuditFilter
from ..models import StageRound
from .ranking import RankingMixin

PAGE_SIZE = 50

FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "version": gettext_lazy("Version"),
    "overall_note": gettext_lazy("Overall note"),
    "suggested": gettext_lazy("Top of the ranking"),
    "chosen": gettext_lazy("Chosen"),
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
    "groups": gettext_lazy("Groups"),
    "judges": gettext_lazy("Judges"),
}


# A sheet's version is the concurrency counter of its form, not something an organizer reads.
HIDDEN_KEYS = {"version"}
# Numbers kept as text in the log ("2.00"): shown in the page's language.
DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")


def field_label(key: str) -> str:
    """The audit's name of a changed field: its own label, or the verbose name of the judging round's field."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    try:
        return capfirst(StageRound._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def judging_actions() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(label)) for code, label in ACTION_DESCRIPTIONS.items() if code.startswith(ACTION_PREFIX)),
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
    """Readable names for the ids an audit page's entries carry, loaded in one query per kind for the page."""

    def __init__(self, entries: list[ActionLog]):
        proposals, judges, criteria = set(), set(), set()
        for entry in entries:
            data = entry.data or {}
            if isinstance(data.get("proposal"), int):
                proposals.add(data["proposal"])
            for key in ("judge", "replaced"):
                if isinstance(data.get(key), int):
                    judges.add(data[key])
            for side in ("before", "after"):
                value = data.get(side)
                if isinstance(value, list):
                    judges.update(item for item in value if isinstance(item, int))
                elif isinstance(value, dict):
                    criteria.update(int(key) for key in (value.get("scores") or {}) if str(key).isdigit())
                    judges.update(item for item in value.get("judges") or [] if isinstance(item, int))
                    for key in ("suggested", "chosen"):
                        proposals.update(item for item in value.get(key) or [] if isinstance(item, int))
            judges.update(int(key) for key in (data.get("judges") or {}) if str(key).isdigit())
        self.proposals = dict(Proposal.objects.filter(pk__in=proposals).values_list("pk", "title"))
        self.judges = {judge.pk: str(judge) for judge in Judge.objects.filter(pk__in=judges).select_related("user")}
        self.criteria = dict(Criterion.objects.filter(pk__in=criteria).values_list("pk", "name"))

    def judge(self, pk) -> str:
        return self.judges.get(pk, f"#{pk}")

    def proposal(self, pk) -> str:
        return self.proposals.get(pk, f"#{pk}")


def _text(value, states=None) -> str:
    """`value` as a reader reads it; `states`: the choices whose label a state value (draft, closed…) stands for."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if states is not None and value in states.values:
        return str(states(value).label)
    if isinstance(value, float | Decimal) or (isinstance(value, str) and DECIMAL_TEXT.fullmatch(value)):
        return number_format(Decimal(str(value)), use_l10n=True)
    return str(value)


def _group(kind) -> str:
    return str(GroupKind(kind).label) if kind in GroupKind.values else str(kind)


def _score(value) -> str:
    if not value:
        return "—"
    number, note = (list(value) + ["", ""])[:2]
    text = "—" if number is None else str(number)
    return f"{text} ({note})" if note else text


def changes(data: dict, names: Names) -> list[tuple[str, str, str]]:
    """(what, before, after) rows of an audit entry's data, with ids turned into names."""
    before, after = data.get("before"), data.get("after")
    rows = []
    if isinstance(before, list) or isinstance(after, list):
        rows.append(
            (
                _("Judges"),
                ", ".join(names.judge(pk) for pk in before or []) or "—",
                ", ".join(names.judge(pk) for pk in after or []) or "—",
            )
        )
    elif isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        for key in sorted(set(before) | set(after)):
            old, new = before.get(key), after.get(key)
            if key == "scores":
                old, new = old or {}, new or {}
                for criterion in sorted(set(old) | set(new), key=lambda pk: int(pk) if str(pk).isdigit() else 0):
                    if old.get(criterion) != new.get(criterion):
                        label = (
                            names.criteria.get(int(criterion), f"#{criterion}")
                            if str(criterion).isdigit()
                            else criterion
                        )
                        rows.append((label, _score(old.get(criterion)), _score(new.get(criterion))))
            elif key in HIDDEN_KEYS:
                continue
            elif key == "judges":
                rows.append(
                    (
                        str(FIELD_LABELS[key]),
                        ", ".join(names.judge(pk) for pk in old or []) or "—",
                        ", ".join(names.judge(pk) for pk in new or []) or "—",
                    )
                )
            elif key == "groups":
                rows.append(
                    (
                        str(FIELD_LABELS[key]),
                        ", ".join(_group(kind) for kind in old or []) or "—",
                        ", ".join(_group(kind) for kind in new or []) or "—",
                    )
                )
            elif key in ("suggested", "chosen"):
                rows.append(
                    (
                        str(FIELD_LABELS[key]),
                        "; ".join(names.proposal(pk) for pk in old or []) or "—",
                        "; ".join(names.proposal(pk) for pk in new or []) or "—",
                    )
                )
            else:
                states = SheetStatus if key == "status" else None
                if _text(old, states) != _text(new, states):  # None → "" is no change a reader would see
                    rows.append((field_label(key), _text(old, states), _text(new, states)))
    elif "from" in data or "to" in data:
        rows.append((_("State"), _text(data.get("from"), RoundState), _text(data.get("to"), RoundState)))
    return rows


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
        names = Names(entries)
        stages = {stage.pk: stage for stage in self.stages}
        rows = []
        for entry in entries:
            data = entry.data or {}
            rows.append(
                {
                    "entry": entry,
                    "label": ACTION_DESCRIPTIONS.get(entry.action_type, entry.action_type),
                    "stage": stages.get(data.get("stage")),
                    "proposal": names.proposal(data["proposal"]) if isinstance(data.get("proposal"), int) else "",
                    "judge": names.judge(data["judge"]) if isinstance(data.get("judge"), int) else "",
                    "changes": changes(data, names),
                    "reason": data.get("reason") or data.get("note") or "",
                }
            )
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
