import pytest
from django.urls import reverse
from django.utils import translation

from competitions.enums import StageKind
from core.audit import logs_for
from judging import services
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, ConflictDeclaration, Score, ScoreSheet
from tests import factories
from tests.conftest import logged_in_client
from tests.judging.conftest import make_entries


def post_values(stage, values, *, version, notes=None, overall=""):
    data = {"version": version, "overall_note": overall}
    for index, criterion in enumerate(stage.criteria.order_by("position", "pk")):
        value = values[index] if index < len(values) else None
        data[f"score_{criterion.pk}"] = "" if value is None else str(value)
        data[f"note_{criterion.pk}"] = (notes or {}).get(index, "")
    return data


DESK_VALUES = [80, 70, 90, 60, 75, 100, 50]  # weighted total 68.50


# --- My entries ------------------------------------------------------------------------------------------------------


def test_my_entries_lists_only_own_assignments_with_progress(assigned, panel_judges, open_desk):
    client = logged_in_client(panel_judges[0].user)
    own = set(Assignment.objects.filter(judge=panel_judges[0]).values_list("entry_id", flat=True))

    response = client.get(reverse("judging:my_entries"))

    assert response.status_code == 200
    listed = {assignment.entry_id for row in response.context["stages"] for assignment in row.assignments}
    assert listed == own
    [row] = response.context["stages"]
    assert (row.submitted, row.total) == (0, len(own))
    assert f'max="{len(own)}" value="0"' in response.content.decode()


def judge_of_both(closed_entry, open_entry, organizer):
    """A judge assigned to both entries. Assignment picks any of the panel's judges, so a fixed one (panel_judges[0])
    is not always a judge of both: take one of the closed entry's and give them the open entry too."""
    judge = Assignment.objects.filter(entry=closed_entry).order_by("pk").first().judge
    if not Assignment.objects.filter(entry=open_entry, judge=judge).exists():
        services.assign_judge(open_entry, judge, actor=organizer)
    return judge


def test_my_entries_lists_the_open_stage_above_the_closed_one(open_desk, general_panel, panel_judges, organizer):
    [closed_entry] = make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    services.close_stage(open_desk, actor=organizer)
    presentation = open_desk.edition.stages.get(kind=StageKind.PRESENTATION)
    [open_entry] = make_entries(presentation, 1)
    services.assign_judges(presentation, actor=organizer)
    services.open_stage(presentation, actor=organizer, override_reason=factories.SKIP_ORDER)
    judge = judge_of_both(closed_entry, open_entry, organizer)

    response = logged_in_client(judge.user).get(reverse("judging:my_entries"))

    assert [(row.stage.kind, row.stage_round.state) for row in response.context["stages"]] == [
        (StageKind.PRESENTATION, RoundState.OPEN),
        (StageKind.DESK, RoundState.CLOSED),
    ]
    page = response.content.decode()
    assert page.index(f'id="stage-{presentation.pk}"') < page.index(f'id="stage-{open_desk.pk}"')


def test_my_entries_folds_a_closed_stages_list_and_leaves_the_open_one_unfolded(
    open_desk, general_panel, panel_judges, organizer
):
    [closed_entry] = make_entries(open_desk, 1)
    services.assign_judges(open_desk, actor=organizer)
    services.close_stage(open_desk, actor=organizer)
    presentation = open_desk.edition.stages.get(kind=StageKind.PRESENTATION)
    [open_entry] = make_entries(presentation, 1)
    services.assign_judges(presentation, actor=organizer)
    services.open_stage(presentation, actor=organizer, override_reason=factories.SKIP_ORDER)
    judge = judge_of_both(closed_entry, open_entry, organizer)

    page = logged_in_client(judge.user).get(reverse("judging:my_entries")).content.decode()

    folded = page[page.index(f'data-closed-stage="{open_desk.pk}"') : page.index("</details>")]
    assert f'data-entry="{closed_entry.pk}"' in folded
    assert "<summary" in folded and "<details open" not in page
    assert page.count("<details") == 1
    assert page.index(f'data-entry="{open_entry.pk}"') < page.index("<details")


def test_my_entries_hides_stage_not_yet_open(desk_stage, general_panel, panel_judges, organizer):
    make_entries(desk_stage, 1)
    services.assign_judges(desk_stage, actor=organizer)

    response = logged_in_client(panel_judges[0].user).get(reverse("judging:my_entries"))

    assert response.context["stages"] == []


