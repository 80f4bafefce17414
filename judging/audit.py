"""Every audited action of the judging app: its code, its label and the type of what it records (registered in
JudgingConfig.ready; the services write each action with its payload type, core.audit.log_action refuses others).

Subjects: a StageEntry for assignments, conflicts and scores (so an entry's history reads as one story), a Panel for
panel changes, a StageRound for the round's state, settings, shortlists and reminders, the Judge for a confirmed
score sheet, the Edition for exports. Payloads carry ids (stage, proposal, judge, sheet) and before/after values;
`changes(names)` gives the judging audit page its (what, before, after) rows, `refs()` the ids it names.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.enums import GroupKind
from core.actions import Action, Payload

from .enums import RoundState, SheetStatus
from .models import StageRound

PANEL_CREATED = "kovablik.judging.panel_created"
PANEL_UPDATED = "kovablik.judging.panel_updated"
ENTRIES_ADMITTED = "kovablik.judging.entries_admitted"
JUDGES_ASSIGNED = "kovablik.judging.judges_assigned"
JUDGE_ADDED = "kovablik.judging.judge_added"
JUDGE_REMOVED = "kovablik.judging.judge_removed"
CONFLICT_DECLARED = "kovablik.judging.conflict_declared"
JUDGE_REASSIGNED = "kovablik.judging.judge_reassigned"
SCORE_SAVED = "kovablik.judging.score_saved"
SCORE_SUBMITTED = "kovablik.judging.score_submitted"
SCORE_REOPENED = "kovablik.judging.score_reopened"
ROUND_OPENED = "kovablik.judging.round_opened"
ROUND_CLOSED = "kovablik.judging.round_closed"
ROUND_SETTINGS_CHANGED = "kovablik.judging.round_settings_changed"
SHORTLIST_ADVANCED = "kovablik.judging.shortlist_advanced"
REMINDERS_SENT = "kovablik.judging.reminders_sent"
SHEETS_CONFIRMED = "kovablik.judging.score_sheet_confirmed"
EXPORT_REQUESTED = "kovablik.judging.export_requested"
EXPORT_RETRIED = "kovablik.judging.export_retried"

FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "overall_note": gettext_lazy("Overall note"),
    "suggested": gettext_lazy("Top of the ranking"),
    "chosen": gettext_lazy("Chosen"),
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
    "groups": gettext_lazy("Groups"),
    "judges": gettext_lazy("Judges"),
}
# Numbers kept as text in the log ("2.00"): shown in the page's language.
DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")


@dataclass
class Refs:
    """The ids an audit page's entries name, loaded in one query per kind for the page."""

    proposals: set = field(default_factory=set)
    judges: set = field(default_factory=set)
    criteria: set = field(default_factory=set)

    def add(self, other: "Refs") -> None:
        self.proposals |= other.proposals
        self.judges |= other.judges
        self.criteria |= other.criteria


def _ids(values) -> set[int]:
    return {value for value in values or [] if isinstance(value, int)}


def text(value, states=None) -> str:
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


