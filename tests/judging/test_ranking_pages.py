"""The organizer's ranking pages: what they show, who reaches them, constant queries, and advancing a shortlist."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind, StageKind
from core.exceptions import DomainError
from core.models import ActionLog
from judging import ranking, services
from judging.audit import SHORTLIST_ADVANCED
from judging.models import ScoreSheet, StageEntry
from tests.conftest import logged_in_client
from tests.judging.ranking_data import bulk_judged_stage, judged_desk_stage, score

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def judged(edition):
    return judged_desk_stage(edition)


def ranking_url(kind=StageKind.DESK, group=GroupKind.GENERAL, **query):
    url = reverse("judging:ranking", args=[YEAR, kind, group])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def ranked_titles(html: str) -> list[str]:
    table = html.split('id="ranking-table"', 1)[1].split("</table>\n  </div>", 1)[0]
    return re.findall(r"<strong>(Inovasi E\d)</strong>", table)


def attribute_values(html: str, name: str) -> list[str]:
    return re.findall(rf'data-{name}="([^"]*)"', html)


# --- What the page shows --------------------------------------------------------------------------------------------


def test_ranking_page_shows_raw_scores_ranks_and_disagreement(organizer_client, judged):
    html = organizer_client.get(ranking_url()).content.decode()

    assert ranked_titles(html) == ["Inovasi E1", "Inovasi E3", "Inovasi E2", "Inovasi E4"]
    assert attribute_values(html, "raw") == ["75.00", "68.33", "65.00", "58.33"]
    assert attribute_values(html, "spread") == ["7.07", "8.50", "17.80", "14.34"]
    assert attribute_values(html, "disagreement") == ["1"]  # E2 only: 17.80 > 15
    assert html.count("<details") >= 4  # every entry's breakdown, readable without JavaScript


def test_normalized_view_reorders_and_names_the_tie_breaks(organizer_client, judged):
    html = organizer_client.get(ranking_url(view="normalized")).content.decode()

    assert ranked_titles(html) == ["Inovasi E2", "Inovasi E1", "Inovasi E3", "Inovasi E4"]
    assert attribute_values(html, "tie-rule") == ["submission", "submission", "top_criterion", "top_criterion"]
    # Both rankings stay visible: the raw rank of each entry is shown beside its raw score.
    assert '75,00 <span class="text-body-secondary">(#1)</span>' in html


def test_breakdown_lists_each_judges_scores_per_criterion(organizer_client, judged):
    with translation.override("en"):
        html = organizer_client.get(ranking_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    e2 = html.split("<strong>Inovasi E2</strong>", 1)[1].split("</details>", 1)[0]
    # Substansi: J1 50, J2 75, J3 100 → mean 75; Penyajian: 25, 75, 50 → mean 50.
    assert re.findall(r"<td>(\d+)(?:<small|</td>)", e2)[:6] == ["50", "75", "100", "25", "75", "50"]
    assert attribute_values(e2, "total") == ["40.00", "75.00", "80.00"]


def test_entries_without_all_judges_submitted_are_listed_apart(organizer_client, judged):
    services.reopen_scores(judged.assignment("J1", "E4").sheet, actor=None, reason="Cek ulang")

    html = organizer_client.get(ranking_url()).content.decode()

    assert ranked_titles(html) == ["Inovasi E1", "Inovasi E3", "Inovasi E2"]
    pending = html.split('id="pending-table"', 1)[1]
    assert f'data-entry="{judged.entries["E4"].pk}"' in pending
    assert "2 / 3" in pending


def test_final_ranking_page_shows_the_blocks(organizer_client, judged):
    response = organizer_client.get(reverse("judging:final_ranking", args=[YEAR, GroupKind.GENERAL]))

    html = response.content.decode()
    # Presentation and field have no results yet: every entry stopped after desk evaluation.
    assert 'data-block="final"' not in html
    assert attribute_values(html, "block") == ["desk"]
    assert attribute_values(html, "final-raw") == ["75.00", "68.33", "65.00", "58.33"]


def test_final_ranking_shows_the_first_rows_of_a_stopped_block_unless_asked(organizer_client, edition):
    bulk_judged_stage(edition, 60)
    url = reverse("judging:final_ranking", args=[YEAR, GroupKind.GENERAL])

    short = organizer_client.get(url).content.decode()
    full = organizer_client.get(url, {"full": 1}).content.decode()

    assert len(attribute_values(short, "final-raw")) == 50
    assert "?view=raw&amp;full=1" in short
    assert len(attribute_values(full, "final-raw")) == 60


def test_entries_without_a_result_show_the_first_rows_unless_asked(organizer_client, edition):
    stage = bulk_judged_stage(edition, 60)
    ScoreSheet.objects.filter(assignment__entry__stage=stage).update(status="draft", submitted_at=None)

    short = organizer_client.get(ranking_url()).content.decode()
    full = organizer_client.get(ranking_url(pending="all")).content.decode()

    def pending_rows(html):
        return html.split('id="pending-table"', 1)[1].split("</table>", 1)[0].count("data-entry=")

    assert pending_rows(short) == 50
    assert "?view=raw&amp;pending=all" in short
    assert pending_rows(full) == 60
    assert "more entries without a stage result" not in full and "proposal lagi tanpa hasil tahap" not in full


@pytest.mark.parametrize("view", ["raw", "normalized"])
def test_a_later_page_continues_the_ranking_of_the_whole_group(organizer_client, edition, view):
    """The database cuts each page out of the whole group's order: ranks, and ties across the page boundary, are
    those of the whole ranking."""
    bulk_judged_stage(edition, 120)
    stage = ranking.stage_with_criteria(edition, StageKind.DESK)
    whole = ranking.stage_ranking(stage, GroupKind.GENERAL, view=view).ranked

    html = organizer_client.get(ranking_url(view=view, page=2)).content.decode()

    shown = re.findall(r'<tr data-entry="(\d+)" data-rank="(\d+)"', html)
    assert shown == [(str(row.entry.pk), str(row.placements[view].rank)) for row in whole[50:100]]
    tie_rules = attribute_values(html.split('id="ranking-table"', 1)[1], "tie-rule")
    assert tie_rules == [row.placements[view].tie_rule or "" for row in whole[50:100]]
    assert len(whole) == 120 and any(tie_rules), "the bulk stage has ties"

    beyond = organizer_client.get(ranking_url(view=view, page=999)).content.decode()
    last = [(str(row.entry.pk), str(row.placements[view].rank)) for row in whole[100:]]
    assert re.findall(r'<tr data-entry="(\d+)" data-rank="(\d+)"', beyond) == last
    assert re.findall(
        r'<tr data-entry="(\d+)" data-rank="(\d+)"',
        organizer_client.get(ranking_url(view=view, page="x")).content.decode(),
    ) == [(str(row.entry.pk), str(row.placements[view].rank)) for row in whole[:50]]


def test_unknown_stage_group_or_edition_is_404_for_organizers(organizer_client, judged):
    assert organizer_client.get(ranking_url(kind="nope")).status_code == 404
    assert organizer_client.get(ranking_url(group="nope")).status_code == 404
    assert organizer_client.get(reverse("judging:ranking", args=[1999, "desk", "umum"])).status_code == 404


# --- Who may see it -------------------------------------------------------------------------------------------------

ORGANIZER_URLS = [
    ("judging:ranking_overview", [YEAR]),
    ("judging:ranking", [YEAR, "desk", "umum"]),
    ("judging:final_ranking", [YEAR, "umum"]),
    ("judging:advance_shortlist", [YEAR, "desk", "umum"]),
    ("judging:ranking_export", [YEAR, "desk", "umum", "csv"]),
    ("judging:final_ranking_export", [YEAR, "umum", "xlsx"]),
    ("judging:score_sheets_export", [YEAR, "desk", "umum", "csv"]),
    ("judging:progress", [YEAR]),
    ("judging:remind_judges", [YEAR, "desk"]),
    ("judging:audit", [YEAR]),
]


@pytest.mark.parametrize(("name", "args"), ORGANIZER_URLS)
def test_organizer_pages_refuse_judges_and_agency_admins(name, args, judged, agency_admin):
    url = reverse(name, args=args)
    judge_client = logged_in_client(judged.judges["J1"].user)

    assert judge_client.get(url).status_code == 403
    assert judge_client.post(url).status_code == 403
    assert logged_in_client(agency_admin).get(url).status_code == 403


@pytest.mark.parametrize(("name", "args"), ORGANIZER_URLS)
def test_organizer_pages_send_anonymous_visitors_to_log_in(client, name, args, edition):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Constant queries -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["raw", "normalized"])
@pytest.mark.parametrize("size", [20, 200])
def test_ranking_page_renders_in_constant_queries(organizer_client, edition, django_assert_max_num_queries, size, view):
    stage = bulk_judged_stage(edition, size)
    # A tenth of the entries still wait for a judge: the page lists them too, in the same queries.
    ScoreSheet.objects.filter(assignment__entry__stage=stage, assignment__entry__proposal__title__endswith="7").update(
        status="draft"
    )

    # The session, the account, the edition and its stages; then the ranking with its counts and the entries
    # without a result (1), the sheets, the judges' spreads, the means per criterion and the breakdown.
    with django_assert_max_num_queries(12):
        response = organizer_client.get(ranking_url(view=view))

    assert len(attribute_values(response.content.decode(), "rank")) == min(size - size // 10, 50)
    pending = response.content.decode().split('id="pending-table"', 1)[1].split("</table>", 1)[0]
    assert pending.count("data-entry=") == size // 10


@pytest.mark.parametrize("size", [20, 200])
def test_final_ranking_and_overview_render_in_constant_queries(
    organizer_client, edition, django_assert_max_num_queries, size
):
    bulk_judged_stage(edition, size)

    with django_assert_max_num_queries(13):
        final = organizer_client.get(reverse("judging:final_ranking", args=[YEAR, GroupKind.GENERAL]), {"full": 1})
    with django_assert_max_num_queries(9):
        overview = organizer_client.get(reverse("judging:ranking_overview", args=[YEAR]))

    assert len(attribute_values(final.content.decode(), "final-raw")) == size
    assert f"{3 * size} of {3 * size}" in overview.content.decode() or f"{3 * size} dari {3 * size}" in (
        overview.content.decode()
    )


# --- Closing and advancing ------------------------------------------------------------------------------------------


def test_closing_the_stage_locks_every_save(organizer_client, judged):
    services.reopen_scores(judged.assignment("J2", "E1").sheet, actor=None, reason="Koreksi")

    organizer_client.post(reverse("judging:round_close", args=[YEAR, StageKind.DESK]))

    assignment = judged.assignment("J2", "E1")
    with pytest.raises(DomainError):
        score(assignment, {judged.criteria[0].pk: 99}, submit=False)
    assert ScoreSheet.objects.get(pk=assignment.sheet.pk).scores.get(criterion=judged.criteria[0]).value == 65


def test_advance_form_is_prefilled_with_the_top_n(organizer_client, judged):
    services.close_stage(judged.stage, actor=None)

    response = organizer_client.get(reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"]) + "?top=2")

    html = response.content.decode()
    checked = re.findall(r'<input type="checkbox" name="chosen" value="(\d+)"[^>]*checked', html)
    assert sorted(map(int, checked)) == sorted(judged.entries[name].proposal_id for name in ("E1", "E3"))


def test_advance_creates_next_stage_entries_only_for_the_chosen(organizer_client, organizer, judged):
    services.close_stage(judged.stage, actor=None)
    chosen = [judged.entries[name].proposal_id for name in ("E1", "E3")]
    url = reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"])

    preview = organizer_client.get(url, {"top": 2, "view": "raw", "chosen": chosen, "preview": 1})
    assert 'id="departures"' not in preview.content.decode()
    response = organizer_client.post(url, {"top": 2, "view": "raw", "chosen": chosen, "reason": ""})

    assert response.status_code == 302
    presentation = judged.stage.edition.stages.get(kind=StageKind.PRESENTATION)
    admitted = set(StageEntry.objects.filter(stage=presentation).values_list("proposal_id", flat=True))
    assert admitted == set(chosen)
    # Entries not advanced keep their desk entry and submitted scores.
    assert StageEntry.objects.filter(stage=judged.stage).count() == 4
    assert ScoreSheet.objects.filter(assignment__entry__stage=judged.stage, status="submitted").count() == 12
    log = ActionLog.objects.get(action_type=SHORTLIST_ADVANCED)
    assert (log.actor, log.data["after"]["chosen"], log.data["reason"]) == (organizer, sorted(chosen), "")


def test_advance_departing_from_the_top_needs_a_reason(organizer_client, judged):
    services.close_stage(judged.stage, actor=None)
    chosen = [judged.entries[name].proposal_id for name in ("E1", "E2")]  # E2 is 3rd, E3 (2nd) left out
    url = reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"])

    preview = organizer_client.get(url, {"top": 2, "view": "raw", "chosen": chosen, "preview": 1})
    refused = organizer_client.post(url, {"top": 2, "view": "raw", "chosen": chosen, "reason": ""})
    presentation = judged.stage.edition.stages.get(kind=StageKind.PRESENTATION)
    admitted_after_refusal = StageEntry.objects.filter(stage=presentation).count()
    accepted = organizer_client.post(
        url, {"top": 2, "view": "raw", "chosen": chosen, "reason": "Keterwakilan daerah (keputusan pleno)"}
    )

    assert 'id="departures"' in preview.content.decode()
    assert refused.status_code == 200
    assert admitted_after_refusal == 0
    assert accepted.status_code == 302
    assert set(StageEntry.objects.filter(stage=presentation).values_list("proposal_id", flat=True)) == set(chosen)
    assert StageEntry.objects.get(stage=presentation, proposal_id=chosen[1]).note.startswith("Keterwakilan")


def test_advance_is_refused_while_the_stage_is_open(organizer_client, judged):
    url = reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"])
    chosen = [judged.entries["E1"].proposal_id]

    response = organizer_client.post(url, {"top": 1, "view": "raw", "chosen": chosen, "reason": ""})

    assert response.status_code == 302
    assert response["Location"] == ranking_url()
    assert not StageEntry.objects.exclude(stage=judged.stage).exists()


def test_no_shortlist_is_offered_when_the_next_stage_is_closed(organizer_client, judged, edition):
    services.close_stage(judged.stage, actor=None)
    advance = reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"])
    assert advance in organizer_client.get(ranking_url()).content.decode()
    presentation = edition.stages.get(kind=StageKind.PRESENTATION)
    services.open_stage(presentation, actor=None, override_reason="Uji urutan.")
    services.close_stage(presentation, actor=None)

    assert advance not in organizer_client.get(ranking_url()).content.decode()
    response = organizer_client.get(advance, follow=True)
    assert response.redirect_chain[-1][0] == ranking_url()
    assert "sudah ditutup" in response.content.decode()


@pytest.mark.parametrize("situation", ["stage open", "next stage closed", "last stage"])
def test_the_service_refuses_with_the_reason_the_page_shows(organizer_client, judged, edition, situation):
    """The guards live in the service: a caller that skips the page is refused with the page's words."""
    from judging.shortlist import advance_shortlist

    stage = judged.stage
    if situation != "stage open":
        services.close_stage(stage, actor=None)
    if situation == "next stage closed":
        presentation = edition.stages.get(kind=StageKind.PRESENTATION)
        services.open_stage(presentation, actor=None, override_reason="Uji urutan.")
        services.close_stage(presentation, actor=None)
    if situation == "last stage":
        stage = max(edition.stages.all(), key=lambda other: other.position)
    shown = organizer_client.get(
        reverse("judging:advance_shortlist", args=[YEAR, stage.kind, "umum"]), follow=True
    ).context["messages"]

    with pytest.raises(DomainError) as refused:
        advance_shortlist(
            stage, group=GroupKind.GENERAL, proposals=[judged.entries["E1"].proposal_id], actor=None, reason="x"
        )
    assert [str(message) for message in shown] == [refused.value.message]
    assert StageEntry.objects.exclude(stage=judged.stage).count() == 0