def test_my_entries_forbidden_for_agency_and_login_for_anonymous(agency_client, client):
    assert agency_client.get(reverse("judging:my_entries")).status_code == 403
    response = client.get(reverse("judging:my_entries"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_my_entries_query_count_constant(
    open_desk, general_panel, panel_judges, organizer, django_assert_num_queries, django_assert_max_num_queries
):
    make_entries(open_desk, 2)
    services.assign_judges(open_desk, actor=organizer)
    client = logged_in_client(panel_judges[0].user)
    client.get(reverse("judging:my_entries"))  # warm caches (content types, sessions)

    with django_assert_max_num_queries(6) as small:
        client.get(reverse("judging:my_entries"))
    make_entries(open_desk, 12)
    services.assign_judges(open_desk, actor=organizer)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("judging:my_entries"))

    assert sum(row.total for row in response.context["stages"]) > 6


# --- Scoring page: scope and blind mode ------------------------------------------------------------------------------


def test_score_page_unassigned_entry_is_404(assigned, panel_judges):
    foreign_entry, unassigned_entry = make_entries(assigned.entry.stage, 2)
    services.assign_judge(foreign_entry, panel_judges[1], actor=None)  # another judge's entry
    foreign, not_yet_assigned = foreign_entry.pk, unassigned_entry.pk
    client = logged_in_client(panel_judges[0].user)

    for entry_id in (foreign, not_yet_assigned):
        assert client.get(reverse("judging:score", args=[entry_id])).status_code == 404
        assert client.post(reverse("judging:score", args=[entry_id]), {"version": 0}).status_code == 404
        assert client.get(reverse("judging:score_submit", args=[entry_id])).status_code == 404
        assert client.post(reverse("judging:declare_conflict", args=[entry_id]), {"reason": "x"}).status_code == 404
    assert ScoreSheet.objects.filter(version__gt=0).count() == 0


def test_score_page_organizer_is_forbidden(assigned, organizer_client):
    assert organizer_client.get(reverse("judging:score", args=[assigned.entry_id])).status_code == 403


def test_score_page_blind_hides_agency(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)

    response = client.get(reverse("judging:score", args=[assigned.entry_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert assigned.entry.proposal.title in html
    assert assigned.entry.proposal.agency.name not in html
    assert response.context["can_see_agency"] is False


def test_score_page_shows_agency_when_not_blind(assigned, panel_judges, organizer):
    services.update_round_settings(assigned.entry.stage, blind=False, actor=organizer)

    response = logged_in_client(panel_judges[0].user).get(reverse("judging:score", args=[assigned.entry_id]))

    assert assigned.entry.proposal.agency.name in response.content.decode()


def test_score_page_never_shows_other_judges_scores_while_open(assigned, panel_judges):
    entry = assigned.entry
    other = Assignment.objects.filter(entry=entry).exclude(judge=panel_judges[0]).select_related("judge__user").first()
    values = {c.pk: (100, "SECRET-NOTE") for c in entry.stage.criteria.all()}
    services.record_score(other, values=values, version=0, actor=other.judge.user, submit=True)

    response = logged_in_client(panel_judges[0].user).get(reverse("judging:score", args=[entry.pk]))

    assert response.context["other_sheets"] == []
    assert "SECRET-NOTE" not in response.content.decode()


def test_score_page_other_scores_after_close_only_when_allowed(assigned, panel_judges, organizer):
    stage = assigned.entry.stage
    services.close_stage(stage, actor=organizer)
    client = logged_in_client(panel_judges[0].user)

    assert client.get(reverse("judging:score", args=[assigned.entry_id])).context["other_sheets"] == []
    services.update_round_settings(stage, see_other_scores_after_close=True, actor=organizer)
    assert len(client.get(reverse("judging:score", args=[assigned.entry_id])).context["other_sheets"]) == 2


# --- Saving and submitting -------------------------------------------------------------------------------------------


def test_save_draft_stores_values_and_redirects(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage
    url = reverse("judging:score", args=[assigned.entry_id])

    response = client.post(url, post_values(stage, DESK_VALUES[:3], version=0, notes={0: "latar jelas"}))

    assert response.status_code == 302 and response["Location"] == url
    sheet = ScoreSheet.objects.get(assignment=assigned)
    assert (sheet.status, sheet.version) == (SheetStatus.DRAFT, 1)
    assert sorted(Score.objects.filter(sheet=sheet, value__isnull=False).values_list("value", flat=True)) == [
        70,
        80,
        90,
    ]
    assert client.get(url).context["live_total"] == pytest.approx(8 + 10.5 + 4.5)


def test_save_draft_value_above_maximum_shows_field_error(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage

    response = client.post(reverse("judging:score", args=[assigned.entry_id]), post_values(stage, [101], version=0))

    assert response.status_code == 200
    first = stage.criteria.order_by("position", "pk").first()
    assert response.context["form"].errors[f"score_{first.pk}"]
    assert ScoreSheet.objects.get(assignment=assigned).version == 0


def test_stale_form_shows_newer_values_and_keeps_them(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage
    url = reverse("judging:score", args=[assigned.entry_id])
    client.post(url, post_values(stage, [55], version=0, notes={0: "from tab one"}))

    with translation.override("en"):
        response = client.post(url, post_values(stage, [99], version=0, notes={0: "from tab two"}))

    assert response.status_code == 409
    first = stage.criteria.order_by("position", "pk").first()
    form = response.context["form"]
    assert form.initial[f"score_{first.pk}"] == 55
    assert form.initial["version"] == 1
    html = response.content.decode()
    assert 'id="stale-notice"' in html and "from tab two" in html
    assert Score.objects.get(sheet__assignment=assigned, criterion=first).value == 55


def test_review_then_submit_makes_scores_final(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage

    response = client.post(
        reverse("judging:score_review", args=[assigned.entry_id]), post_values(stage, DESK_VALUES, version=0)
    )
    assert response["Location"] == reverse("judging:score_submit", args=[assigned.entry_id])
    confirm = client.get(response["Location"])
    assert confirm.context["missing"] == [] and str(confirm.context["total"]) == "68.50"
    response = client.post(reverse("judging:score_submit", args=[assigned.entry_id]), {"version": 1})

    assert response["Location"] == reverse("judging:my_entries")
    sheet = ScoreSheet.objects.get(assignment=assigned)
    assert (sheet.status, sheet.version) == (SheetStatus.SUBMITTED, 2)
    # A submitted sheet is read-only: a further post changes nothing.
    client.post(reverse("judging:score", args=[assigned.entry_id]), post_values(stage, [1] * 7, version=2))
    assert ScoreSheet.objects.get(assignment=assigned).version == 2


def test_submit_with_missing_criterion_refused(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage
    client.post(reverse("judging:score", args=[assigned.entry_id]), post_values(stage, DESK_VALUES[:6], version=0))

    confirm = client.get(reverse("judging:score_submit", args=[assigned.entry_id]))
    response = client.post(reverse("judging:score_submit", args=[assigned.entry_id]), {"version": 1})

    assert len(confirm.context["missing"]) == 1
    assert response["Location"] == reverse("judging:score", args=[assigned.entry_id])
    assert ScoreSheet.objects.get(assignment=assigned).status == SheetStatus.DRAFT


def test_closed_stage_refuses_save_from_page(assigned, panel_judges, organizer):
    services.close_stage(assigned.entry.stage, actor=organizer)
    client = logged_in_client(panel_judges[0].user)

    response = client.post(
        reverse("judging:score", args=[assigned.entry_id]), post_values(assigned.entry.stage, DESK_VALUES, version=0)
    )

    assert response.status_code == 200
    assert ScoreSheet.objects.get(assignment=assigned).version == 0
    assert Score.objects.count() == 0


# --- Conflict --------------------------------------------------------------------------------------------------------


def test_declare_conflict_page_removes_entry_from_judge(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    url = reverse("judging:declare_conflict", args=[assigned.entry_id])

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Saya pernah bekerja di instansi ini."})

    assert response["Location"] == reverse("judging:my_entries")
    assert ConflictDeclaration.objects.filter(judge=panel_judges[0], proposal=assigned.entry.proposal).exists()
    assert client.get(reverse("judging:score", args=[assigned.entry_id])).status_code == 404
    assert logs_for(assigned.entry).filter(action_type="kovablik.judging.conflict_declared").count() == 1


def test_dashboard_links_judge_to_my_entries(panel_judges):
    response = logged_in_client(panel_judges[0].user).get(reverse("competitions:dashboard"))

    assert reverse("judging:my_entries") in response.content.decode()


def test_judge_can_download_attachment_of_assigned_entry_only(assigned, panel_judges):
    own = assigned.entry.proposal.attachments.first()
    other_proposal = factories.ProposalFactory(edition=assigned.entry.stage.edition, state="passed", complete=True)
    foreign = other_proposal.attachments.first()
    client = logged_in_client(panel_judges[0].user)

    response = client.get(reverse("proposals:attachment_download", args=[own.proposal_id, own.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # read fully: the client then closes the file
    assert (
        client.get(reverse("proposals:attachment_download", args=[foreign.proposal_id, foreign.pk])).status_code == 404
    )


def test_my_entries_offers_the_minutes_confirmation_once_every_entry_is_submitted(assigned, panel_judges, open_desk):
    judge = panel_judges[0]
    client = logged_in_client(judge.user)
    confirm_url = reverse("judging:confirm_score_sheet", args=[open_desk.edition.year, open_desk.kind])
    criteria = list(open_desk.criteria.order_by("position", "pk"))
    assignments = list(Assignment.objects.filter(judge=judge).select_related("sheet", "judge", "entry__stage"))

    before = client.get(reverse("judging:my_entries")).content.decode()
    for assignment in assignments:
        values = {criterion.pk: (70, "") for criterion in criteria}
        services.record_score(
            assignment, values=values, version=assignment.sheet.version, actor=judge.user, submit=True
        )
    after = client.get(reverse("judging:my_entries")).content.decode()

    assert confirm_url not in before
    assert confirm_url in after
