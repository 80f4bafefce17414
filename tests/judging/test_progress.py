"""The judging progress dashboard, reminders to judges who are behind (page and command), and the judging audit."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from competitions.enums import GroupKind, PhaseKind, StageKind
from competitions.models import Phase
from core.models import ActionLog
from judging import progress, services
from judging.audit import REMINDERS_SENT
from tests import factories
from tests.judging.ranking_data import judged_desk_stage, score

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def behind(edition):
    """J1 and J3 submitted everything; J2 reopened E3 (a draft) and E4 (a draft); J4 was added to E1 and has not
    started. Desk evaluation's phase ends on 2026-09-15."""
    judged = judged_desk_stage(edition)
    Phase.objects.filter(edition=edition, kind=PhaseKind.DESK_EVALUATION).update(
        starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 15)
    )
    for entry in ("E3", "E4"):
        services.reopen_scores(judged.assignment("J2", entry).sheet, actor=None, reason="Koreksi")
    late = factories.JudgeFactory(user__username="j4", user__first_name="Juri J4", user__last_name="")
    services.assign_judge(judged.entries["E1"], late, actor=None)
    judged.judges["J4"] = late
    return judged


def by_judge(rows):
    return {row.name: (row.submitted, row.assigned, row.started, row.not_started) for row in rows}


def test_judge_progress_counts_submitted_drafts_and_not_started(behind):
    rows = progress.judge_progress(behind.stage)

    assert by_judge(rows) == {
        "Juri J1": (4, 4, 0, 0),
        "Juri J2": (2, 4, 2, 0),
        "Juri J3": (4, 4, 0, 0),
        "Juri J4": (0, 1, 0, 1),
    }
    assert [row.name for row in rows if row.is_behind] == ["Juri J2", "Juri J4"]


def test_panel_progress_sums_its_members_on_its_groups(behind, edition):
    other = services.create_panel(
        edition, name="Panel Khusus", groups=[GroupKind.SPECIAL], judges=[behind.judges["J1"]], actor=None
    )

    panels = {row.panel.name: row for row in progress.panel_progress(behind.stage)}

    general = panels["Panel umum"]
    # J4 is not a member of the general panel: its members J1–J3 have 12 assignments, 10 submitted.
    assert (general.submitted, general.assigned) == (10, 12)
    assert [(judge.name, judge.remaining) for judge in general.judges if judge.is_behind] == [("Juri J2", 2)]
    assert (panels[other.name].submitted, panels[other.name].assigned) == (0, 0)


def test_progress_page_shows_each_judge_and_the_reminder_button(organizer_client, behind):
    html = organizer_client.get(reverse("judging:progress", args=[YEAR]) + "?stage=desk").content.decode()

    rows = re.findall(r'data-judge="(\d+)" data-submitted="(\d+)" data-assigned="(\d+)"', html)
    assert {(int(judge), int(done), int(total)) for judge, done, total in rows} == {
        (behind.judges["J1"].pk, 4, 4),
        (behind.judges["J2"].pk, 2, 4),
        (behind.judges["J3"].pk, 4, 4),
        (behind.judges["J4"].pk, 0, 1),
    }
    assert reverse("judging:remind_judges", args=[YEAR, StageKind.DESK]) in html
    assert '<div class="stat-number" id="judges-behind">2</div>' in html