def test_advance_refuses_an_entry_without_a_stage_result(judged):
    from judging.shortlist import advance_shortlist

    services.reopen_scores(judged.assignment("J3", "E4").sheet, actor=None, reason="Cek")
    services.close_stage(judged.stage, actor=None)

    with pytest.raises(DomainError):
        advance_shortlist(
            judged.stage,
            group=GroupKind.GENERAL,
            proposals=[judged.entries["E4"].proposal_id],
            actor=None,
            reason="Tetap maju",
        )
    assert not StageEntry.objects.exclude(stage=judged.stage).exists()


@pytest.mark.parametrize("size", [20, 200])
def test_advance_shortlist_renders_in_constant_queries(organizer_client, edition, django_assert_max_num_queries, size):
    bulk_judged_stage(edition, size)
    services.close_stage(edition.stages.get(kind=StageKind.DESK), actor=None)

    with django_assert_max_num_queries(15):
        response = organizer_client.get(reverse("judging:advance_shortlist", args=[YEAR, "desk", "umum"]) + "?top=5")

    html = response.content.decode()
    assert len(re.findall(r'<input type="checkbox" name="chosen" value="\d+"', html)) == size
    assert len(re.findall(r'<input type="checkbox" name="chosen" value="\d+"[^>]*checked', html)) == 5


def test_stage_ranking_breadcrumb_names_the_stage_and_group_instead_of_repeating_peringkat(organizer_client, judged):
    html = organizer_client.get(ranking_url()).content.decode()

    crumbs = re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(.*?)</li>', html, re.S)
    labels = [re.sub(r"<[^>]+>", "", crumb).strip() for crumb in crumbs]
    assert labels[-2:] == ["Peringkat", "Evaluasi proposal (Tahap I), Kelompok Umum"]
