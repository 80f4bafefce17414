from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Agency
from core.audit import logs_for
from judging import queries, services
from judging.conflicts import AgencyFacts, conflict_reason
from judging.enums import AssignmentSource, ConflictReason
from judging.models import Assignment, ConflictDeclaration, Score, ScoreSheet, StageEntry
from judging.planner import EntryNeed, plan_assignments
from tests import factories
from tests.judging.conftest import make_entries

# --- The conflict rule ----------------------------------------------------------------------------------------------

DINKES = AgencyFacts(1, None, AgencyKind.PROVINCIAL, None)
UPT_OF_DINKES = AgencyFacts(2, 1, AgencyKind.UNIT, 10)
OTHER_UPT_OF_DINKES = AgencyFacts(3, 1, AgencyKind.UNIT, 11)
KAB_MALANG = AgencyFacts(4, None, AgencyKind.REGENCY_CITY, 10)
DINDIK = AgencyFacts(5, None, AgencyKind.PROVINCIAL, None)
BUMD_IN_MALANG = AgencyFacts(6, None, AgencyKind.BUMD, 10)


@pytest.mark.parametrize(
    ("judge_agency", "entry_agency", "region", "expected"),
    [
        (DINKES, DINKES, None, ConflictReason.SAME_AGENCY),
        (DINKES, UPT_OF_DINKES, None, ConflictReason.PARENT_AGENCY),
        (UPT_OF_DINKES, DINKES, None, ConflictReason.UNIT_OF_AGENCY),
        (UPT_OF_DINKES, OTHER_UPT_OF_DINKES, None, ConflictReason.SIBLING_UNIT),
        (KAB_MALANG, UPT_OF_DINKES, None, ConflictReason.SAME_REGION_GOVERNMENT),  # the UPT serves Malang
        (KAB_MALANG, BUMD_IN_MALANG, None, ConflictReason.SAME_REGION_GOVERNMENT),
        (KAB_MALANG, DINDIK, 10, ConflictReason.SAME_REGION_GOVERNMENT),  # the innovation runs in Malang
        (KAB_MALANG, DINDIK, 11, None),
        (DINDIK, DINKES, None, None),
        (BUMD_IN_MALANG, UPT_OF_DINKES, None, None),  # only the regency/city government itself counts
        (None, DINKES, None, None),
    ],
)
def test_conflict_reason_names_each_relation(judge_agency, entry_agency, region, expected):
    assert conflict_reason(judge_agency, entry_agency, entry_region_id=region) == expected


def test_conflict_reason_declared_when_no_structural_reason():
    assert conflict_reason(DINDIK, DINKES, declared=True) == ConflictReason.DECLARED
    assert conflict_reason(DINKES, DINKES, declared=True) == ConflictReason.SAME_AGENCY


# --- The planner (pure) ---------------------------------------------------------------------------------------------


def test_plan_gives_k_judges_with_spread_at_most_one():
    entries = [EntryNeed(entry_id, GroupKind.GENERAL) for entry_id in range(1, 11)]

    plan = plan_assignments(entries, pools={GroupKind.GENERAL: [1, 2, 3, 4]}, loads={}, k=3, conflict=lambda e, j: None)

    per_entry = Counter(entry for entry, _judge in plan.pairs)
    assert set(per_entry.values()) == {3} and len(per_entry) == 10
    assert sorted(plan.loads.values()) == [7, 7, 8, 8]
    assert plan.shortfalls == []


def test_plan_reports_entry_without_enough_conflict_free_judges():
    entries = [EntryNeed(1, GroupKind.GENERAL), EntryNeed(2, GroupKind.GENERAL)]

    plan = plan_assignments(
        entries,
        pools={GroupKind.GENERAL: [1, 2, 3]},
        loads={},
        k=3,
        conflict=lambda entry, judge: ConflictReason.SAME_AGENCY if (entry, judge) == (2, 3) else None,
    )

    assert sorted(plan.pairs) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    [shortfall] = plan.shortfalls
    assert (shortfall.entry_id, shortfall.have, shortfall.missing) == (2, 2, 1)
    assert shortfall.excluded == ((3, ConflictReason.SAME_AGENCY),)