def field_label(key: str) -> str:
    """The audit's name of a changed field: its own label, or the verbose name of the judging round's field."""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    try:
        return capfirst(StageRound._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def _group(kind) -> str:
    return str(GroupKind(kind).label) if kind in GroupKind.values else str(kind)


def _score(value) -> str:
    if not value:
        return "—"
    number, note = (list(value) + ["", ""])[:2]
    shown = "—" if number is None else str(number)
    return f"{shown} ({note})" if note else shown


def _judges(names, ids) -> str:
    return ", ".join(names.judge(pk) for pk in ids or []) or "—"


@dataclass
class JudgingPayload(Payload):
    """What every judging entry may name (the audit page's columns): the stage, the proposal, the judge, and why."""

    stage: int | str | None = None
    proposal: int | None = None
    judge: int | None = None
    reason: str = ""
    note: str = ""

    @property
    def why(self) -> str:
        return self.reason or self.note

    def refs(self) -> Refs:
        return Refs(proposals=_ids([self.proposal]), judges=_ids([self.judge]))

    def changes(self, names) -> list[tuple[str, str, str]]:
        return []


@dataclass
class JudgesChanged(JudgingPayload):
    """An entry's judges before and after (a judge added, removed, replaced after a conflict, or assigned)."""

    before: list = field(default_factory=list)
    after: list = field(default_factory=list)
    replaced: int | None = None
    removed_sheet: dict | None = None

    def refs(self) -> Refs:
        refs = super().refs()
        refs.judges |= _ids([*self.before, *self.after, self.replaced])
        return refs

    def changes(self, names) -> list[tuple[str, str, str]]:
        return [(_("Judges"), _judges(names, self.before), _judges(names, self.after))]


@dataclass
class SheetChanged(JudgingPayload):
    """A score sheet before and after a save, a submission or a reopening: status, overall note and each
    criterion's [value, note] (the version, the form's concurrency counter, is kept but not shown)."""

    sheet: int | None = None
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    def refs(self) -> Refs:
        refs = super().refs()
        for side in (self.before, self.after):
            refs.criteria |= {int(key) for key in side.get("scores") or {} if str(key).isdigit()}
        return refs

    def changes(self, names) -> list[tuple[str, str, str]]:
        rows = []
        for key in sorted(set(self.before) | set(self.after)):
            old, new = self.before.get(key), self.after.get(key)
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
            elif key != "version":
                states = SheetStatus if key == "status" else None
                if text(old, states) != text(new, states):  # None → "" is no change a reader would see
                    rows.append((field_label(key), text(old, states), text(new, states)))
        return rows


@dataclass
class PanelChanged(JudgingPayload):
    """A panel's name, description, groups and judges before (none when created) and after."""

    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    def refs(self) -> Refs:
        refs = super().refs()
        refs.judges |= _ids([*self.before.get("judges", []), *self.after.get("judges", [])])
        return refs

    def changes(self, names) -> list[tuple[str, str, str]]:
        rows = []
        for key in sorted(set(self.before) | set(self.after)):
            old, new = self.before.get(key), self.after.get(key)
            if key == "judges":
                rows.append((field_label(key), _judges(names, old), _judges(names, new)))
            elif key == "groups":
                rows.append(
                    (
                        field_label(key),
                        ", ".join(_group(kind) for kind in old or []) or "—",
                        ", ".join(_group(kind) for kind in new or []) or "—",
                    )
                )
            elif text(old) != text(new):
                rows.append((field_label(key), text(old), text(new)))
        return rows


@dataclass
class RoundStateChanged(JudgingPayload):
    """A stage opened or closed for scoring (stored as "from" and "to")."""

    state_from: str | None = None
    state_to: str | None = None

    def as_data(self) -> dict:
        data = super().as_data()
        data["from"], data["to"] = data.pop("state_from"), data.pop("state_to")
        return data

    @classmethod
    def read(cls, data: dict | None):
        data = dict(data or {})
        payload = super().read(data)
        payload.state_from, payload.state_to = data.get("from"), data.get("to")
        return payload

    def changes(self, names) -> list[tuple[str, str, str]]:
        return [(_("State"), text(self.state_from, RoundState), text(self.state_to, RoundState))]


@dataclass
class RoundSettingsChanged(JudgingPayload):
    """A stage's judging settings (StageRound fields) before and after."""

    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)

    def changes(self, names) -> list[tuple[str, str, str]]:
        return [
            (field_label(key), text(self.before.get(key)), text(self.after.get(key)))
            for key in sorted(set(self.before) | set(self.after))
            if text(self.before.get(key)) != text(self.after.get(key))
        ]


@dataclass
class EntriesAdmitted(JudgingPayload):
    """Proposals admitted to a stage."""

    proposals: list = field(default_factory=list)


