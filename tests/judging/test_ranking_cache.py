"""Every write that changes what a ranking shows makes the next view show it: the stage ranking is ranked by the
database on each view, the final ranking page reads a cached ranking, and decisions (advancing a shortlist) rank
from the database, never from the cache."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competitions.enums import GroupKind, StageKind
from competitions.services import set_criteria
from core.exceptions import DomainError
from judging import services, shortlist
from judging.models import ScoreSheet
from judging.scoring import store_totals
from tests import factories
from tests.judging.ranking_data import judged_desk_stage, score, set_weights
from tests.judging.test_ranking_pages import YEAR, attribute_values, ranked_titles, ranking_url

pytestmark = pytest.mark.django_db

FINAL_URL = reverse("judging:final_ranking", args=[YEAR, GroupKind.GENERAL])


@pytest.fixture
def judged(edition):
    return judged_desk_stage(edition)


def ranking_table(html: str) -> str:
    return html.split('id="ranking-table"', 1)[1].split("</table>\n  </div>", 1)[0]


def page(client, url=None) -> str:
    response = client.get(url or ranking_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_ranking_reads_the_same_in_each_language(organizer_client, judged):
    indonesian = page(organizer_client)
    again = page(organizer_client)
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(organizer_client)

    assert ranking_table(again) == ranking_table(indonesian)
    assert "Juri dan kriteria" in indonesian and "Judges and criteria" not in indonesian
    assert "Judges and criteria" in english
    assert ranked_titles(english) == ranked_titles(indonesian)


def test_a_reopened_sheet_moves_its_entry_out_of_the_cached_ranking(organizer_client, judged):
    page(organizer_client)
    page(organizer_client, FINAL_URL)

    services.reopen_scores(judged.assignment("J1", "E4").sheet, actor=None, reason="Cek ulang")

    assert ranked_titles(page(organizer_client)) == ["Inovasi E1", "Inovasi E3", "Inovasi E2"]
    assert attribute_values(page(organizer_client, FINAL_URL), "final-raw") == ["75.00", "68.33", "65.00"]


def test_a_corrected_and_resubmitted_score_shows_at_once(organizer_client, judged):
    page(organizer_client)
    page(organizer_client, FINAL_URL)
    assignment = judged.assignment("J1", "E4")
    services.reopen_scores(assignment.sheet, actor=None, reason="Salah ketik")
    page(organizer_client)

    # J1 gives E4 100 instead of 40: E4's mean becomes (100 + 75 + 60) / 3 = 78.33, now first.
    score(assignment, {judged.criteria[0].pk: 100, judged.criteria[1].pk: 100})

    html = page(organizer_client)
    assert ranked_titles(html)[0] == "Inovasi E4"
    assert attribute_values(html, "raw")[0] == "78.33"
    assert attribute_values(page(organizer_client, FINAL_URL), "final-raw")[0] == "78.33"


def test_a_judge_saving_a_draft_leaves_the_entry_unranked(organizer_client, judged):
    """A ranking shows submitted sheets only: a draft of a reopened sheet keeps its entry without a result."""
    assignment = judged.assignment("J2", "E1")
    services.reopen_scores(assignment.sheet, actor=None, reason="Koreksi")
    page(organizer_client)

    score(assignment, {judged.criteria[0].pk: 11}, submit=False)

    html = page(organizer_client)
    assert "Inovasi E1" not in ranked_titles(html)
    assert "2 / 3" in html.split('id="pending-table"', 1)[1]


def test_a_removed_and_an_added_judge_show_at_once(organizer_client, judged, edition):
    assignment = judged.assignment("J3", "E4")
    services.reopen_scores(assignment.sheet, actor=None, reason="Ganti juri")
    page(organizer_client)

    services.unassign_judge(judged.assignment("J3", "E4"), actor=None)
    html = page(organizer_client)
    # E4 now has two judges, both submitted (40 and 75): a complete entry with mean 57.50.
    assert attribute_values(html, "raw")[-1] == "57.50"

    newcomer = factories.JudgeFactory(user__username="j4", user__first_name="Juri J4", user__last_name="")
    services.assign_judge(judged.entries["E4"], newcomer, actor=None)
    pending = page(organizer_client).split('id="pending-table"', 1)[1]
    assert f'data-entry="{judged.entries["E4"].pk}"' in pending
    assert "2 / 3" in pending


def test_a_recorded_conflict_drops_the_judges_scores_at_once(organizer_client, judged):
    page(organizer_client)

    services.record_conflict(judged.judges["J1"], judged.entries["E2"].proposal, reason="Kerabat", actor=None)

    # Without J1's 40, E2's mean is (75 + 80) / 2 = 77.50: first.
    html = page(organizer_client)
    assert ranked_titles(html)[0] == "Inovasi E2"
    assert attribute_values(html, "raw")[0] == "77.50"


def test_new_criterion_weights_show_at_once(organizer_client, judged):
    page(organizer_client)
    substance, presentation = judged.criteria

    set_criteria(
        judged.stage,
        criteria=[
            {"id": substance.pk, "name": "Substansi", "weight": 90},
            {"id": presentation.pk, "name": "Penyajian", "weight": 10},
        ],
        actor=None,
    )

    # E2: Substansi 50, 75, 100 and Penyajian 25, 75, 50 → 0.9 × 75 + 0.1 × 50 = 72.50.
    html = page(organizer_client)
    assert dict(zip(ranked_titles(html), attribute_values(html, "raw"), strict=True))["Inovasi E2"] == "72.50"


def test_a_new_disagreement_threshold_and_the_closed_state_show_at_once(organizer_client, judged):
    assert attribute_values(page(organizer_client), "disagreement") == ["1"]

    services.update_round_settings(judged.stage, actor=None, disagreement_threshold=5)
    assert len(attribute_values(page(organizer_client), "disagreement")) == 4  # every spread is above 5

    services.close_stage(judged.stage, actor=None)
    assert reverse("judging:advance_shortlist", args=[YEAR, StageKind.DESK, GroupKind.GENERAL]) in page(
        organizer_client
    )


def test_stage_weights_and_an_advanced_shortlist_show_in_the_final_ranking(organizer_client, judged, edition):
    set_weights(edition, desk=100, presentation=0, field=0)
    html = page(organizer_client, FINAL_URL)
    assert 'data-block="final"' in html

    services.close_stage(judged.stage, actor=None)
    presentation_url = ranking_url(kind=StageKind.PRESENTATION)
    assert "Inovasi E1" not in page(organizer_client, presentation_url)
    shortlist.advance_shortlist(
        judged.stage, group=GroupKind.GENERAL, proposals=[judged.entries["E1"].proposal_id], actor=None
    )

    assert "Inovasi E1" in page(organizer_client, presentation_url)


def test_the_stage_page_and_advancing_rank_from_the_database(organizer_client, judged):
    """The stage ranking has no cache to go stale: scores written around the services show on the next view, and
    the decision ranks the same way."""
    services.close_stage(judged.stage, actor=None)
    assert ranked_titles(page(organizer_client))[0] == "Inovasi E1"
    e4_sheets = ScoreSheet.objects.filter(assignment__entry=judged.entries["E4"])
    for sheet in e4_sheets:
        sheet.scores.update(value=100)
    store_totals(e4_sheets)

    assert ranked_titles(page(organizer_client))[0] == "Inovasi E4"
    with pytest.raises(DomainError):  # E1 is no longer the top 1: choosing it alone departs from the ranking
        shortlist.advance_shortlist(
            judged.stage, group=GroupKind.GENERAL, proposals=[judged.entries["E1"].proposal_id], actor=None
        )
    created = shortlist.advance_shortlist(
        judged.stage, group=GroupKind.GENERAL, proposals=[judged.entries["E4"].proposal_id], actor=None
    )
    assert [entry.proposal_id for entry in created] == [judged.entries["E4"].proposal_id]


def test_the_final_rankings_rendered_blocks_are_kept_per_language_and_length(organizer_client, judged):
    indonesian = page(organizer_client, FINAL_URL)
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(organizer_client, FINAL_URL)

    assert "Stopped after Desk evaluation" not in indonesian and "Stopped after Desk evaluation" in english
    assert attribute_values(english, "final-raw") == attribute_values(indonesian, "final-raw")


def test_the_rendered_rows_are_reused_until_what_they_show_changes(organizer_client, judged):
    """The rows' HTML is kept under a key made of what they show: a second view skips loading the per-criterion
    values, and a note corrected by a judge (the ranking itself unchanged) shows at once."""

    def loads_breakdown(queries) -> bool:
        return any('"judging_score"."note"' in query["sql"] for query in queries)

    with CaptureQueriesContext(connection) as first:
        before = page(organizer_client)
    with CaptureQueriesContext(connection) as second:
        again = page(organizer_client)
    assert loads_breakdown(first.captured_queries) and not loads_breakdown(second.captured_queries)
    assert ranking_table(again) == ranking_table(before)

    assignment = judged.assignment("J1", "E1")
    values = {row.criterion_id: (row.value, "") for row in assignment.sheet.scores.all()}
    services.reopen_scores(assignment.sheet, actor=None, reason="Catatan kurang jelas")
    first_criterion = judged.criteria[0].pk
    values[first_criterion] = (values[first_criterion][0], "Catatan yang diperbaiki")
    assignment.sheet.refresh_from_db()
    services.record_score(
        assignment, values=values, version=assignment.sheet.version, actor=assignment.judge.user, submit=True
    )

    after = page(organizer_client)
    assert ranked_titles(after) == ranked_titles(before)
    assert "Catatan yang diperbaiki" in after and "Catatan yang diperbaiki" not in before
