import re

import pytest
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind
from core.audit import logs_for
from judging import services
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, Panel, PanelGroup, PanelMember, ScoreSheet, StageEntry, StageRound
from proposals.enums import ProposalState
from tests import factories
from tests.judging.conftest import make_entries


def stage_url(name, stage):
    return reverse(f"judging:{name}", args=[stage.edition.year, stage.kind])


# --- Permissions -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["panels", "panel_create"])
def test_panel_pages_organizer_only(name, edition, judge_client, agency_client, client, organizer_client):
    url = reverse(f"judging:{name}", args=[edition.year])

    assert organizer_client.get(url).status_code == 200
    assert judge_client.get(url).status_code == 403
    assert agency_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    "name", ["round_settings", "round_open", "round_close", "stage_assignments", "run_assignment", "assignment_result"]
)
def test_stage_pages_organizer_only(name, desk_stage, judge_client, organizer_client):
    url = stage_url(name, desk_stage)

    assert organizer_client.get(url).status_code == 200
    assert judge_client.get(url).status_code == 403
    assert judge_client.post(url).status_code == 403


def test_stage_pages_unknown_stage_is_404(edition, organizer_client):
    assert organizer_client.get(reverse("judging:stage_assignments", args=[edition.year, "nope"])).status_code == 404


# --- Panels ----------------------------------------------------------------------------------------------------------


def test_panel_create_saves_groups_and_members_and_audits(edition, panel_judges, organizer_client, organizer):
    response = organizer_client.post(
        reverse("judging:panel_create", args=[edition.year]),
        {
            "name": "Panel Replikasi",
            "description": "Akademisi",
            "groups": [GroupKind.REPLICATION, GroupKind.SPECIAL],
            "judges": [panel_judges[0].pk, panel_judges[2].pk],
        },
    )

    assert response.status_code == 302
    panel = Panel.objects.get(edition=edition, name="Panel Replikasi")
    assert panel.group_kinds == [GroupKind.REPLICATION, GroupKind.SPECIAL]
    assert set(PanelMember.objects.filter(panel=panel).values_list("judge_id", flat=True)) == {
        panel_judges[0].pk,
        panel_judges[2].pk,
    }
    [log] = logs_for(panel)
    assert (log.action_type, log.actor) == ("kovablik.judging.panel_created", organizer)


