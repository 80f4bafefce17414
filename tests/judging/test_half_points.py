"""Half points: an edition scores in whole numbers or in steps of 0.5, says so next to each field, accepts the
Indonesian decimal comma (88,5) as well as the point, and the server, the live total and the exports agree."""

from decimal import Decimal

import pytest
from django.urls import reverse

from competitions.models import Edition
from core.exceptions import DomainError
from judging import services
from judging.enums import SheetStatus
from judging.forms import ScoreField
from judging.models import Score, ScoreSheet
from tests.conftest import logged_in_client
from tests.judging.test_judge_pages import post_values

pytestmark = pytest.mark.django_db


def half_points(edition):
    Edition.objects.filter(pk=edition.pk).update(half_point_scores=True)


def test_whole_numbers_only_refuse_a_half_point_next_to_the_field_and_save_nothing(assigned, panel_judges):
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage
    criterion = stage.criteria.order_by("position", "pk").first()
    url = reverse("judging:score", args=[assigned.entry_id])

    page = client.get(url).content.decode()
    assert "bilangan bulat dari 0 sampai 100" in page

    response = client.post(url, post_values(stage, ["88,5"], version=0))

    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{criterion.pk}"] == ["Nilai pada edisi ini berupa bilangan bulat."]
    assert not Score.objects.filter(sheet__assignment=assigned).exists()


def test_half_points_accept_the_decimal_comma_and_point_and_show_them_in_indonesian(assigned, panel_judges, edition):
    half_points(edition)
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage
    url = reverse("judging:score", args=[assigned.entry_id])
    assert "0 sampai 100 dengan kelipatan 0,5" in client.get(url).content.decode()

    response = client.post(url, post_values(stage, ["88,5", "70.5", 90], version=0))

    assert response.status_code == 302
    values = Score.objects.filter(sheet__assignment=assigned).order_by("criterion__position", "criterion_id")
    assert [score.value for score in values] == [Decimal("88.5"), Decimal("70.5"), Decimal("90")]
    page = client.get(url)
    html = page.content.decode()
    assert 'value="88,5"' in html and 'value="90"' in html
    # The server's total of the same values: the live total (score.js) starts from it.
    sheet = ScoreSheet.objects.get(assignment=assigned)
    assert page.context["live_total"] == sheet.total


@pytest.mark.parametrize("typed", ["88,25", "88.3", "1e2", "88,5,5", "-1", "½"])
def test_what_is_not_a_score_in_the_step_is_refused_with_a_message(assigned, panel_judges, edition, typed):
    half_points(edition)
    client = logged_in_client(panel_judges[0].user)
    stage = assigned.entry.stage

    response = client.post(reverse("judging:score", args=[assigned.entry_id]), post_values(stage, [typed], version=0))

    assert response.status_code == 200
    [error] = next(iter(response.context["form"].errors.values()))
    assert error in {"Nilai pada edisi ini dengan kelipatan 0,5.", "Ketik sebuah angka, mis. 88,5."}
    assert not Score.objects.filter(sheet__assignment=assigned).exists()


def test_the_service_holds_the_step_whoever_calls_it(assigned, edition):
    criterion = assigned.entry.stage.criteria.first()
    judge = assigned.judge.user

    with pytest.raises(DomainError, match="bilangan bulat"):
        services.record_score(assigned, values={criterion.pk: (Decimal("88.5"), "")}, version=0, actor=judge)
    half_points(edition)
    assigned.entry.stage.edition.refresh_from_db()
    with pytest.raises(DomainError, match="kelipatan 0,5"):
        services.record_score(assigned, values={criterion.pk: (Decimal("88.25"), "")}, version=0, actor=judge)

    services.record_score(assigned, values={criterion.pk: (Decimal("88.5"), "")}, version=0, actor=judge)
    assert Score.objects.get(sheet__assignment=assigned).value == Decimal("88.5")


def test_the_field_reads_both_separators_and_writes_the_pages_language():
    criterion = type("Criterion", (), {"max_score": 100, "weight": 10, "name": "Dampak"})()
    field = ScoreField(criterion, step=Decimal("0.5"))

    assert field.clean("88,5") == field.clean(" 88.5 ") == Decimal("88.5")
    assert field.clean("") is None
    assert field.prepare_value(Decimal("88.5")) == "88,5"
    assert field.prepare_value(Decimal("90.0")) == "90"
    assert field.prepare_value("88,") == "88,"  # what was typed is shown as typed


def test_exports_keep_scores_as_numbers(assigned, panel_judges, edition, organizer):
    from judging.exports import score_sheets_table

    half_points(edition)
    stage = assigned.entry.stage
    criteria = list(stage.criteria.order_by("position", "pk"))
    services.record_score(
        assigned,
        values={criterion.pk: (Decimal("88.5") if i == 0 else 80, "") for i, criterion in enumerate(criteria)},
        version=0,
        actor=assigned.judge.user,
        submit=True,
    )
    assert ScoreSheet.objects.get(assignment=assigned).status == SheetStatus.SUBMITTED

    table = score_sheets_table(stage, assigned.entry.proposal.group, criteria)
    row = next(row for row in table.rows if row[2] == str(assigned.judge))

    assert row[5:7] == [88.5, 80]
    assert isinstance(row[6], int)
