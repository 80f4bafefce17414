"""Every judging action declares the type of what it records: the log holds only that shape, and the audit page reads
an entry back through it (older entries included)."""

import pytest

from competitions.models import Edition
from core.actions import ACTIONS
from core.audit import log_action
from core.models import ActionLog
from judging import audit
from judging.enums import ACTION_PREFIX
from judging.schedule import audit as schedule_audit
from judging.visits import audit as visit_audit

JUDGING = {code: action for code, action in ACTIONS.items() if code.startswith(ACTION_PREFIX)}


def test_every_judging_action_declares_a_payload_type():
    assert {action.code for action in [*audit.ACTIONS, *schedule_audit.ACTIONS, *visit_audit.ACTIONS]} == set(JUDGING)
    assert all(action.payload is not None for action in JUDGING.values())


@pytest.mark.django_db
def test_an_action_with_a_payload_type_refuses_a_dict_or_another_type(edition: Edition):
    logged = ActionLog.objects.count()
    with pytest.raises(TypeError, match="records a SheetChanged"):
        log_action(edition, audit.SCORE_SUBMITTED, data={"stage": 1, "before": {}, "after": {}})
    with pytest.raises(TypeError, match="records a SheetChanged, not JudgesChanged"):
        log_action(edition, audit.SCORE_SUBMITTED, data=audit.JudgesChanged(stage=1))
    with pytest.raises(TypeError, match="declares no payload type"):
        log_action(edition, "kovablik.mail.retried", data=audit.JudgesChanged(stage=1))
    assert ActionLog.objects.count() == logged


PAYLOADS = [
    audit.JudgesChanged(stage=3, proposal=7, judge=2, before=[1, 2], after=[1], removed_sheet={"status": "draft"}),
    audit.SheetChanged(
        stage=3, proposal=7, judge=2, sheet=9, before={"status": "draft"}, after={"status": "submitted"}
    ),
    audit.PanelChanged(after={"name": "Panel A", "groups": ["umum"], "judges": [1]}),
    audit.RoundStateChanged(stage=3, state_from="preparing", state_to="open"),
    audit.RoundSettingsChanged(stage=3, before={"blind": False}, after={"blind": True}),
    audit.EntriesAdmitted(stage=3, proposals=[7, 8], note="Tahap berikutnya"),
    audit.ShortlistAdvanced(stage=3, next_stage=4, group="umum", before={"suggested": [7]}, after={"chosen": [8]}),
    audit.RemindersSent(stage=3, deadline="2026-09-01T17:00:00+07:00", judges={"2": 4}),
    audit.SheetsConfirmed(stage=3, judge=2, name="Juri", confirmed_at="2026-09-01T10:00:00+07:00", sheets={"9": 2}),
    audit.ExportRequested(export=5, kind="ranking", fmt="csv", stage="desk", group="umum", view="raw"),
    schedule_audit.SlotMoved(stage=4, proposal=7, starts_from="2026-09-14T08:00:00+07:00", reason="Bupati dinas."),
    schedule_audit.ScheduleFilled(stage=4, placed=3, unplaced={"9": "no_free_slot"}),
    visit_audit.VisitPlanned(stage=5, proposal=7, starts_at="2026-10-01T09:00:00+07:00", mode="on_site", judges=[2]),
    visit_audit.ReportSaved(stage=5, proposal=7, judge=2, version=3, answers={"1": "yes"}, withdrawn_confirmations=[4]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda payload: type(payload).__name__)
def test_what_is_logged_reads_back_as_the_same_payload(edition, payload):
    code = next(
        action.code
        for action in [*audit.ACTIONS, *schedule_audit.ACTIONS, *visit_audit.ACTIONS]
        if action.payload is type(payload)
    )

    entry = log_action(edition, code, data=payload)
    entry.refresh_from_db()

    assert ACTIONS[code].read(entry.data) == payload


def test_an_older_entry_reads_with_the_fields_it_lacks_left_at_their_defaults():
    # A round change is stored with the keys "from" and "to"; an entry of before a field existed lacks it.
    state = ACTIONS[audit.ROUND_CLOSED].read({"stage": 3, "from": "open", "to": "closed", "unknown": 1})
    assert (state.stage, state.state_from, state.state_to) == (3, "open", "closed")
    removed = ACTIONS[audit.JUDGE_REMOVED].read({"proposal": 7, "before": [1, 2]})
    assert (removed.after, removed.removed_sheet, removed.why) == ([], None, "")
