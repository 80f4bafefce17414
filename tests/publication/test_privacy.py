"""Personal data (UU 27/2022): the innovator is public only with recorded consent; organizers find, export and erase a
person's data; erasure removes the values from every page, export, backup and the audit log and keeps the ranking."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.enums import GroupKind, StageKind
from competitions.services import update_person
from core.enums import DeliveryState
from core.models import ActionLog, MailDelivery
from judging import minutes, ranking
from judging.enums import ExportState
from judging.models import Export
from proposals.models import Proposal, ProposalSectionText
from publication.awards import services
from publication.catalogue import services as catalogue
from publication.catalogue.queries import catalogue_list, ensure_search_documents
from publication.models import CardUpdate, CatalogueSearchDocument, Finalist, FinalistList, Objection
from publication.privacy.queries import ERASED
from publication.privacy.services import ERASED_ACTION, EXPORTED_ACTION
from tests import factories
from tests.conftest import logged_in_client
from tests.factories import PASSWORD

NAME, PHONE, EMAIL = "Siti Rahayu", "081299990000", "siti.rahayu@example.org"
# The number as it is stored (E.164) and as pages show it.
STORED_PHONE, SHOWN_PHONE = "+6281299990000", "0812-9999-0000"
JUDGE_NAME = "Bambang Hartono"
VALUES = (NAME, STORED_PHONE, EMAIL)


@pytest.fixture
def winner(judged):
    """The first of the General group, with its innovator's personal fields (no consent recorded)."""
    proposal = judged[GroupKind.GENERAL][0]
    Proposal.objects.filter(pk=proposal.pk).update(innovator_name=NAME, innovator_phone=PHONE, innovator_email=EMAIL)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def published(edition, judged, winner, organizer):
    services.prefill_awards(edition, actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    return winner


@pytest.fixture
def winner_admin(winner):
    return factories.MembershipFactory(agency=winner.agency, user__username="admin.pemenang").user


def consent(proposal, admin, value=True):
    catalogue.update_card(proposal, actor=admin, status="active", innovator_consent=value)


def public_texts(client, proposal) -> dict[str, str]:
    """Every public page and file that shows the innovation, by name."""
    pages = {
        "catalogue": reverse("publication:catalogue"),
        "catalogue_search": reverse("publication:catalogue") + "?q=Umum",
        "detail": reverse("publication:catalogue_detail", args=[proposal.pk]),
        "results": reverse("publication:results", args=[proposal.edition.year]),
        "open_data_csv": reverse("publication:open_data_csv"),
        "open_data_json": reverse("publication:open_data_json"),
        "verify": None,
    }
    award = proposal.awards.get()
    pages["verify"] = reverse("publication:verify", args=[award.verification_code])
    texts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        texts[name] = response.content.decode("utf-8-sig")
    texts["open_data_json"] = json.dumps(json.loads(texts["open_data_json"]), ensure_ascii=False)
    return texts


def open_data_row(client, proposal) -> dict:
    text = client.get(reverse("publication:open_data_csv")).content.decode("utf-8-sig")
    return next(row for row in csv.DictReader(io.StringIO(text)) if row["innovation"] == proposal.title)


# --- Consent ---------------------------------------------------------------------------------------------------------


def test_without_consent_the_innovator_is_on_no_public_page_or_open_data(client, published):
    texts = public_texts(client, published)

    for name, text in texts.items():
        for value in VALUES:
            assert value not in text, (name, value)
    assert (open_data_row(client, published)["innovator_name"], published.innovator_consent) == ("", False)


def test_with_consent_the_innovator_is_on_the_catalogue_results_and_open_data(client, published, winner_admin):
    client.get(reverse("publication:catalogue_detail", args=[published.pk]))  # cached without the innovator

    consent(published, winner_admin)

    texts = public_texts(client, published)
    for name in ("catalogue", "catalogue_search", "detail", "results", "open_data_csv", "open_data_json"):
        assert NAME in texts[name], name
    assert EMAIL in texts["detail"] and SHOWN_PHONE in texts["detail"]
    assert f'href="tel:{STORED_PHONE}"' in texts["detail"]
    for name in ("open_data_csv", "open_data_json"):
        assert EMAIL in texts[name] and STORED_PHONE in texts[name], name
    row = open_data_row(client, published)
    assert (row["innovator_name"], row["innovator_phone"], row["innovator_email"]) == VALUES
    data = client.get(reverse("publication:open_data_json")).json()
    assert {"innovator_name", "innovator_phone", "innovator_email"} <= set(data["columns"])


def test_the_innovator_is_searchable_only_with_consent(published, winner_admin):
    assert [p.title for p in catalogue_list(text="Rahayu")] == []

    consent(published, winner_admin)

    assert [p.title for p in catalogue_list(text="Rahayu")] == [published.title]
    consent(published, winner_admin, value=False)
    assert [p.title for p in catalogue_list(text="Rahayu")] == []


def test_consent_is_recorded_with_who_and_when_and_audited_without_the_values(published, winner_admin):
    consent(published, winner_admin)

    published.refresh_from_db()
    assert (published.innovator_consent, published.innovator_consent_recorded_by) == (True, winner_admin)
    assert abs((timezone.now() - published.innovator_consent_recorded_at).total_seconds()) < 60
    entry = ActionLog.objects.get(action_type="kovablik.proposal.innovator_consent_changed")
    assert (entry.actor, entry.data) == (winner_admin, {"before": False, "after": True})


def test_withdrawing_consent_on_the_card_hides_the_innovator_again(client, published, winner_admin):
    consent(published, winner_admin)
    assert NAME in client.get(reverse("publication:catalogue_detail", args=[published.pk])).content.decode()

    response = logged_in_client(winner_admin).post(
        reverse("publication:card_update", args=[published.pk]),
        {"status": "active", "impact": "", "replicated_by": "", "contact_name": "Layanan Dinas"},
    )

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.innovator_consent is False
    html = client.get(reverse("publication:catalogue_detail", args=[published.pk])).content.decode()
    assert NAME not in html and "Layanan Dinas" in html  # the agency's contact instead of the person
    assert [e.data for e in ActionLog.objects.filter(action_type="kovablik.proposal.innovator_consent_changed")] == [
        {"before": True, "after": False},
        {"before": False, "after": True},
    ]


def test_the_card_form_shows_the_consent_with_the_privacy_notice_link(published, winner_admin):
    consent(published, winner_admin)

    response = logged_in_client(winner_admin).get(reverse("publication:card_update", args=[published.pk]))

    assert response.context["form"]["innovator_consent"].value() is True
    html = response.content.decode()
    assert 'name="innovator_consent"' in html and f'href="{reverse("publication:privacy_notice")}"' in html


# --- Privacy notice --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "rights"),
    [("id", "Pemberitahuan Privasi", "Hak Anda"), ("en", "Privacy notice", "Your rights")],
)
def test_privacy_notice_in_both_languages_with_the_contact(client, db, settings, language, heading, rights):
    settings.KOVABLIK_PRIVACY_EMAIL = "dpo@biro.example.go.id"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("publication:privacy_notice")).content.decode()

    assert f"<h1>{heading}</h1>" in html
    assert rights in html
    assert 'href="mailto:dpo@biro.example.go.id"' in html
    assert "Biro Organisasi" in html