def test_panel_create_duplicate_name_refused(edition, general_panel, organizer_client):
    response = organizer_client.post(
        reverse("judging:panel_create", args=[edition.year]), {"name": "panel umum", "groups": [GroupKind.GENERAL]}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Panel.objects.filter(edition=edition).count() == 1


def test_panel_edit_replaces_groups_and_members(general_panel, panel_judges, organizer_client):
    response = organizer_client.post(
        reverse("judging:panel_edit", args=[general_panel.pk]),
        {"name": "Panel Umum A", "groups": [GroupKind.SPECIAL], "judges": [panel_judges[3].pk]},
    )

    assert response.status_code == 302
    general_panel.refresh_from_db()
    assert general_panel.name == "Panel Umum A"
    assert list(PanelGroup.objects.filter(panel=general_panel).values_list("group", flat=True)) == [GroupKind.SPECIAL]
    assert list(PanelMember.objects.filter(panel=general_panel).values_list("judge_id", flat=True)) == [
        panel_judges[3].pk
    ]
    log = logs_for(general_panel).get(action_type="kovablik.judging.panel_updated")
    assert log.data["before"]["groups"] == [GroupKind.GENERAL]
    assert log.data["after"]["groups"] == [GroupKind.SPECIAL]


def _named_judges(count, prefix="Juri"):
    """Judges whose last names sort in creation order: Juri A00, Juri A01, …"""
    return [
        factories.JudgeFactory(
            user__username=f"{prefix.lower()}{n:02}", user__first_name=prefix, user__last_name=f"A{n:02}"
        )
        for n in range(count)
    ]


def _shown_judges(html):
    return [int(pk) for pk in re.findall(r'<input type="hidden" name="judges_shown" value="(\d+)">', html)]


def _ticked_judges(html):
    return [int(pk) for pk in re.findall(r'name="judges" value="(\d+)" id="id_judges_\d+" checked', html)]


@pytest.fixture
def small_judge_pages(monkeypatch):
    """Panel forms show their judges three at a time."""
    from judging.views.panels import PanelFormMixin

    monkeypatch.setattr(PanelFormMixin, "judges_page_size", 3)


def test_panel_edit_shows_a_page_of_judges_with_the_members_ticked(edition, organizer_client, small_judge_pages):
    judges = _named_judges(7)
    panel = services.create_panel(edition, name="Panel A", groups=[GroupKind.GENERAL], judges=judges[2:5], actor=None)
    url = reverse("judging:panel_edit", args=[panel.pk])

    first = organizer_client.get(url).content.decode()
    second = organizer_client.get(url, {"page": 2}).content.decode()

    assert _shown_judges(first) == [judge.pk for judge in judges[0:3]]
    assert _ticked_judges(first) == [judges[2].pk]
    assert _shown_judges(second) == [judge.pk for judge in judges[3:6]]
    assert _ticked_judges(second) == [judges[3].pk, judges[4].pk]
    for page in ("abc", "999", "-1", "0"):
        assert organizer_client.get(url, {"page": page}).status_code == 200


def test_panel_form_search_narrows_the_judges_and_its_page_links_keep_it(edition, organizer_client, small_judge_pages):
    others = _named_judges(3)
    wanted = _named_judges(5, prefix="Ratna")
    url = reverse("judging:panel_create", args=[edition.year])

    html = organizer_client.get(url, {"q": "ratna"}).content.decode()
    second = organizer_client.get(url, {"q": "ratna", "page": 2}).content.decode()

    assert _shown_judges(html) == [judge.pk for judge in wanted[:3]]
    assert _shown_judges(second) == [judge.pk for judge in wanted[3:]]
    assert "?q=ratna&amp;page=2" in html
    assert not set(_shown_judges(html) + _shown_judges(second)) & {judge.pk for judge in others}


def test_panel_edit_show_members_or_others(edition, organizer_client, small_judge_pages):
    judges = _named_judges(6)
    panel = services.create_panel(edition, name="Panel A", groups=[], judges=[judges[1], judges[4]], actor=None)
    url = reverse("judging:panel_edit", args=[panel.pk])

    members = organizer_client.get(url, {"show": "members"}).content.decode()
    others = organizer_client.get(url, {"show": "others"}).content.decode()

    assert _shown_judges(members) == [judges[1].pk, judges[4].pk]
    assert _shown_judges(others) == [judges[0].pk, judges[2].pk, judges[3].pk]


def test_panel_edit_from_one_page_keeps_the_members_the_page_did_not_show(edition, organizer_client, small_judge_pages):
    judges = _named_judges(7)
    panel = services.create_panel(
        edition, name="Panel A", groups=[GroupKind.GENERAL], judges=[judges[0], judges[4], judges[6]], actor=None
    )
    url = reverse("judging:panel_edit", args=[panel.pk])
    page = organizer_client.get(url, {"page": 1}).content.decode()
    shown = _shown_judges(page)
    assert shown == [judge.pk for judge in judges[0:3]]

    # On page 1 the organizer unticks judge 0 and ticks judge 2; judges 4 and 6 (on other pages) are not shown.
    response = organizer_client.post(
        url + "?page=1",
        {"name": "Panel A", "groups": [GroupKind.GENERAL], "judges": [judges[2].pk], "judges_shown": shown},
    )

    assert response.status_code == 302
    assert set(PanelMember.objects.filter(panel=panel).values_list("judge_id", flat=True)) == {
        judges[2].pk,
        judges[4].pk,
        judges[6].pk,
    }


def test_panel_form_refused_keeps_the_ticks_of_the_page(edition, general_panel, organizer_client, small_judge_pages):
    judges = _named_judges(4)
    url = reverse("judging:panel_create", args=[edition.year])
    shown = [judge.pk for judge in judges[:3]]

    response = organizer_client.post(url, {"name": "panel umum", "judges": [judges[1].pk], "judges_shown": shown})

    assert response.status_code == 200  # the name is taken
    assert _ticked_judges(response.content.decode()) == [judges[1].pk]
    assert not Panel.objects.filter(members__judge=judges[1]).exists()


@pytest.mark.parametrize("name", ["panel_create", "panel_edit"])
def test_panel_form_pages_in_constant_queries(
    name, edition, general_panel, organizer_client, django_assert_max_num_queries
):
    url = reverse(f"judging:{name}", args=[edition.year] if name == "panel_create" else [general_panel.pk])
    organizer_client.get(url)
    with _counting() as small:
        organizer_client.get(url)
    judges = _named_judges(60)
    services.update_panel(general_panel, name="Panel Umum", groups=[GroupKind.GENERAL], judges=judges, actor=None)

    with django_assert_max_num_queries(small.count):
        html = organizer_client.get(url).content.decode()
    assert len(_shown_judges(html)) == 50


def test_panel_list_warns_about_groups_without_panel(edition, general_panel, organizer_client):
    with translation.override("en"):
        response = organizer_client.get(reverse("judging:panels", args=[edition.year]))

    assert response.context["uncovered"] == [GroupKind.REPLICATION.label, GroupKind.SPECIAL.label]


def test_panel_list_query_count_constant(edition, organizer_client, django_assert_num_queries):
    def add_panel(n):
        judges = [factories.JudgeFactory() for _ in range(3)]
        services.create_panel(edition, name=f"P{n}", groups=[GroupKind.GENERAL], judges=judges, actor=None)

    add_panel(1)
    url = reverse("judging:panels", args=[edition.year])
    organizer_client.get(url)
    with _counting() as small:
        organizer_client.get(url)
    for n in range(2, 6):
        add_panel(n)

    with django_assert_num_queries(small.count):
        response = organizer_client.get(url)
    assert len(response.context["panels"]) == 5


class _counting:
    """Counts the queries of a block (to compare two sizes of the same page)."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._capture = CaptureQueriesContext(connection)
        self._capture.__enter__()
        return self

    def __exit__(self, *exc):
        self._capture.__exit__(*exc)
        self.count = len(self._capture.captured_queries)


# --- Rounds ----------------------------------------------------------------------------------------------------------


def test_round_open_and_close_confirm_then_act(desk_stage, organizer_client, organizer):
    factories.StageEntryFactory(stage=desk_stage)  # screening passed one: the first stage may open
    assert organizer_client.get(stage_url("round_open", desk_stage)).status_code == 200
    assert not StageRound.objects.filter(stage=desk_stage).exists()

    organizer_client.post(stage_url("round_open", desk_stage))
    assert StageRound.objects.get(stage=desk_stage).state == RoundState.OPEN
    organizer_client.post(stage_url("round_close", desk_stage))

    stage_round = StageRound.objects.get(stage=desk_stage)
    assert stage_round.state == RoundState.CLOSED and stage_round.closed_at is not None
    assert [log.action_type for log in logs_for(stage_round)][:2] == [
        "kovablik.judging.round_closed",
        "kovablik.judging.round_opened",
    ]


def test_round_closed_from_a_ranking_returns_to_that_ranking(desk_stage, organizer_client):
    services.open_stage(desk_stage, actor=None, override_reason=factories.SKIP_ORDER)
    ranking = reverse("judging:ranking", args=[desk_stage.edition.year, desk_stage.kind, GroupKind.GENERAL])
    close = stage_url("round_close", desk_stage) + f"?group={GroupKind.GENERAL}"

    confirm = organizer_client.get(close).content.decode()
    response = organizer_client.post(close)

    assert f'<a class="btn btn-outline-secondary" href="{ranking}">' in confirm  # Cancel goes back there too
    assert response.status_code == 302 and response["Location"] == ranking
    assert StageRound.objects.get(stage=desk_stage).state == RoundState.CLOSED


def test_round_close_with_an_unknown_group_returns_to_the_panels(desk_stage, organizer_client):
    services.open_stage(desk_stage, actor=None, override_reason=factories.SKIP_ORDER)

    response = organizer_client.post(stage_url("round_close", desk_stage) + "?group=../../admin")

    assert response["Location"] == reverse("judging:panels", args=[desk_stage.edition.year])


def test_round_close_from_preparing_refused(desk_stage, organizer_client):
    response = organizer_client.post(stage_url("round_close", desk_stage))

    assert response.status_code == 302
    assert not StageRound.objects.filter(stage=desk_stage, state=RoundState.CLOSED).exists()


def test_round_settings_saved_and_blind_default_for_desk(desk_stage, organizer_client):
    form = organizer_client.get(stage_url("round_settings", desk_stage)).context["form"]
    assert form.initial["blind"] is True

    organizer_client.post(
        stage_url("round_settings", desk_stage),
        {"can_score": "on", "judges_per_entry": 2, "disagreement_threshold": "12.5"},
    )

    stage_round = StageRound.objects.get(stage=desk_stage)
    assert (stage_round.blind, stage_round.judges_per_entry, str(stage_round.disagreement_threshold)) == (
        False,
        2,
        "12.50",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("disagreement_threshold", "100.01"), ("disagreement_threshold", "-1"), ("judges_per_entry", "0")],
)
def test_round_settings_refuse_a_threshold_beyond_0_100_and_no_judges(desk_stage, organizer_client, field, value):
    data = {"can_score": "on", "judges_per_entry": 3, "disagreement_threshold": "15", field: value}

    response = organizer_client.post(stage_url("round_settings", desk_stage), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    saved = StageRound.objects.filter(stage=desk_stage)
    assert not saved.filter(Q(judges_per_entry=0) | Q(disagreement_threshold__gt=100) | Q(disagreement_threshold__lt=0))


def test_assignment_preview_with_nothing_to_assign_offers_no_run(desk_stage, organizer_client):
    html = organizer_client.get(stage_url("run_assignment", desk_stage)).content.decode()

    assert 'id="nothing-to-assign"' in html
    assert 'id="confirm-assignment"' not in html
    assert "cukup juri" not in html  # no "0 entries cannot get enough judges:" over an empty list


# --- Assignment pages ------------------------------------------------------------------------------------------------


def test_run_assignment_preview_then_result(desk_stage, general_panel, organizer_client):
    make_entries(desk_stage, 3)
    special = make_entries(desk_stage, 1, group=GroupKind.SPECIAL)[0]

    preview = organizer_client.get(stage_url("run_assignment", desk_stage))
    assert preview.context["report"].pending_pairs == 9
    assert Assignment.objects.count() == 0
    response = organizer_client.post(stage_url("run_assignment", desk_stage))

    assert response["Location"] == stage_url("assignment_result", desk_stage)
    assert Assignment.objects.count() == 9
    result = organizer_client.get(response["Location"])
    assert [row.entry_id for row in result.context["report"].shortfalls] == [special.pk]
    assert f'data-entry="{special.pk}"' in result.content.decode()


def test_the_desk_preview_counts_the_assignments_of_the_proposals_the_run_admits_first(
    desk_stage, general_panel, organizer_client
):
    """Issue 15: the preview said "0 assignments will be created" for passed proposals not yet admitted to desk
    evaluation, and the run then admitted them and created 9."""
    for _index in range(3):
        factories.ProposalFactory(edition=desk_stage.edition, state=ProposalState.PASSED, group=GroupKind.GENERAL)

    preview = organizer_client.get(stage_url("run_assignment", desk_stage))
    report = preview.context["report"]
    html = preview.content.decode()
    assert (report.not_admitted, report.pending_pairs) == (3, 9)
    assert "9 penugasan akan dibuat." in html and 'data-entry=""' in html  # planned rows name them, unlinked
    assert not StageEntry.objects.filter(stage=desk_stage).exists()  # a preview writes nothing

    organizer_client.post(stage_url("run_assignment", desk_stage))

    assert Assignment.objects.filter(entry__stage=desk_stage).count() == 9


def test_stage_assignments_filters_entries_lacking_judges(desk_stage, general_panel, organizer_client):
    make_entries(desk_stage, 2)
    lacking = make_entries(desk_stage, 1, group=GroupKind.SPECIAL)[0]
    services.assign_judges(desk_stage, actor=None)

    response = organizer_client.get(stage_url("stage_assignments", desk_stage) + "?lacking=1")

    assert [entry["pk"] for entry in response.context["entries"]] == [lacking.pk]


def test_stage_assignments_query_count_constant(desk_stage, general_panel, organizer_client, django_assert_num_queries):
    make_entries(desk_stage, 2)
    services.assign_judges(desk_stage, actor=None)
    url = stage_url("stage_assignments", desk_stage)
    organizer_client.get(url)
    with _counting() as small:
        organizer_client.get(url)
    make_entries(desk_stage, 8)
    services.assign_judges(desk_stage, actor=None)

    with django_assert_num_queries(small.count):
        response = organizer_client.get(url)
    assert len(response.context["entries"]) == 10


def test_entry_judge_add_conflict_refused_with_message(desk_stage, organizer_client):
    agency = factories.AgencyFactory(name="Dinas Kominfo")
    judge = factories.JudgeFactory(agency=agency, user__first_name="Ratna", user__last_name="Sari")
    [entry] = make_entries(desk_stage, 1, agency=agency)

    organizer_client.cookies["kovablik_language"] = "en"  # the portal's language is the visitor's choice
    response = organizer_client.post(
        reverse("judging:entry_judge_add", args=[entry.pk]), {"judge": judge.pk}, follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    assert any("Ratna Sari" in message and "submitting agency" in message for message in messages)
    assert Assignment.objects.filter(entry=entry).count() == 0


def test_entry_judge_add_and_remove(desk_stage, organizer_client):
    judge = factories.JudgeFactory()
    [entry] = make_entries(desk_stage, 1)

    organizer_client.post(reverse("judging:entry_judge_add", args=[entry.pk]), {"judge": judge.pk})
    assignment = Assignment.objects.get(entry=entry, judge=judge)
    assert organizer_client.get(reverse("judging:entry_judges", args=[entry.pk])).status_code == 200
    assert organizer_client.get(reverse("judging:assignment_remove", args=[assignment.pk])).status_code == 200
    organizer_client.post(reverse("judging:assignment_remove", args=[assignment.pk]), {"note": "salah orang"})

    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    log = logs_for(entry).get(action_type="kovablik.judging.judge_removed")
    assert log.data["note"] == "salah orang"


def test_sheet_reopen_page_reopens_submitted_scores(open_desk, organizer_client):
    judge = factories.JudgeFactory()
    [entry] = make_entries(open_desk, 1)
    assignment = services.assign_judge(entry, judge, actor=None)
    values = {criterion.pk: (70, "") for criterion in open_desk.criteria.all()}
    services.record_score(assignment, values=values, version=0, actor=judge.user, submit=True)

    response = organizer_client.post(
        reverse("judging:sheet_reopen", args=[assignment.pk]), {"reason": "Nilai kriteria 3 tertukar"}
    )

    assert response["Location"] == reverse("judging:entry_judges", args=[entry.pk])
    assert ScoreSheet.objects.get(assignment=assignment).status == SheetStatus.DRAFT
    assert logs_for(entry).get(action_type="kovablik.judging.score_reopened").data["reason"] == (
        "Nilai kriteria 3 tertukar"
    )


def test_entry_pages_forbidden_for_judge(desk_stage, judge_client):
    judge = factories.JudgeFactory()
    [entry] = make_entries(desk_stage, 1)
    assignment = services.assign_judge(entry, judge, actor=None)

    assert judge_client.get(reverse("judging:entry_judges", args=[entry.pk])).status_code == 403
    assert judge_client.post(reverse("judging:assignment_remove", args=[assignment.pk])).status_code == 403
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_assignment_result_leads_to_opening_the_stage_then_to_progress(desk_stage, general_panel, organizer_client):
    make_entries(desk_stage, 2)
    services.assign_judges(desk_stage, actor=None)
    open_url = stage_url("round_open", desk_stage)

    preparing = organizer_client.get(stage_url("assignment_result", desk_stage)).content.decode()
    services.set_round_state(desk_stage, RoundState.OPEN, actor=None, override_reason=factories.SKIP_ORDER)
    opened = organizer_client.get(stage_url("assignment_result", desk_stage)).content.decode()

    assert f'id="open-stage" href="{open_url}"' in preparing
    assert open_url not in opened
    assert reverse("judging:progress", args=[desk_stage.edition.year]) + f"?stage={desk_stage.kind}" in opened


def test_assignment_result_of_an_empty_stage_does_not_claim_every_entry_has_judges(desk_stage, organizer_client):
    page = organizer_client.get(stage_url("assignment_result", desk_stage)).content.decode()

    assert 'id="no-entries"' in page
    assert 'id="all-assigned"' not in page


# --- Paginated assignment pages --------------------------------------------------------------------------------------


@pytest.fixture
def pages_of_two(monkeypatch):
    """The stage's assignment pages show two rows a page."""
    from judging.views import panels

    monkeypatch.setattr(panels, "PAGE_SIZE", 2)


def _entry_rows(html, table_id=None):
    if table_id:
        html = html[html.index(f'id="{table_id}"') :]
        html = html[: html.index("</table>")]
    return [int(pk) for pk in re.findall(r'<tr data-entry="(\d+)"', html)]


def test_stage_assignments_page_two_shows_the_next_entries_and_links_keep_the_filter(
    desk_stage, general_panel, organizer_client, pages_of_two
):
    entries = sorted(make_entries(desk_stage, 5), key=lambda entry: (entry.proposal.title, entry.pk))
    make_entries(desk_stage, 2, group=GroupKind.SPECIAL)
    services.assign_judges(desk_stage, actor=None)
    url = stage_url("stage_assignments", desk_stage)

    second = organizer_client.get(url, {"group": GroupKind.GENERAL, "page": 2}).content.decode()

    assert _entry_rows(second) == [entry.pk for entry in entries[2:4]]
    assert f"?group={GroupKind.GENERAL}&amp;page=3" in second
    assert f"?group={GroupKind.GENERAL}&amp;page=1" in second
    judges = PanelMember.objects.filter(panel=general_panel).select_related("judge__user")
    assert all(str(member.judge) in second for member in judges)
    for page in ("abc", "999", ""):
        assert organizer_client.get(url, {"page": page}).status_code == 200


def test_stage_assignments_summarize_the_judges_loads(desk_stage, general_panel, organizer_client):
    make_entries(desk_stage, 5)
    services.assign_judges(desk_stage, actor=None)  # 15 assignments over 4 judges: 3 or 4 each

    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = organizer_client.get(stage_url("stage_assignments", desk_stage)).content.decode()

    assert "4 panel judges: 3 to 4 entries each." in html


def test_assignment_preview_counts_the_whole_stage_and_pages_the_planned_assignments(
    desk_stage, general_panel, organizer_client, pages_of_two
):
    make_entries(desk_stage, 3)
    url = stage_url("run_assignment", desk_stage)

    pages = [organizer_client.get(url, {"planned": page}) for page in (1, 2, 3, 4, 5, 6)]

    assert pages[0].context["report"].pending_pairs == 9
    planned = [
        (int(entry), int(judge))
        for response in pages[:5]
        for entry, judge in re.findall(r'<tr data-entry="(\d+)" data-judge="(\d+)"', response.content.decode())
    ]
    assert len(planned) == 9 and len(set(planned)) == 9  # every planned assignment, on five pages
    assert pages[5].status_code == 200  # past the last page: the last one
    assert "planned=2" in pages[0].content.decode()
    assert organizer_client.get(url, {"planned": "x", "page": "y"}).status_code == 200
    assert Assignment.objects.count() == 0


def test_assignment_result_pages_the_entries_lacking_judges(desk_stage, general_panel, organizer_client, pages_of_two):
    make_entries(desk_stage, 2)
    special = sorted(make_entries(desk_stage, 5, group=GroupKind.SPECIAL), key=lambda entry: entry.pk)
    services.assign_judges(desk_stage, actor=None)
    url = stage_url("assignment_result", desk_stage)

    first = organizer_client.get(url)
    second = organizer_client.get(url, {"page": 2})

    assert len(first.context["report"].shortfalls) == 5
    assert _entry_rows(first.content.decode(), "shortfalls") == [entry.pk for entry in special[:2]]
    assert _entry_rows(second.content.decode(), "shortfalls") == [entry.pk for entry in special[2:4]]
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "5 entries lack judges" in organizer_client.get(url).content.decode()


@pytest.mark.parametrize("name", ["run_assignment", "assignment_result"])
def test_assignment_preview_and_result_in_constant_queries(
    name, desk_stage, general_panel, organizer_client, django_assert_max_num_queries
):
    make_entries(desk_stage, 2)
    make_entries(desk_stage, 1, group=GroupKind.SPECIAL)
    url = stage_url(name, desk_stage)
    organizer_client.get(url)
    with _counting() as small:
        organizer_client.get(url)
    make_entries(desk_stage, 12)
    make_entries(desk_stage, 4, group=GroupKind.SPECIAL)

    with django_assert_max_num_queries(small.count):
        response = organizer_client.get(url)
    assert response.context["report"].entries == 19


def test_panel_list_names_the_first_judges_and_counts_the_others(edition, organizer_client):
    judges = _named_judges(12)
    services.create_panel(edition, name="Panel Besar", groups=[GroupKind.GENERAL], judges=judges, actor=None)

    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = organizer_client.get(reverse("judging:panels", args=[edition.year])).content.decode()

    assert "Juri A07" in html and "Juri A08" not in html
    assert "12 judges in all" in html


def test_panel_form_error_on_the_judges_links_to_their_fieldset(edition, organizer_client):
    response = organizer_client.post(
        reverse("judging:panel_create", args=[edition.year]), {"name": "Panel X", "judges": ["999999"]}
    )

    html = response.content.decode()
    assert response.status_code == 200 and response.context["form"].errors["judges"]
    assert '<a class="alert-link" href="#id_judges">' in html
    assert '<fieldset class="mb-3" id="id_judges"' in html
    assert not Panel.objects.filter(name="Panel X").exists()