@pytest.mark.parametrize("size", [5, 60])
def test_progress_page_renders_in_constant_queries(organizer_client, edition, django_assert_max_num_queries, size):
    from tests.judging.ranking_data import bulk_judged_stage

    bulk_judged_stage(edition, size, judges=size // 5)

    with django_assert_max_num_queries(14):
        response = organizer_client.get(reverse("judging:progress", args=[YEAR]))

    assert len(re.findall(r'data-judge="\d+" data-submitted', response.content.decode())) == size // 5


def test_reminder_confirm_page_lists_the_judges_who_are_behind(organizer_client, behind):
    html = organizer_client.get(reverse("judging:remind_judges", args=[YEAR, StageKind.DESK])).content.decode()

    listed = set(map(int, re.findall(r'<tr data-judge="(\d+)">', html)))
    assert listed == {behind.judges["J2"].pk, behind.judges["J4"].pk}
    assert mail.outbox == []


def test_reminders_mail_the_judges_who_are_behind_with_what_is_pending(
    organizer_client, organizer, behind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(reverse("judging:remind_judges", args=[YEAR, StageKind.DESK]))

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["j2@example.org", "j4@example.org"]
    j2 = next(message for message in mail.outbox if message.to == ["j2@example.org"])
    assert "Inovasi E3" in j2.body and "Inovasi E4" in j2.body and "Inovasi E1" not in j2.body
    assert "15 September 2026" in j2.body
    assert reverse("judging:my_entries") in j2.body
    log = ActionLog.objects.get(action_type=REMINDERS_SENT)
    assert log.actor == organizer
    assert log.data["judges"] == {str(behind.judges["J2"].pk): 2, str(behind.judges["J4"].pk): 1}
    assert log.data["deadline"] == "2026-09-15"


def test_reminders_are_refused_when_the_stage_is_closed(organizer_client, behind, django_capture_on_commit_callbacks):
    services.close_stage(behind.stage, actor=None)

    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(reverse("judging:remind_judges", args=[YEAR, StageKind.DESK]))

    assert mail.outbox == []
    assert not ActionLog.objects.filter(action_type=REMINDERS_SENT).exists()


def test_remind_judges_command_mails_once_a_day_unless_forced(behind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_judges", stdout=io.StringIO())
    first = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_judges", stdout=io.StringIO())
    second = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_judges", "--force", stdout=io.StringIO())

    assert (first, second, len(mail.outbox)) == (2, 2, 4)


def test_remind_judges_dry_run_sends_nothing(behind, capsys):
    call_command("remind_judges", "--dry-run", "--edition", str(YEAR))

    assert mail.outbox == []
    assert "2 judges would be reminded" in capsys.readouterr().out
    assert not ActionLog.objects.filter(action_type=REMINDERS_SENT).exists()


# --- The judging audit log ------------------------------------------------------------------------------------------


def test_audit_page_lists_score_changes_with_old_and_new_values(organizer_client, behind):
    assignment = behind.assignment("J2", "E3")
    score(assignment, {behind.criteria[0].pk: 90}, submit=False)

    html = organizer_client.get(
        reverse("judging:audit", args=[YEAR]), {"action": "kovablik.judging.score_saved"}
    ).content.decode()

    assert attribute_actions(html) == ["kovablik.judging.score_saved"]
    assert "Substansi</strong>: 65 → 90" in html


def test_audit_page_filters_by_judge_and_shows_reopen_reasons(organizer_client, behind):
    html = organizer_client.get(
        reverse("judging:audit", args=[YEAR]), {"judge": behind.judges["J2"].pk}
    ).content.decode()

    actions = attribute_actions(html)
    assert actions.count("kovablik.judging.score_reopened") == 2
    assert actions.count("kovablik.judging.score_submitted") == 4
    assert "<em>Koreksi</em>" in html
    assert actions.count("kovablik.judging.judge_added") == 4  # J2's own four assignments; J4's is not listed


def test_audit_page_is_paginated_in_constant_queries(organizer_client, behind, django_assert_max_num_queries):
    assignment = behind.assignment("J2", "E3")
    for value in range(30):  # 30 more audit entries: more than a page
        score(assignment, {behind.criteria[0].pk: value}, submit=False)

    with django_assert_max_num_queries(16):
        first = organizer_client.get(reverse("judging:audit", args=[YEAR]))
    second = organizer_client.get(reverse("judging:audit", args=[YEAR]), {"page": 2})

    assert len(attribute_actions(first.content.decode())) == 50
    total = ActionLog.objects.filter(action_type__startswith="kovablik.judging.").count()
    assert len(attribute_actions(second.content.decode())) == total - 50


def attribute_actions(html: str) -> list[str]:
    return re.findall(r'<tr data-action="([^"]+)">', html)


@pytest.mark.parametrize(("language", "judge_label"), [("id", "Juri: "), ("en", "Judge: ")])
def test_audit_rows_escape_what_people_typed(organizer_client, organizer, behind, language, judge_label):
    services.reopen_scores(behind.assignment("J1", "E1").sheet, actor=organizer, reason="Salah <ketik> & ulang")
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = organizer_client.get(reverse("judging:audit", args=[YEAR]))

    html = response.content.decode()
    assert len(response.context["rows"]) > 10
    assert "<em>Salah &lt;ketik&gt; &amp; ulang</em>" in html and "<ketik>" not in html
    assert judge_label in html  # the judge an entry concerns, labelled in the page's language
    assert language == "en" or "Judge: " not in html
    assert html.count('<tr data-action="kovablik.judging.') == len(response.context["rows"])


@pytest.mark.parametrize(("language", "behind_label"), [("id", "tertinggal"), ("en", "behind")])
def test_progress_rows_name_each_judge_escaped_with_a_pdf_form(organizer_client, behind, language, behind_label):
    behind.judges["J2"].user.first_name = "Juri <J2> & co"
    behind.judges["J2"].user.save()
    organizer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = organizer_client.get(reverse("judging:progress", args=[YEAR]), {"stage": "desk"})

    html = response.content.decode()
    rows = re.findall(r'<tr data-judge="(\d+)" data-submitted="(\d+)" data-assigned="(\d+)">(.*?)</tr>', html, re.S)
    assert len(rows) == 4
    j2 = next(row for row in rows if row[0] == str(behind.judges["J2"].pk))
    assert "Juri &lt;J2&gt; &amp; co" in j2[3] and "<J2>" not in html
    assert behind_label in j2[3]  # J2 reopened two sheets: behind
    pdf = reverse("judging:judge_score_sheet_pdf", args=[YEAR, "desk", behind.judges["J2"].pk])
    assert f'<form method="post" action="{pdf}"><input type="hidden" name="csrfmiddlewaretoken"' in j2[3]


def test_progress_pages_the_judges_most_behind_first_and_keeps_the_stage(organizer_client, behind, monkeypatch):
    from judging.views import progress as progress_views

    monkeypatch.setattr(progress_views, "PAGE_SIZE", 2)
    url = reverse("judging:progress", args=[YEAR])

    first = organizer_client.get(url, {"stage": "desk"}).content.decode()
    second = organizer_client.get(url, {"stage": "desk", "page": 2}).content.decode()

    def judges(html):
        return [int(pk) for pk in re.findall(r'<tr data-judge="(\d+)" data-submitted', html)]

    assert judges(first) == [behind.judges["J2"].pk, behind.judges["J4"].pk]  # 2 and 1 still to submit
    assert set(judges(second)) == {behind.judges["J1"].pk, behind.judges["J3"].pk}
    assert "?stage=desk&amp;page=2" in first
    assert '<div class="stat-number" id="total-submitted">10 / 13</div>' in second  # the stage's totals on every page
    assert organizer_client.get(url, {"stage": "desk", "page": "zz"}).status_code == 200


def test_reminder_confirm_page_pages_the_judges(organizer_client, behind, monkeypatch):
    from judging.views import progress as progress_views

    monkeypatch.setattr(progress_views, "PAGE_SIZE", 1)
    url = reverse("judging:remind_judges", args=[YEAR, StageKind.DESK])

    first = organizer_client.get(url).content.decode()
    second = organizer_client.get(url, {"page": 2}).content.decode()

    listed = [set(map(int, re.findall(r'<tr data-judge="(\d+)">', html))) for html in (first, second)]
    assert listed[0] | listed[1] == {behind.judges["J2"].pk, behind.judges["J4"].pk}
    assert len(listed[0]) == len(listed[1]) == 1
    assert organizer_client.get(url, {"page": "-3"}).status_code == 200


def test_audit_pages_keep_the_filters_and_a_page_past_the_end_shows_the_last(organizer_client, behind, monkeypatch):
    from judging.views import audit

    monkeypatch.setattr(audit, "PAGE_SIZE", 3)
    url = reverse("judging:audit", args=[YEAR])
    wanted = list(
        ActionLog.objects.filter(action_type="kovablik.judging.score_submitted").order_by("-timestamp", "-pk")
    )
    assert len(wanted) > 6
    filters = {"action": "kovablik.judging.score_submitted"}

    first = organizer_client.get(url, filters)
    second = organizer_client.get(url, {**filters, "page": 2})
    beyond = organizer_client.get(url, {**filters, "page": 999})

    assert [row["entry"].pk for row in first.context["rows"]] == [log.pk for log in wanted[:3]]
    assert [row["entry"].pk for row in second.context["rows"]] == [log.pk for log in wanted[3:6]]
    last = (len(wanted) - 1) // 3 * 3
    assert [row["entry"].pk for row in beyond.context["rows"]] == [log.pk for log in wanted[last:]]
    assert "?action=kovablik.judging.score_submitted&amp;page=2" in first.content.decode()
    assert "?action=kovablik.judging.score_submitted&amp;page=1" in second.content.decode()
    assert f"page={last // 3 + 2}" not in beyond.content.decode()  # no next page after the last
    for page in ("abc", "-2", "0", "1e9"):
        assert organizer_client.get(url, {**filters, "page": page}).status_code == 200


def test_audit_judge_filter_lists_the_panel_judges_and_keeps_the_chosen_one(organizer_client, behind):
    j2 = behind.judges["J2"]

    html = organizer_client.get(reverse("judging:audit", args=[YEAR]), {"judge": j2.pk}).content.decode()

    select = html[html.index('<select name="judge"') : html.index("</select>", html.index('<select name="judge"'))]
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', select)
    assert (str(j2.pk), " selected", str(j2)) in options
    assert {int(pk) for pk, _selected, _name in options if pk} == {
        behind.judges[name].pk for name in ("J1", "J2", "J3")
    }  # the panel's judges; J4 sits on no panel
    assert organizer_client.get(reverse("judging:audit", args=[YEAR]), {"judge": "x"}).status_code == 200


def test_reminder_confirm_page_in_constant_queries(organizer_client, behind, django_assert_max_num_queries):
    url = reverse("judging:remind_judges", args=[YEAR, StageKind.DESK])
    organizer_client.get(url)
    with django_assert_max_num_queries(9) as captured:
        organizer_client.get(url)
    few = len(captured.captured_queries)
    for n in range(6):  # six more judges behind, each on every entry
        late = factories.JudgeFactory(user__username=f"late{n}")
        for entry in behind.entries.values():
            services.assign_judge(entry, late, actor=None)

    with django_assert_max_num_queries(few):
        html = organizer_client.get(url).content.decode()
    assert len(re.findall(r'<tr data-judge="(\d+)">', html)) == 8


def test_audit_stage_filter_keeps_that_stages_entries_only(organizer_client, behind):
    url = reverse("judging:audit", args=[YEAR])

    everything = attribute_actions(organizer_client.get(url).content.decode())
    desk = attribute_actions(organizer_client.get(url, {"stage": "desk"}).content.decode())
    presentation = attribute_actions(organizer_client.get(url, {"stage": "presentation"}).content.decode())

    assert "kovablik.judging.panel_created" in everything  # a panel's entries belong to no stage
    assert "kovablik.judging.panel_created" not in desk
    assert desk and set(desk) <= set(everything) and "kovablik.judging.score_reopened" in desk
    assert presentation == []


def test_audit_names_judges_groups_round_settings_and_states_in_the_pages_language(organizer_client, behind, edition):
    panel = services.create_panel(edition, name="Panel Audit", groups=[GroupKind.GENERAL], judges=[], actor=None)
    services.update_panel(
        panel,
        name="Panel Audit",
        groups=[GroupKind.GENERAL, GroupKind.SPECIAL],
        judges=[behind.judges["J1"]],
        actor=None,
    )
    services.update_round_settings(behind.stage, actor=None, disagreement_threshold=Decimal("12.50"))
    services.close_stage(behind.stage, actor=None)
    services.open_stage(behind.stage, actor=None, override_reason="Tahap diulang atas keputusan dewan juri.")

    html = organizer_client.get(reverse("judging:audit", args=[YEAR])).content.decode()

    assert "<strong>Juri</strong>: — → Juri J1" in html
    assert "Kelompok Khusus" in html and "&#x27;khusus&#x27;" not in html and "'khusus'" not in html
    assert "<strong>Ambang perbedaan penilaian</strong>: 15,00 → 12,50" in html
    assert "disagreement_threshold" not in html
    assert "<strong>Status</strong>: Ditutup → Dibuka untuk penilaian" in html
    assert "<strong>Deskripsi</strong>: — → —" not in html
    assert "closed →" not in html and "→ open" not in html
    assert "<strong>Versi</strong>" not in html  # a reopened sheet's version counter is not shown


def test_audit_says_when_the_last_day_is_before_the_first(organizer_client, behind):
    response = organizer_client.get(
        reverse("judging:audit", args=[YEAR]), {"date_from": "2026-09-10", "date_to": "2026-09-01"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Hari terakhir jatuh sebelum hari pertama." in html
    assert 'id="id_date_to_error"' in html