def test_plan_is_deterministic():
    entries = [EntryNeed(entry_id, GroupKind.GENERAL) for entry_id in range(1, 30)]
    kwargs = {"pools": {GroupKind.GENERAL: list(range(1, 8))}, "loads": {}, "k": 3, "conflict": lambda e, j: None}

    assert plan_assignments(entries, **kwargs).pairs == plan_assignments(entries, **kwargs).pairs


@st.composite
def assignment_cases(draw):
    """Random agencies (with parents and regions), judges affiliated with some of them, and entries."""
    agency_count = draw(st.integers(2, 8))
    agencies = {}
    for agency_id in range(1, agency_count + 1):
        parent = draw(st.sampled_from([None, *range(1, agency_id)]))
        kind = draw(st.sampled_from(list(AgencyKind.values)))
        region = draw(st.sampled_from([None, 1, 2, 3]))
        agencies[agency_id] = AgencyFacts(agency_id, parent, kind, region)
    judge_count = draw(st.integers(1, 9))
    judges = {judge_id: draw(st.sampled_from([None, *agencies])) for judge_id in range(1, judge_count + 1)}
    entries = {
        entry_id: (draw(st.sampled_from(list(agencies))), draw(st.sampled_from([None, 1, 2, 3])))
        for entry_id in range(1, draw(st.integers(1, 25)) + 1)
    }
    declared = draw(st.sets(st.tuples(st.sampled_from(list(entries)), st.sampled_from(list(judges))), max_size=5))
    k = draw(st.integers(1, 4))
    return agencies, judges, entries, declared, k


@settings(max_examples=30, deadline=None)
@given(assignment_cases())
def test_plan_property_k_judges_no_conflicts_balanced(case):
    agencies, judges, entries, declared, k = case

    def conflict(entry_id, judge_id):
        agency_id, region = entries[entry_id]
        judge_agency = agencies.get(judges[judge_id])
        return conflict_reason(
            judge_agency, agencies[agency_id], entry_region_id=region, declared=(entry_id, judge_id) in declared
        )

    plan = plan_assignments(
        [EntryNeed(entry_id, GroupKind.GENERAL) for entry_id in entries],
        pools={GroupKind.GENERAL: list(judges)},
        loads={},
        k=k,
        conflict=conflict,
    )

    assert len(set(plan.pairs)) == len(plan.pairs)
    assert all(conflict(entry, judge) is None for entry, judge in plan.pairs)
    per_entry = Counter(entry for entry, _judge in plan.pairs)
    short = {shortfall.entry_id for shortfall in plan.shortfalls}
    for entry_id in entries:
        eligible = sum(1 for judge in judges if conflict(entry_id, judge) is None)
        assert per_entry[entry_id] == min(k, eligible)
        assert (entry_id in short) == (eligible < k)
    if not any(conflict(entry, judge) for entry in entries for judge in judges):
        assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


# --- assign_judges (database) ---------------------------------------------------------------------------------------


def test_assign_judges_gives_every_entry_k_judges_and_spreads_load(desk_stage, general_panel, organizer):
    entries = make_entries(desk_stage, 6)

    result = services.assign_judges(desk_stage, actor=organizer)

    assert result.created == 18
    assert result.report.shortfalls == []
    for entry in entries:
        assert Assignment.objects.filter(entry=entry).count() == 3
    assert ScoreSheet.objects.filter(assignment__entry__stage=desk_stage).count() == 18
    loads = sorted(row.load for row in queries.judge_loads(desk_stage))
    assert loads == [4, 4, 5, 5]
    assert [log.action_type for log in logs_for(entries[0])] == ["kovablik.judging.judges_assigned"]


def test_assign_judges_admits_passed_proposals_to_first_stage(desk_stage, general_panel, organizer):
    passed = factories.ProposalFactory(edition=desk_stage.edition, state="passed", complete=True)
    factories.ProposalFactory(edition=desk_stage.edition, state="submitted", complete=True)

    result = services.assign_judges(desk_stage, actor=organizer)

    assert result.admitted == 1
    assert list(StageEntry.objects.filter(stage=desk_stage).values_list("proposal_id", flat=True)) == [passed.pk]
    assert Assignment.objects.filter(entry__proposal=passed).count() == 3


