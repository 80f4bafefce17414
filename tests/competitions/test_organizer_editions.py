"""The organizer's edition pages: each part of the configuration is saved through its service, and a refused
change shows a clear message with nothing changed in the database."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from competitions.enums import DEFAULT_STAGE_WEIGHTS, AgencyKind, GroupKind, PhaseKind, ProposalSection, StageKind
from competitions.models import Category, Criterion, Edition, Phase, Stage
from core.models import ActionLog
from tests import factories


@pytest.fixture
def client_en(organizer_client):
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organizer_client


def url(name, *args):
    return reverse(f"competitions:{name}", args=args)


def schedule_post(edition, **overrides):
    data = {}
    for phase in edition.phases.all():
        data[f"{phase.kind}_starts_on"] = phase.starts_on.isoformat()
        data[f"{phase.kind}_ends_on"] = phase.ends_on.isoformat()
    data.update(overrides)
    return data


def rows_post(prefix, rows, *, initial):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is not None:
                data[f"{prefix}-{index}-{key}"] = value
    return data


def criteria_rows(stage):
    return [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "weight": c.weight,
            "max_score": c.max_score,
            "ORDER": i,
        }
        for i, c in enumerate(stage.criteria.all(), start=1)
    ]


def test_edition_list_shows_hidden_and_public_editions(organizer_client, edition):
    hidden = Edition.objects.create(year=2030, number=15, theme="Tema rahasia")

    response = organizer_client.get(url("org_edition_list"))

    assert [e.year for e in response.context["editions"]] == [2030, 2026]
    assert hidden.theme in response.content.decode()


def test_edition_list_queries_do_not_grow_with_editions(organizer_client, django_assert_max_num_queries):
    for year in range(2016, 2026):
        Edition.objects.create(year=year, number=year - 2015, theme=f"Tema {year}")

    with django_assert_max_num_queries(5):
        response = organizer_client.get(url("org_edition_list"))

    assert len(response.context["editions"]) == 10


def test_create_edition_uses_the_defaults_and_audits(organizer_client, organizer):
    response = organizer_client.post(
        url("org_edition_create"), {"year": 2027, "number": 12, "theme": "Inovasi Berdampak", "description": ""}
    )

    edition = Edition.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == url("org_edition_detail", 2027)
    assert (edition.number, edition.theme, edition.is_public) == (12, "Inovasi Berdampak", False)
    assert edition.phases.count() == len(PhaseKind)
    assert {s.kind: s.weight for s in edition.stages.all()} == DEFAULT_STAGE_WEIGHTS
    assert ActionLog.objects.get(action_type="kovablik.edition.created").actor == organizer


def test_create_edition_for_a_taken_year_is_refused_with_a_message(client_en, edition):
    response = client_en.post(url("org_edition_create"), {"year": 2026, "number": 99, "theme": "Lagi"})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert list(Edition.objects.values_list("year", "number")) == [(2026, 11)]


def test_edition_settings_are_saved_with_before_and_after(organizer_client, edition, organizer):
    response = organizer_client.post(
        url("org_edition_edit", 2026),
        {
            "number": 11,
            "theme": "Tema baru",
            "description": "Deskripsi",
            "is_public": "",
            "proposal_quota": 4,
            "minimum_months_running": 24,
            "special_counts_toward_quota": "on",
            "special_entries_per_agency": 2,
            "presentation_minutes": 10,
            "interview_minutes": 15,
            "changeover_minutes": 0,
            "absent_entry_rule": "later",
        },
    )

    edition.refresh_from_db()
    assert response.status_code == 302
    assert (edition.theme, edition.is_public, edition.proposal_quota, edition.minimum_months_running) == (
        "Tema baru",
        False,
        4,
        24,
    )
    assert edition.special_counts_toward_quota is True
    assert edition.special_entries_per_agency == 2
    assert (edition.slot_length, edition.slot_step) == (dt.timedelta(minutes=25), dt.timedelta(minutes=25))
    log = ActionLog.objects.get(action_type="kovablik.edition.updated")
    assert log.data["before"]["theme"] == "Tema 2026"
    assert log.data["after"]["theme"] == "Tema baru"
    assert log.actor == organizer


def test_edition_settings_refuse_a_number_used_by_another_edition(client_en, edition):
    Edition.objects.create(year=2025, number=10, theme="Tahun lalu")

    response = client_en.post(
        url("org_edition_edit", 2026),
        {"number": 10, "theme": "X", "proposal_quota": 3, "minimum_months_running": 12},
    )

    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert Edition.objects.get(year=2026).theme == "Tema 2026"
    assert not ActionLog.objects.filter(action_type="kovablik.edition.updated").exists()


def test_schedule_is_saved(organizer_client, edition):
    data = schedule_post(edition, awarding_starts_on="2026-12-01", awarding_ends_on="2026-12-03")

    response = organizer_client.post(url("org_edition_schedule", 2026), data)

    awarding = Phase.objects.get(edition=edition, kind=PhaseKind.AWARDING)
    assert response.status_code == 302
    assert (awarding.starts_on, awarding.ends_on) == (dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    assert ActionLog.objects.filter(action_type="kovablik.edition.schedule_changed").count() == 1


def test_schedule_ending_before_it_starts_is_refused_next_to_the_field(client_en, edition):
    before = list(Phase.objects.filter(edition=edition).values_list("kind", "starts_on", "ends_on"))
    data = schedule_post(edition, screening_starts_on="2026-08-10", screening_ends_on="2026-08-01")

    response = client_en.post(url("org_edition_schedule", 2026), data)

    assert response.status_code == 200
    assert response.context["form"].errors["screening_ends_on"] == [
        "Administrative screening cannot end before it starts."
    ]
    assert "Administrative screening cannot end before it starts." in response.content.decode()
    assert list(Phase.objects.filter(edition=edition).values_list("kind", "starts_on", "ends_on")) == before
    assert not ActionLog.objects.filter(action_type="kovablik.edition.schedule_changed").exists()


def test_closing_an_open_submission_early_asks_for_confirmation(client_en, edition, monkeypatch):
    from django.utils import timezone

    from competitions.models import JAKARTA

    during = dt.datetime(2026, 7, 1, 10, 0, tzinfo=JAKARTA)  # submission runs until 31 July
    monkeypatch.setattr(timezone, "now", lambda: during)
    data = schedule_post(edition, submission_ends_on="2026-07-10")

    response = client_en.post(url("org_edition_schedule", 2026), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Submission is open until 31 July 2026. Ending it on 10 July 2026 closes it early" in html
    assert 'id="confirm-early-close"' in html
    assert Phase.objects.get(edition=edition, kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 7, 31)

    response = client_en.post(url("org_edition_schedule", 2026), {**data, "confirm_early_close": "on"})

    assert response.status_code == 302
    assert Phase.objects.get(edition=edition, kind=PhaseKind.SUBMISSION).ends_on == dt.date(2026, 7, 10)


def test_group_winner_counts_are_saved(organizer_client, edition):
    response = organizer_client.post(
        url("org_edition_groups", 2026), {GroupKind.GENERAL: 25, GroupKind.REPLICATION: 5, GroupKind.SPECIAL: 2}
    )

    assert response.status_code == 302
    assert {g.kind: g.winners_count for g in edition.groups.all()} == {"umum": 25, "replikasi": 5, "khusus": 2}


def test_stage_weights_not_totalling_100_show_the_total_and_change_nothing(client_en, edition):
    response = client_en.post(
        url("org_edition_stages", 2026), {StageKind.DESK: 50, StageKind.PRESENTATION: 30, StageKind.FIELD: 30}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "must total 100; they now total 110." in html
    assert {s.kind: s.weight for s in Stage.objects.filter(edition=edition)} == DEFAULT_STAGE_WEIGHTS
    assert not ActionLog.objects.filter(action_type="kovablik.edition.stages_changed").exists()


def test_stage_weights_totalling_100_are_saved(organizer_client, edition):
    response = organizer_client.post(
        url("org_edition_stages", 2026), {StageKind.DESK: 50, StageKind.PRESENTATION: 25, StageKind.FIELD: 25}
    )

    assert response.status_code == 302
    assert {s.kind: s.weight for s in Stage.objects.filter(edition=edition)} == {
        "desk": 50,
        "presentation": 25,
        "field": 25,
    }


def test_criteria_not_totalling_100_show_the_error_next_to_the_formset_and_change_nothing(client_en, edition):
    stage = edition.stages.get(kind=StageKind.FIELD)
    before = list(Criterion.objects.filter(stage=stage).values_list("pk", "name", "weight", "position"))
    rows = criteria_rows(stage)
    rows[0]["weight"] = 50  # 50 + 30 + 30

    response = client_en.post(url("org_edition_criteria", 2026, "field"), rows_post("criteria", rows, initial=3))

    formset = response.context["formset"]
    assert response.status_code == 200
    assert formset.non_form_errors() == ["The weights of Field verification must total 100; they now total 110."]
    assert "they now total 110" in response.content.decode()
    assert list(Criterion.objects.filter(stage=stage).values_list("pk", "name", "weight", "position")) == before
    assert not ActionLog.objects.filter(action_type="kovablik.edition.criteria_changed").exists()


def test_criteria_rows_are_added_removed_and_reordered_without_javascript(organizer_client, edition):
    stage = edition.stages.get(kind=StageKind.FIELD)
    first, second, third = stage.criteria.all()
    rows = criteria_rows(stage)
    rows[0].update(weight=50, ORDER=3)  # keep, moved last
    rows[1].update(DELETE="on")  # removed
    rows[2].update(weight=20, ORDER=1)  # kept, moved first
    rows.append({"name": "Dukungan pimpinan", "description": "", "weight": 30, "max_score": 10, "ORDER": 2})
    rows.append({"name": "", "description": "", "weight": "", "max_score": 100, "ORDER": ""})  # untouched extra row

    response = organizer_client.post(url("org_edition_criteria", 2026, "field"), rows_post("criteria", rows, initial=3))

    assert response.status_code == 302
    assert list(Criterion.objects.filter(stage=stage).values_list("name", "weight", "max_score")) == [
        (third.name, 20, 100),
        ("Dukungan pimpinan", 30, 10),
        (first.name, 50, 100),
    ]
    assert not Criterion.objects.filter(pk=second.pk).exists()
    assert Criterion.objects.get(pk=first.pk).position == 2


def test_criteria_with_duplicate_names_are_refused(client_en, edition):
    stage = edition.stages.get(kind=StageKind.FIELD)
    rows = criteria_rows(stage)
    rows[1]["name"] = rows[0]["name"].upper()

    response = client_en.post(url("org_edition_criteria", 2026, "field"), rows_post("criteria", rows, initial=3))

    assert response.status_code == 200
    assert "Two criteria of a stage cannot have the same name." in response.content.decode()
    assert Criterion.objects.filter(stage=stage, name=rows[1]["name"]).count() == 0


def test_criteria_page_offers_empty_rows_and_a_remove_box(organizer_client, edition):
    response = organizer_client.get(url("org_edition_criteria", 2026, "desk"))

    formset = response.context["formset"]
    html = response.content.decode()
    assert formset.total_form_count() == 7 + 2
    assert 'name="criteria-8-name"' in html
    assert 'name="criteria-0-DELETE"' in html


def test_categories_are_renamed_added_removed_and_reordered(organizer_client, edition):
    categories = list(edition.categories.all())
    rows = [{"id": c.pk, "name": c.name, "description": "", "ORDER": i} for i, c in enumerate(categories, start=1)]
    rows[0].update(name="Kesehatan masyarakat", ORDER=99)
    rows[1].update(DELETE="on")
    rows.append({"name": "Transformasi digital", "description": "Layanan daring", "ORDER": 1})

    response = organizer_client.post(url("org_edition_categories", 2026), rows_post("categories", rows, initial=11))

    names = list(Category.objects.filter(edition=edition).values_list("name", flat=True))
    assert response.status_code == 302
    assert names[0] == "Transformasi digital"
    assert names[-1] == "Kesehatan masyarakat"
    assert categories[1].name not in names
    assert len(names) == 11
    assert Category.objects.get(pk=categories[0].pk).name == "Kesehatan masyarakat"


def test_categories_with_duplicate_names_are_refused_with_a_message(client_en, edition):
    categories = list(edition.categories.all())
    rows = [{"id": c.pk, "name": c.name, "ORDER": i} for i, c in enumerate(categories, start=1)]
    rows.append({"name": " kesehatan ", "ORDER": ""})

    response = client_en.post(url("org_edition_categories", 2026), rows_post("categories", rows, initial=11))

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == ["Two categories cannot have the same name."]
    assert Category.objects.filter(edition=edition).count() == 11
    assert not ActionLog.objects.filter(action_type="kovablik.edition.categories_changed").exists()


def test_removing_every_category_is_refused(client_en, edition):
    categories = list(edition.categories.all())
    rows = [{"id": c.pk, "name": c.name, "ORDER": i, "DELETE": "on"} for i, c in enumerate(categories, start=1)]

    response = client_en.post(url("org_edition_categories", 2026), rows_post("categories", rows, initial=11))

    assert response.context["formset"].non_form_errors() == ["An edition needs at least one category."]
    assert Category.objects.filter(edition=edition).count() == 11


def test_quotas_set_and_remove_overrides_per_agency_kind(organizer_client, edition):
    edition.quotas.create(agency_kind=AgencyKind.BUMD, quota=2)

    response = organizer_client.post(
        url("org_edition_quotas", 2026),
        {"default_quota": 3, AgencyKind.PROVINCIAL: 5, AgencyKind.BUMD: ""},
    )

    edition = Edition.objects.prefetch_related("quotas").get(pk=edition.pk)
    assert response.status_code == 302
    assert {q.agency_kind: q.quota for q in edition.quotas.all()} == {"provincial": 5}
    assert (edition.quota_for(AgencyKind.PROVINCIAL), edition.quota_for(AgencyKind.BUMD)) == (5, 3)


def test_word_limits_are_saved(organizer_client, edition):
    data = dict.fromkeys(ProposalSection, 250)

    response = organizer_client.post(url("org_edition_word_limits", 2026), data)

    assert response.status_code == 302
    assert set(edition.word_limits.values_list("max_words", flat=True)) == {250}


def test_word_limit_below_ten_words_is_refused(organizer_client, edition):
    data = dict.fromkeys(ProposalSection, 250) | {ProposalSection.SUMMARY: 5}

    response = organizer_client.post(url("org_edition_word_limits", 2026), data)

    assert "summary" in response.context["form"].errors
    assert edition.word_limits.get(section=ProposalSection.SUMMARY).max_words == 200


def test_edition_overview_shows_configuration_and_audit_log_in_jakarta_time(client_en, edition, organizer):
    organizer.first_name, organizer.last_name = "Rina", "Wulandari"
    organizer.save(update_fields=["first_name", "last_name"])
    client_en.post(
        url("org_edition_stages", 2026), {StageKind.DESK: 50, StageKind.PRESENTATION: 25, StageKind.FIELD: 25}
    )
    log = ActionLog.objects.get(action_type="kovablik.edition.stages_changed")
    log.timestamp = dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC)  # 2 March 03:30 in Jakarta
    log.save(update_fields=["timestamp"])

    response = client_en.get(url("org_edition_detail", 2026))

    html = response.content.decode()
    assert "Stage weights changed" in html
    assert "Rina Wulandari" in html
    assert "2 March 2026, 03:30" in html
    assert "Signifikansi (dampak)" in html
    assert url("org_edition_criteria", 2026, "field") in html
    assert url("org_edition_word_limits", 2026) in html


def test_edition_overview_queries_do_not_grow_with_the_log(client_en, edition, django_assert_max_num_queries):
    for weight in range(20):
        ActionLog.objects.create(
            content_type_id=ActionLog.objects.get(action_type="kovablik.edition.created").content_type_id,
            object_id=str(edition.pk),
            action_type="kovablik.edition.updated",
            data={"before": {"theme": str(weight)}, "after": {"theme": "x"}},
        )

    with django_assert_max_num_queries(12):
        client_en.get(url("org_edition_detail", 2026))


def test_removing_a_category_that_proposals_use_is_refused_with_nothing_changed(client_en, edition):
    used = edition.categories.order_by("position").first()
    factories.ProposalFactory(edition=edition, category=used)
    categories = list(edition.categories.all())
    rows = [{"id": c.pk, "name": c.name, "ORDER": i} for i, c in enumerate(categories, start=1)]
    rows[0]["DELETE"] = "on"
    rows[1]["name"] = "Nama baru"

    response = client_en.post(url("org_edition_categories", 2026), rows_post("categories", rows, initial=11))

    assert response.context["formset"].non_form_errors() == [
        "A category that proposals already use cannot be removed; keep it or rename it."
    ]
    assert list(Category.objects.filter(edition=edition).values_list("name", flat=True)) == [c.name for c in categories]