@dataclass
class ShortlistAdvanced(JudgingPayload):
    """A group's shortlist advanced to the next stage: the ranking's top N, the entries chosen and admitted."""

    next_stage: int | None = None
    group: str = ""
    group_label: str = ""
    view: str = ""
    before: dict = field(default_factory=dict)  # {"suggested": [proposal ids]}
    after: dict = field(default_factory=dict)  # {"chosen": [proposal ids]}
    admitted: list = field(default_factory=list)

    def refs(self) -> Refs:
        refs = super().refs()
        refs.proposals |= _ids([*self.before.get("suggested", []), *self.after.get("chosen", [])])
        return refs

    def changes(self, names) -> list[tuple[str, str, str]]:
        return [
            (
                field_label(key),
                "; ".join(names.proposal(pk) for pk in self.before.get(key) or []) or "—",
                "; ".join(names.proposal(pk) for pk in self.after.get(key) or []) or "—",
            )
            for key in sorted(set(self.before) | set(self.after))
        ]


@dataclass
class RemindersSent(JudgingPayload):
    """Reminders sent to the judges behind in a stage: judge id (as text) → entries they had not submitted."""

    deadline: str | None = None
    judges: dict = field(default_factory=dict)

    def refs(self) -> Refs:
        refs = super().refs()
        refs.judges |= {int(key) for key in self.judges if str(key).isdigit()}
        return refs


@dataclass
class SheetsConfirmed(JudgingPayload):
    """A judge confirmed their score sheet of a stage (the minutes): the name they signed with, when, and each
    sheet's version (sheet id as text → version)."""

    name: str = ""
    confirmed_at: str = ""
    sheets: dict = field(default_factory=dict)


@dataclass
class ExportRequested(JudgingPayload):
    """An export asked for (stage kind, group, view and judge as asked), or asked for again (`export` only)."""

    export: int | None = None
    kind: str = ""
    fmt: str = ""
    group: str = ""
    view: str = ""


ACTIONS = [
    Action(PANEL_CREATED, gettext_lazy("Panel created"), PanelChanged),
    Action(PANEL_UPDATED, gettext_lazy("Panel changed"), PanelChanged),
    Action(ENTRIES_ADMITTED, gettext_lazy("Entries admitted to a stage"), EntriesAdmitted),
    Action(JUDGES_ASSIGNED, gettext_lazy("Judges assigned automatically"), JudgesChanged),
    Action(JUDGE_ADDED, gettext_lazy("Judge added to an entry"), JudgesChanged),
    Action(JUDGE_REMOVED, gettext_lazy("Judge removed from an entry"), JudgesChanged),
    Action(CONFLICT_DECLARED, gettext_lazy("Conflict of interest declared"), JudgesChanged),
    Action(JUDGE_REASSIGNED, gettext_lazy("Judge replaced after a declared conflict"), JudgesChanged),
    Action(SCORE_SAVED, gettext_lazy("Scores saved as draft"), SheetChanged),
    Action(SCORE_SUBMITTED, gettext_lazy("Scores submitted"), SheetChanged),
    Action(SCORE_REOPENED, gettext_lazy("Submitted scores reopened"), SheetChanged),
    Action(ROUND_OPENED, gettext_lazy("Stage opened for scoring"), RoundStateChanged),
    Action(ROUND_CLOSED, gettext_lazy("Stage closed"), RoundStateChanged),
    Action(ROUND_SETTINGS_CHANGED, gettext_lazy("Stage judging settings changed"), RoundSettingsChanged),
    Action(SHORTLIST_ADVANCED, gettext_lazy("Shortlist advanced to the next stage"), ShortlistAdvanced),
    Action(REMINDERS_SENT, gettext_lazy("Reminders sent to judges who are behind"), RemindersSent),
    Action(SHEETS_CONFIRMED, gettext_lazy("Score sheet confirmed by the judge (minutes)"), SheetsConfirmed),
    Action(EXPORT_REQUESTED, gettext_lazy("Export requested"), ExportRequested),
    Action(EXPORT_RETRIED, gettext_lazy("Export requested again"), ExportRequested),
]