def test_the_footer_and_the_objection_form_link_the_privacy_notice(client, person, published):
    link = f'href="{reverse("publication:privacy_notice")}"'
    finalist = Finalist.objects.get()
    objection_form = reverse("publication:objection_create", args=[published.edition.year, finalist.pk])

    assert link in client.get(reverse("competitions:home")).content.decode()
    html = client.get(objection_form).content.decode()
    assert f'{link} id="objection-privacy-link"' in html


# --- The organizers' tools -------------------------------------------------------------------------------------------


@pytest.fixture
def person(edition, published, winner_admin, organizer):
    """Siti Rahayu everywhere: the innovator (with consent), an account, a card contact, an objection filer, and a
    judge Bambang Hartono who confirmed his score sheet (his name is in the audit log)."""
    consent(published, winner_admin)
    ProposalSectionText.objects.create(
        proposal=published, section="summary", text=f"Diprakarsai oleh {NAME} (telp. {PHONE}) untuk Siti-siti desa."
    )
    account = factories.UserFactory(username="siti.rahayu", first_name="Siti", last_name="Rahayu", email=EMAIL)
    update_person(account, changes={"email": "siti.lama@example.org"}, role=None, actor=organizer)
    update_person(account, changes={"email": EMAIL}, role=None, actor=organizer)
    catalogue.update_card(
        published, actor=winner_admin, status="active", contact_name=NAME, contact_phone=PHONE, innovator_consent=True
    )
    stage = edition.stages.get(kind=StageKind.DESK)
    finalist_list = FinalistList.objects.create(
        edition=edition, stage=stage, objections_close_on=timezone.localdate(), published_by=organizer
    )
    finalist = Finalist.objects.create(finalist_list=finalist_list, proposal=published)
    Objection.objects.create(finalist=finalist, name=NAME, contact=EMAIL, reason=f"Belum berjalan setahun. — {NAME}")
    judge = published.stage_entries.get().assignments.order_by("pk").first().judge
    judge.user.first_name, judge.user.last_name = "Bambang", "Hartono"
    judge.user.save()
    minutes.confirm_score_sheet(stage, judge=judge, actor=judge.user)
    return {"account": account, "judge": judge, "finalist_list": finalist_list}