def test_assign_judges_never_assigns_conflicting_judge_and_reports_why(desk_stage, panel_judges, organizer):
    agency = factories.AgencyFactory(name="Dinas Perhubungan")
    unit = factories.AgencyFactory(name="UPT Terminal", kind=AgencyKind.UNIT, parent=agency)
    panel_judges[0].agency = agency
    panel_judges[0].save()
    panel_judges[1].agency = unit
    panel_judges[1].save()
    services.create_panel(desk_stage.edition, name="Panel", groups=[GroupKind.GENERAL], judges=panel_judges, actor=None)
    [entry] = make_entries(desk_stage, 1, agency=agency)

    result = services.assign_judges(desk_stage, actor=organizer)

    assert set(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True)) == {
        panel_judges[2].pk,
        panel_judges[3].pk,
    }
    [shortfall] = result.report.shortfalls
    assert (shortfall.entry_id, shortfall.have, shortfall.wanted) == (entry.pk, 2, 3)
    assert sorted(reason for _name, reason in shortfall.excluded) == sorted(
        [ConflictReason.SAME_AGENCY.label, ConflictReason.UNIT_OF_AGENCY.label]
    )


def test_assign_judges_reports_group_without_panel(desk_stage, general_panel, organizer):
    [entry] = make_entries(desk_stage, 1, group=GroupKind.SPECIAL)

    result = services.assign_judges(desk_stage, actor=organizer)

    assert result.created == 0
    [shortfall] = result.report.shortfalls
    assert (shortfall.entry_id, shortfall.have, shortfall.pool_size) == (entry.pk, 0, 0)


def test_assign_judges_tops_up_and_is_idempotent(desk_stage, general_panel, organizer):
    make_entries(desk_stage, 2)
    services.assign_judges(desk_stage, k=2, actor=organizer)

    second = services.assign_judges(desk_stage, k=3, actor=organizer)
    third = services.assign_judges(desk_stage, k=3, actor=organizer)

    assert (second.created, third.created) == (2, 0)
    assert Assignment.objects.filter(entry__stage=desk_stage).count() == 6


def test_assign_judges_refused_when_stage_closed(open_desk, general_panel, organizer):
    services.close_stage(open_desk, actor=organizer)

    with pytest.raises(services.DomainError):
        services.assign_judges(open_desk, actor=organizer)


# --- Manual assignment ----------------------------------------------------------------------------------------------


def test_assign_judge_manual_conflict_refused_with_named_reason(desk_stage, organizer):
    agency = factories.AgencyFactory(name="Dinas Sosial")
    judge = factories.JudgeFactory(agency=agency, user__first_name="Budi", user__last_name="Santoso")
    [entry] = make_entries(desk_stage, 1, agency=agency)

    with pytest.raises(services.ConflictRefused) as refused:
        services.assign_judge(entry, judge, actor=organizer)

    assert refused.value.reason == ConflictReason.SAME_AGENCY
    assert "Budi Santoso" in str(refused.value)
    assert Assignment.objects.count() == 0


def test_assign_judge_manual_regency_government_conflict_refused(desk_stage, organizer):
    region = factories.RegionFactory(name="Kabupaten Malang")
    regency = factories.AgencyFactory(name="Pemerintah Kabupaten Malang", kind=AgencyKind.REGENCY_CITY, region=region)
    judge = factories.JudgeFactory(agency=regency)
    bumd = factories.AgencyFactory(name="PDAM Malang", kind=AgencyKind.BUMD, region=region)
    [entry] = make_entries(desk_stage, 1, agency=bumd)

    with pytest.raises(services.ConflictRefused) as refused:
        services.assign_judge(entry, judge, actor=organizer)

    assert refused.value.reason == ConflictReason.SAME_REGION_GOVERNMENT


def test_assign_judge_manual_adds_judge_with_sheet_and_audit(desk_stage, organizer):
    judge = factories.JudgeFactory()
    [entry] = make_entries(desk_stage, 1)

    assignment = services.assign_judge(entry, judge, actor=organizer)

    assert assignment.source == AssignmentSource.MANUAL
    assert ScoreSheet.objects.get(assignment=assignment).version == 0
    [log] = logs_for(entry)
    assert (log.action_type, log.data["before"], log.data["after"]) == ("kovablik.judging.judge_added", [], [judge.pk])
    with pytest.raises(services.DomainError):
        services.assign_judge(entry, judge, actor=organizer)