def search(client, text):
    return client.get(reverse("publication:personal_data"), {"q": text})


def keys(response) -> list[str]:
    return sorted(record.key for record in response.context["records"])


def test_search_finds_the_person_in_every_kind_of_record(organizer_client, person, published):
    by_email = search(organizer_client, EMAIL.upper())
    by_name = search(organizer_client, "rahayu")

    card = CardUpdate.objects.get(contact_name=NAME)
    objection = Objection.objects.get()
    expected_email = sorted(
        [f"account:{person['account'].pk}", f"innovator:{published.pk}", f"objection:{objection.pk}"]
    )
    assert keys(by_email) == expected_email  # the card holds the phone, not the email
    assert keys(by_name) == sorted([*expected_email, f"card:{card.pk}"])
    html = by_name.content.decode()
    assert "data-pribadi-rahayu-" in html and html.count('name="record"') == 4


def test_search_page_queries_are_constant(organizer_client, person, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        search(organizer_client, "rahayu")
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"rahayu{n}", first_name="Rahayu") for n in range(30)
    )
    Proposal.objects.bulk_create(
        Proposal(
            edition=published.edition,
            agency=published.agency,
            category=published.category,
            group=published.group,
            title=f"Lain {n}",
            innovator_name=f"Rahayu {n}",
        )
        for n in range(30)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = search(organizer_client, "rahayu")
    assert len(response.context["records"]) == 4 + 60


def test_export_downloads_everything_held_on_the_ticked_records(organizer_client, person, published):
    objection = Objection.objects.get()
    response = organizer_client.get(
        reverse("publication:personal_data_export"),
        {
            "q": EMAIL,
            "record": [f"account:{person['account'].pk}", f"innovator:{published.pk}", f"objection:{objection.pk}"],
        },
    )

    assert response["Content-Type"] == "application/json; charset=utf-8"
    name = f"data-pribadi-siti-rahayu-example-org-{timezone.localdate().isoformat()}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    data = json.loads(response.content)
    assert [a["email"] for a in data["accounts"]] == [EMAIL]
    assert (data["accounts"][0]["username"], data["accounts"][0]["judge"]) == ("siti.rahayu", None)
    assert [(p["innovator_name"], p["innovator_phone"], p["named_publicly"]) for p in data["innovator_of"]] == [
        (NAME, STORED_PHONE, True)
    ]
    assert [(o["name"], o["contact"], o["reason"]) for o in data["objections"]] == [
        (NAME, EMAIL, f"Belum berjalan setahun. — {NAME}")
    ]
    assert data["catalogue_card_contacts"] == []
    entry = ActionLog.objects.get(action_type=EXPORTED_ACTION)
    assert entry.data == {"records": {"account": 1, "innovator": 1, "card": 0, "objection": 1}}


def final_ranking_rows(edition) -> list[tuple]:
    """The ranking query's result, as every page and export reads it."""
    rows = []
    for group in (GroupKind.GENERAL, GroupKind.REPLICATION, GroupKind.SPECIAL):
        result = ranking.final_ranking(edition, group)
        rows += [
            (group, row.proposal_id, row.title, row.raw, row.normalized, repr(row.placements))
            for block in result.blocks
            for row in block.rows
        ]
        stage = ranking.stage_ranking(edition.stages.get(kind=StageKind.DESK), group)
        rows += [
            (group, row.entry.proposal_id, row.score, row.normalized, repr(row.placements)) for row in stage.ranked
        ]
    return rows


def exported(client, url) -> bytes:
    """Ask for an export as the organizer does (a POST; the task runs on commit) and download the file it wrote."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302, url
    export = Export.objects.latest("pk")
    assert export.state == ExportState.DONE, (url, export.state, export.last_error)
    download = client.get(reverse("judging:export_download", args=[export.pk]))
    assert download.status_code == 200, url
    return b"".join(download.streaming_content) if download.streaming else download.content


def organizer_files(client, edition, judge) -> dict[str, str]:
    """Every organizer export of the edition as text."""
    files = {}
    for name, kwargs in (
        ("judging:ranking_export", {"kind": "desk", "group_kind": "umum"}),
        ("judging:score_sheets_export", {"kind": "desk", "group_kind": "umum"}),
        ("judging:final_ranking_export", {"group_kind": "umum"}),
    ):
        for fmt in ("csv", "xlsx"):
            content = exported(client, reverse(name, kwargs={"year": edition.year, "fmt": fmt, **kwargs}))
            if fmt == "csv":
                files[f"{name}.csv"] = content.decode("utf-8-sig")
            else:
                sheet = load_workbook(io.BytesIO(content)).active
                files[f"{name}.xlsx"] = repr(list(sheet.iter_rows(values_only=True)))
    pdf = exported(client, reverse("judging:judge_score_sheet_pdf", args=[edition.year, StageKind.DESK, judge.pk]))
    assert pdf.startswith(b"%PDF")
    files["judge_score_sheet.pdf"] = pdf.decode("latin-1")
    objections = client.get(reverse("publication:objections", args=[edition.year]))
    files["objections"] = objections.content.decode()
    return files


def backup_text(tmp_path) -> str:
    call_command("dumpdata", output=str(tmp_path / "dump.json"), verbosity=0)
    return (tmp_path / "dump.json").read_text(encoding="utf-8")


def audit_text() -> str:
    return json.dumps([entry.data for entry in ActionLog.objects.all()], ensure_ascii=False)


def test_erasure_removes_the_person_everywhere_and_keeps_the_ranking(
    client, organizer_client, edition, person, published, tmp_path
):
    judge_user = person["judge"].user
    everything = [person["account"], published, CardUpdate.objects.get(contact_name=NAME), Objection.objects.get()]
    records = [
        f"account:{person['account'].pk}",
        f"account:{judge_user.pk}",
        f"innovator:{published.pk}",
        f"card:{everything[2].pk}",
        f"objection:{everything[3].pk}",
    ]
    before = final_ranking_rows(edition)
    # Everything shows the values before (so the checks below can fail).
    assert NAME in public_texts(client, published)["detail"]
    ensure_search_documents()
    document = CatalogueSearchDocument.objects.get(proposal=published)
    assert PHONE in document.body_text and NAME in document.names_text
    files = organizer_files(organizer_client, edition, person["judge"])
    assert (
        JUDGE_NAME in files["judging:score_sheets_export.csv"]
        and JUDGE_NAME in files["judging:score_sheets_export.xlsx"]
    )
    assert JUDGE_NAME in files["judge_score_sheet.pdf"]
    assert NAME in files["objections"] and EMAIL in backup_text(tmp_path) and JUDGE_NAME in audit_text()
    assert EMAIL in audit_text()
    # Asking for exports is audited too (kovablik.judging.export_requested), and the checks below ask again.
    not_exports = ActionLog.objects.exclude(action_type="kovablik.judging.export_requested")
    count = not_exports.count()

    confirm = organizer_client.get(reverse("publication:personal_data_erase"), {"q": "rahayu", "record": records})
    assert confirm.status_code == 200
    assert sorted(r.key for r in confirm.context["records"]) == sorted(records)
    response = organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"q": "rahayu", "record": records, "reason": "Permintaan tertulis 1 Desember", "confirm": "on"},
    )

    assert response.status_code == 302
    assert final_ranking_rows(edition) == before
    for name, text in {
        **public_texts(client, published),
        **organizer_files(organizer_client, edition, person["judge"]),
    }.items():
        for value in (*VALUES, JUDGE_NAME):
            assert value not in text, (name, value)
    dump = backup_text(tmp_path)
    for value in (*VALUES, JUDGE_NAME, "siti.lama@example.org"):
        assert value not in dump and value not in audit_text(), value
    published.refresh_from_db()
    assert (published.innovator_name, published.innovator_phone, published.innovator_email) == (ERASED, "", "")
    assert published.awards.get().state == "published"
    account = get_user_model().objects.get(pk=person["account"].pk)
    assert (account.username, account.first_name, account.email, account.is_active, account.has_usable_password()) == (
        f"dihapus-{account.pk}",
        ERASED,
        "",
        False,
        False,
    )
    assert not Client().login(username="siti.rahayu", password=PASSWORD)
    assert (Objection.objects.get().name, Objection.objects.get().contact) == (ERASED, "")
    # One audit entry per erased record, with the reason and the field names only.
    entries = ActionLog.objects.filter(action_type=ERASED_ACTION)
    assert entries.count() == 5 and not_exports.count() == count + 5
    assert {tuple(sorted(e.data)) for e in entries} == {("fields", "reason")}
    assert {e.data["reason"] for e in entries} == {"Permintaan tertulis 1 Desember"}
    assert entries.filter(data__fields=["innovator_name", "innovator_phone", "innovator_email"]).count() == 1
    assert {e.actor for e in entries} == {get_user_model().objects.get(organizer__isnull=False)}
    # The judge's confirmation stays, under the placeholder.
    stage = edition.stages.get(kind=StageKind.DESK)
    assert minutes.latest_confirmation(stage, person["judge"]).name == ERASED
    # The record's own free text keeps everything but the erased values (a lone "Siti" is someone else's).
    assert published.sections.get(section="summary").text == (
        f"Diprakarsai oleh {ERASED} (telp. {ERASED}) untuk Siti-siti desa."
    )
    assert Objection.objects.get().reason == f"Belum berjalan setahun. — {ERASED}"
    # The search document no longer holds the name.
    document = CatalogueSearchDocument.objects.get(proposal=published)
    assert NAME not in document.names_text and PHONE not in document.body_text


def test_erasure_leaves_other_people_with_a_similar_name_alone(organizer_client, person, published, organizer):
    other = factories.UserFactory(username="siti.aminah", first_name="Siti", last_name="Aminah")
    update_person(other, changes={"last_name": "Aminah Putri"}, role=None, actor=organizer)

    organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"account:{person['account'].pk}"], "reason": "Permintaan", "confirm": "on"},
    )

    other.refresh_from_db()
    assert (other.first_name, other.last_name, other.is_active) == ("Siti", "Aminah Putri", True)
    entry = ActionLog.objects.filter(object_id=str(other.pk), action_type="kovablik.person.updated").get()
    assert entry.data["after"] == {"last_name": "Aminah Putri"}


def test_erasure_clears_the_outgoing_mail_record_and_sends_nothing_more(organizer_client, person):
    account = person["account"]
    waiting = MailDelivery.objects.create(
        key="account-created:1", renderer="x", recipient=account, to_email=EMAIL, language="id", params={"n": NAME}
    )
    sent = MailDelivery.objects.create(
        key="proposal-state:1",
        renderer="x",
        recipient=account,
        to_email=EMAIL,
        language="id",
        state=DeliveryState.SENT,
        subject=f"Untuk {NAME}",
    )

    organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"account:{account.pk}"], "reason": "Permintaan", "confirm": "on"},
    )

    waiting.refresh_from_db()
    sent.refresh_from_db()
    assert (waiting.state, waiting.to_email, waiting.params) == (DeliveryState.SKIPPED, "", {})
    assert (sent.state, sent.to_email, sent.subject) == (DeliveryState.SENT, "", "")


def test_erasure_needs_a_reason_and_the_confirmation(organizer_client, person, published):
    response = organizer_client.post(
        reverse("publication:personal_data_erase"), {"record": [f"innovator:{published.pk}"], "reason": ""}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason", "confirm"}
    published.refresh_from_db()
    assert published.innovator_name == NAME
    assert not ActionLog.objects.filter(action_type=ERASED_ACTION).exists()


def test_bad_record_keys_are_ignored_never_an_error(organizer_client, person):
    response = organizer_client.get(
        reverse("publication:personal_data_erase"), {"record": ["innovator:x", "nobody:1", "account:99999999999999"]}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("publication:personal_data")


@pytest.mark.parametrize("role", ["agency_admin", "judge"])
def test_non_organizers_cannot_use_the_tools(request, role, person, published):
    client = logged_in_client(request.getfixturevalue(role))
    record = {"record": [f"innovator:{published.pk}"], "q": EMAIL}

    assert search(client, EMAIL).status_code == 403
    assert client.get(reverse("publication:personal_data_export"), record).status_code == 403
    assert client.get(reverse("publication:personal_data_erase"), record).status_code == 403
    response = client.post(reverse("publication:personal_data_erase"), {**record, "reason": "x", "confirm": "on"})

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.innovator_name == NAME
    assert not ActionLog.objects.filter(action_type__in=[ERASED_ACTION, EXPORTED_ACTION]).exists()
    anonymous = Client().get(reverse("publication:personal_data"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_an_erased_account_is_logged_out_and_its_failed_logins_forgotten(organizer_client, organizer, agency_admin):
    from axes.models import AccessAttempt, AccessFailureLog

    session = logged_in_client(agency_admin)
    assert session.get(reverse("competitions:dashboard")).status_code == 200
    AccessAttempt.objects.create(username="admin.a", ip_address="10.0.0.7", failures_since_start=2)
    AccessFailureLog.objects.create(username="admin.a", ip_address="10.0.0.7")
    AccessFailureLog.objects.create(username="someone.else", ip_address="10.0.0.8")

    organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"account:{agency_admin.pk}"], "reason": "Permintaan", "confirm": "on"},
    )

    response = session.get(reverse("competitions:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["someone.else"]
    assert not AccessAttempt.objects.exists()


def test_an_organizer_cannot_erase_their_own_account(organizer_client, organizer):
    username = organizer.username
    response = organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"account:{organizer.pk}"], "reason": "Permintaan", "confirm": "on"},
        follow=True,
    )

    organizer.refresh_from_db()
    assert (organizer.is_active, organizer.username, organizer.has_usable_password()) == (True, username, True)
    assert "Anda tidak dapat menghapus akun Anda sendiri." in response.content.decode()


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x" * 10_000, "🙂\u202e", "' OR 1=1 --", "account:2147483648"])
def test_odd_input_on_the_tools_is_never_a_server_error(organizer_client, person, published, value):
    """PostgreSQL refuses NUL in string literals and integers past its range: every input must survive."""
    keys = {"q": value, "record": [value, f"innovator:{published.pk}"]}

    for response in (
        search(organizer_client, value),
        organizer_client.get(reverse("publication:personal_data_export"), keys),
        organizer_client.get(reverse("publication:personal_data_erase"), keys),
        organizer_client.post(reverse("publication:personal_data_erase"), {**keys, "reason": value, "confirm": "on"}),
    ):
        assert response.status_code < 500
    published.refresh_from_db()
    assert published.innovator_name == (ERASED if value in ("🙂\u202e", "' OR 1=1 --", "account:2147483648") else NAME)


def test_a_one_word_name_is_erased_from_its_fields_but_not_from_other_text(organizer_client, person, organizer):
    finalist = Finalist.objects.get()
    budi = Objection.objects.create(
        finalist=finalist, name="Budi", contact="budi@example.org", reason="Budi keberatan."
    )
    other = Objection.objects.create(finalist=finalist, name="Sari", contact="sari@example.org", reason="Kata Budi.")

    organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"objection:{budi.pk}"], "reason": "Permintaan", "confirm": "on"},
    )

    budi.refresh_from_db()
    other.refresh_from_db()
    assert (budi.name, budi.contact, budi.reason) == (ERASED, "", "Budi keberatan.")
    assert (other.name, other.contact, other.reason) == ("Sari", "sari@example.org", "Kata Budi.")


def test_an_erased_account_leaves_the_declarations_it_signed_without_its_name_or_address(
    organizer_client, agency_admin, edition, agency
):
    from django.core.files.storage import default_storage

    from proposals import declarations
    from proposals.models import TruthDeclaration

    draft = factories.ProposalFactory(edition=edition, agency=agency, complete=True)
    draft.declarations.all().delete()
    signed = declarations.sign_declaration(
        draft, actor=agency_admin, signer_name="Dr. Budi Santoso", signer_position="Kepala Dinas", ip_address="10.1.2.3"
    )
    old_file = signed.document.name

    organizer_client.post(
        reverse("publication:personal_data_erase"),
        {"record": [f"account:{agency_admin.pk}"], "reason": "Permintaan subjek data", "confirm": "on"},
    )

    declaration = TruthDeclaration.objects.get(pk=signed.pk)
    assert (declaration.signer_name, declaration.ip_address, declaration.signer_position) == (
        ERASED,
        None,
        "Kepala Dinas",
    )
    assert not default_storage.exists(old_file)
    with default_storage.open(declaration.document.name) as stored:
        assert stored.read() == declarations.declaration_pdf(
            draft, declaration, username=get_user_model().objects.get(pk=agency_admin.pk).get_username()
        )
    signed_entries = ActionLog.objects.filter(action_type=declarations.SIGNED)
    assert "Budi Santoso" not in json.dumps([entry.data for entry in signed_entries])