def test_unassign_judge_refuses_submitted_sheet(open_desk, organizer):
    judge = factories.JudgeFactory()
    [entry] = make_entries(open_desk, 1)
    assignment = services.assign_judge(entry, judge, actor=organizer)
    values = {criterion.pk: (80, "") for criterion in open_desk.criteria.all()}
    services.record_score(assignment, values=values, version=0, actor=judge.user, submit=True)

    with pytest.raises(services.DomainError):
        services.unassign_judge(assignment, actor=organizer)

    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_unassign_judge_keeps_draft_values_in_audit(open_desk, organizer):
    judge = factories.JudgeFactory()
    [entry] = make_entries(open_desk, 1)
    assignment = services.assign_judge(entry, judge, actor=organizer)
    criterion = open_desk.criteria.first()
    services.record_score(assignment, values={criterion.pk: (70, "baik")}, version=0, actor=judge.user)

    services.unassign_judge(assignment, actor=organizer)

    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert Score.objects.count() == 0
    log = logs_for(entry).get(action_type="kovablik.judging.judge_removed")
    assert log.data["removed_sheet"]["scores"] == {str(criterion.pk): [70, "baik"]}


# --- Declared conflicts ---------------------------------------------------------------------------------------------


def test_declare_conflict_removes_judge_and_reassigns_another(open_desk, panel_judges, organizer):
    services.create_panel(open_desk.edition, name="Panel", groups=[GroupKind.GENERAL], judges=panel_judges, actor=None)
    [entry] = make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    assignment = Assignment.objects.filter(entry=entry).select_related("judge__user").first()
    leaving = assignment.judge
    criterion = open_desk.criteria.first()
    services.record_score(assignment, values={criterion.pk: (50, "")}, version=0, actor=leaving.user)

    outcome = services.declare_conflict(
        assignment, reason="Saya pernah menjadi konsultan instansi ini.", actor=leaving.user
    )

    judges = set(Assignment.objects.filter(entry=entry).values_list("judge_id", flat=True))
    assert leaving.pk not in judges and len(judges) == 3
    assert [replacement.source for replacement in outcome.replacements] == [AssignmentSource.REASSIGNED]
    assert ConflictDeclaration.objects.filter(judge=leaving, proposal=entry.proposal).count() == 1
    assert Score.objects.filter(sheet__assignment__judge=leaving).count() == 0
    codes = [log.action_type for log in logs_for(entry)]
    assert "kovablik.judging.conflict_declared" in codes and "kovablik.judging.judge_reassigned" in codes


def test_declare_conflict_without_replacement_reports_unfilled(open_desk, general_panel, panel_judges, organizer):
    services.update_round_settings(open_desk, judges_per_entry=4, actor=organizer)
    [entry] = make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    assignment = Assignment.objects.filter(entry=entry, judge=panel_judges[0]).get()

    outcome = services.declare_conflict(assignment, reason="Keluarga", actor=panel_judges[0].user)

    assert outcome.unfilled == [entry.pk]
    assert Assignment.objects.filter(entry=entry).count() == 3
    # The declared judge is never assigned again to the proposal, even by hand.
    with pytest.raises(services.ConflictRefused):
        services.assign_judge(entry, panel_judges[0], actor=organizer)


def test_declare_conflict_only_by_the_assigned_judge(open_desk, general_panel, panel_judges, organizer):
    make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    assignment = Assignment.objects.filter(judge=panel_judges[0]).get()

    with pytest.raises(services.DomainError):
        services.declare_conflict(assignment, reason="x", actor=panel_judges[1].user)

    assert ConflictDeclaration.objects.count() == 0


def test_agency_fixture_has_no_region_conflict_for_unaffiliated_judge(desk_stage, organizer):
    judge = factories.JudgeFactory()
    [entry] = make_entries(desk_stage, 1, agency=Agency.objects.create(name="X", kind=AgencyKind.PROVINCIAL))

    assert services.assign_judge(entry, judge, actor=organizer).judge_id == judge.pk
