import pytest
from django.urls import reverse
from django.utils import translation

from competitions.enums import GroupKind, ProposalSection
from competitions.services import invite_to_special_group
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalSectionText
from tests.conftest import logged_in_client
from tests.factories import ProposalFactory


@pytest.fixture
def draft(open_edition, agency):
    return ProposalFactory(edition=open_edition, agency=agency, complete=True)


def test_create_draft_saves_basics_and_goes_to_narrative(open_edition, agency, agency_client, frozen_now):
    category = open_edition.categories.first()

    response = agency_client.post(
        reverse("proposals:create"),
        {"title": "  Sapa Warga  ", "category": category.pk, "group": GroupKind.GENERAL, "innovator_name": "Budi"},
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:edit_step", args=[proposal.pk, "narrative"])
    assert (proposal.title, proposal.agency, proposal.state, proposal.innovator_name) == (
        "Sapa Warga",
        agency,
        ProposalState.DRAFT,
        "Budi",
    )


def test_create_draft_with_invalid_input_redisplays_what_was_typed(open_edition, agency_client, frozen_now):
    response = agency_client.post(
        reverse("proposals:create"),
        {"title": "Sapa Warga", "group": GroupKind.GENERAL, "innovator_email": "not-an-email"},
    )

    assert response.status_code == 200
    assert response.context["form"].data["title"] == "Sapa Warga"
    assert set(response.context["form"].errors) == {"category", "innovator_email"}
    assert 'value="Sapa Warga"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_narrative_over_word_limit_is_saved_and_shown_with_error(draft, agency_client, frozen_now):
    long_text = " ".join(["kata"] * 201)

    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "narrative"]),
        {ProposalSection.SUMMARY: long_text, ProposalSection.BACKGROUND: "Latar belakang baru."},
    )

    assert response.status_code == 200
    assert ProposalSection.SUMMARY in response.context["form"].errors
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == long_text
    assert draft.sections.get(section=ProposalSection.BACKGROUND).text == "Latar belakang baru."


def test_narrative_within_limits_saves_and_moves_to_next_step(draft, agency_client, frozen_now):
    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "narrative"]),
        {ProposalSection.SUMMARY: "Ringkasan baru yang singkat."},
    )

    assert response["Location"] == reverse("proposals:edit_step", args=[draft.pk, "narrative-more"])
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == "Ringkasan baru yang singkat."


def test_editing_content_withdraws_the_declaration(draft, agency_client, frozen_now):
    agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "narrative"]), {ProposalSection.SUMMARY: "Teks lain."}
    )

    draft.refresh_from_db()
    assert draft.declaration_accepted_at is None


def test_declaration_step_records_who_and_when(open_edition, agency, agency_admin, agency_client, frozen_now):
    proposal = ProposalFactory(edition=open_edition, agency=agency)

    agency_client.post(
        reverse("proposals:edit_step", args=[proposal.pk, "review"]),
        {"declaration": "on", "signer_name": "Dr. Budi Santoso", "signer_position": "Kepala Dinas"},
        REMOTE_ADDR="10.1.2.3",
    )

    proposal.refresh_from_db()
    assert proposal.declaration_accepted_by == agency_admin
    assert proposal.declaration_accepted_at == frozen_now
    signed = proposal.declarations.get()
    assert (signed.signer_name, signed.signer_position, signed.ip_address, signed.signed_at) == (
        "Dr. Budi Santoso",
        "Kepala Dinas",
        "10.1.2.3",
        frozen_now,
    )
    with signed.document.open("rb") as document:
        assert document.read().startswith(b"%PDF")


def test_replication_step_only_exists_for_replication_group(draft, agency_client, frozen_now):
    response = agency_client.get(reverse("proposals:edit_step", args=[draft.pk, "replication"]))

    assert response.status_code == 404


def test_submit_by_agency_admin_submits_and_redirects(draft, agency_client, frozen_now):
    response = agency_client.post(reverse("proposals:submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert response["Location"] == reverse("proposals:detail", args=[draft.pk])
    assert draft.state == ProposalState.SUBMITTED


def test_submit_confirm_page_lists_problems_and_changes_nothing(open_edition, agency, agency_client, frozen_now):
    proposal = ProposalFactory(edition=open_edition, agency=agency)

    with translation.override("en"):
        page = agency_client.get(reverse("proposals:submit", args=[proposal.pk]))
    response = agency_client.post(reverse("proposals:submit", args=[proposal.pk]))

    fields = {problem.field for problem in page.context["problems"]}
    assert {"implementation_started_on", ProposalSection.SUMMARY, "declaration"} <= fields
    assert response["Location"] == reverse("proposals:submit", args=[proposal.pk])
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.DRAFT


def test_submit_confirm_page_says_the_quota_is_full_before_the_click(open_edition, agency, agency_client, frozen_now):
    for _ in range(3):
        ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)
    fourth = ProposalFactory(edition=open_edition, agency=agency, complete=True)

    page = agency_client.get(reverse("proposals:submit", args=[fourth.pk])).content.decode()

    assert (
        '<div class="alert alert-danger" id="quota-full">Instansi Anda sudah mengajukan 3 dari 3 proposal yang '
        "diperbolehkan pada edisi ini. Tarik salah satu proposal yang sudah diajukan sebelum mengajukan yang lain."
        "</div>"
    ) in page
    assert '<button type="submit" class="btn btn-success" disabled aria-disabled="true">Ajukan</button>' in page
    assert "Pengajuan memakai satu kuota" not in page


def test_submit_confirm_page_with_a_place_left_offers_the_submit(draft, agency_client, frozen_now):
    page = agency_client.get(reverse("proposals:submit", args=[draft.pk])).content.decode()

    assert 'id="quota-full"' not in page
    assert '<button type="submit" class="btn btn-success">Ajukan</button>' in page


def test_drafter_cannot_submit_but_can_edit(draft, drafter, frozen_now):
    client = logged_in_client(drafter)

    submit = client.post(reverse("proposals:submit", args=[draft.pk]))
    edit = client.post(
        reverse("proposals:edit_step", args=[draft.pk, "narrative"]), {ProposalSection.SUMMARY: "Dari unit."}
    )

    assert submit.status_code == 403
    assert client.get(reverse("proposals:submit", args=[draft.pk])).status_code == 403
    assert edit.status_code == 302
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT
    assert draft.sections.get(section=ProposalSection.SUMMARY).text == "Dari unit."


def test_drafter_cannot_withdraw(draft, drafter):
    response = logged_in_client(drafter).post(reverse("proposals:withdraw", args=[draft.pk]))

    assert response.status_code == 403
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.DRAFT


def test_withdraw_confirms_on_get_and_acts_on_post(open_edition, agency, agency_client, frozen_now):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)

    confirm = agency_client.get(reverse("proposals:withdraw", args=[proposal.pk]))
    assert Proposal.objects.get(pk=proposal.pk).state == ProposalState.SUBMITTED
    response = agency_client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"note": "Salah kirim."})

    assert confirm.status_code == 200
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert proposal.state_changes.get().note == "Salah kirim."


def test_discarding_a_draft_says_discard_and_does_not_promise_a_freed_quota_place(draft, agency_client, frozen_now):
    detail = agency_client.get(reverse("proposals:detail", args=[draft.pk])).content.decode()
    confirm = agency_client.get(reverse("proposals:withdraw", args=[draft.pk])).content.decode()
    response = agency_client.post(reverse("proposals:withdraw", args=[draft.pk]), follow=True)

    assert "Buang draf…" in detail and "Tarik…" not in detail
    assert "Buang draf ini?" in confirm and ">Buang draf</button>" in confirm
    assert "kuota" not in confirm.split("<h1", 1)[1].split("</form>", 1)[0]
    assert [str(message) for message in response.context["messages"]] == ["Draf dibuang."]
    assert Proposal.objects.get(pk=draft.pk).state == ProposalState.WITHDRAWN


def test_submitted_proposal_edit_step_redirects_to_detail(open_edition, agency, agency_client, frozen_now):
    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True, state=ProposalState.SUBMITTED)

    response = agency_client.post(
        reverse("proposals:edit_step", args=[proposal.pk, "narrative"]), {ProposalSection.SUMMARY: "Ubah."}
    )

    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.sections.get(section=ProposalSection.SUMMARY).text != "Ubah."


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("proposals:detail", []),
        ("proposals:edit_step", ["basics"]),
        ("proposals:edit_step", ["narrative"]),
        ("proposals:edit_step", ["narrative-more"]),
        ("proposals:edit_step", ["attachments"]),
        ("proposals:edit_step", ["review"]),
        ("proposals:submit", []),
        ("proposals:withdraw", []),
        ("proposals:history", []),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_agency_gets_404_for_every_proposal_url(draft, other_agency_admin, frozen_now, name, args, method):
    client = logged_in_client(other_agency_admin)
    before = Proposal.objects.values().get(pk=draft.pk)

    response = getattr(client, method)(reverse(name, args=[draft.pk, *args]))

    assert response.status_code == 404
    assert Proposal.objects.values().get(pk=draft.pk) == before
    assert ProposalSectionText.objects.filter(proposal=draft).count() == 8


def test_agency_list_shows_only_own_proposals(draft, open_edition, other_agency, agency_client):
    ProposalFactory(edition=open_edition, agency=other_agency, title="Rahasia Tetangga")

    response = agency_client.get(reverse("proposals:list"))

    assert [p.pk for p in response.context["proposals"]] == [draft.pk]
    assert "Rahasia Tetangga" not in response.content.decode()


def test_agency_list_quota_meter_counts_submitted(open_edition, agency, agency_client, frozen_now):
    for state in (ProposalState.SUBMITTED, ProposalState.PASSED, ProposalState.DRAFT, ProposalState.WITHDRAWN):
        ProposalFactory(edition=open_edition, agency=agency, state=state)

    agency_client.cookies["kovablik_language"] = "en"  # the portal's language is the visitor's choice
    response = agency_client.get(reverse("proposals:list"))

    overview = response.context["overview"]
    assert (overview.used, overview.quota, overview.drafts_waiting) == (2, 3, 1)
    assert "2 of 3 submitted" in response.content.decode()


def test_agency_list_does_not_credit_unit_staff_with_the_admins_own_draft(
    open_edition, agency, agency_admin, agency_client, frozen_now
):
    ProposalFactory(edition=open_edition, agency=agency, created_by=agency_admin, title="Draf Admin")

    agency_client.cookies["kovablik_language"] = "en"
    page = agency_client.get(reverse("proposals:list")).content.decode()

    assert "Draf Admin" in page
    assert "unit staff" not in page
    assert "Drafts not yet submitted are marked below" in page


def test_history_lists_each_transition(open_edition, agency, agency_admin, agency_client, organizer, frozen_now):
    from proposals.services import screen_proposal, submit_proposal

    proposal = ProposalFactory(edition=open_edition, agency=agency, complete=True)
    submit_proposal(proposal, actor=agency_admin)
    screen_proposal(proposal, decision="pass", actor=organizer, note="Lengkap.")

    response = agency_client.get(reverse("proposals:history", args=[proposal.pk]))

    assert [(c.from_state, c.to_state, c.actor, c.note) for c in response.context["history"]] == [
        (ProposalState.DRAFT, ProposalState.SUBMITTED, agency_admin, ""),
        (ProposalState.SUBMITTED, ProposalState.PASSED, organizer, "Lengkap."),
    ]


def test_basics_step_page_saves_changed_fields(draft, agency_client, frozen_now):
    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "basics"]),
        {
            "title": "Judul Baru",
            "category": draft.category_id,
            "group": draft.group,
            "implementation_started_on": "2021-03-01",
            "innovator_name": "Siti",
            "innovator_phone": "0812 3456 7890",
            "innovator_email": "siti@example.org",
            "video_url": "youtube.com/watch?v=abc",
        },
    )

    draft.refresh_from_db()
    assert response["Location"] == reverse("proposals:edit_step", args=[draft.pk, "narrative"])
    assert (draft.title, str(draft.implementation_started_on), draft.video_url) == (
        "Judul Baru",
        "2021-03-01",
        "https://youtube.com/watch?v=abc",
    )
    assert draft.innovator_phone == "+6281234567890"
    assert draft.declaration_accepted_at is None


@pytest.mark.parametrize("typed", ["0812", "12345", "telepon kantor"])
def test_basics_step_refuses_a_phone_number_that_cannot_be_called(draft, agency_client, frozen_now, typed):
    before = (draft.title, draft.innovator_phone)
    response = agency_client.post(
        reverse("proposals:edit_step", args=[draft.pk, "basics"]),
        {
            "title": "Judul Baru",
            "category": draft.category_id,
            "group": draft.group,
            "implementation_started_on": "2021-03-01",
            "innovator_name": "Siti",
            "innovator_phone": typed,
            "innovator_email": "siti@example.org",
        },
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["innovator_phone"] == [
        "Masukkan nomor telepon yang valid, mis. 0812-3456-7890 atau (031) 352 0881; tambahkan kode negara untuk "
        "nomor di luar Indonesia."
    ]
    assert (draft.title, draft.innovator_phone) == before
    assert 'type="tel"' in response.content.decode()


def test_every_step_page_renders_for_the_agency(draft, agency_client, frozen_now):
    for step in ("basics", "narrative", "narrative-more", "attachments", "review"):
        response = agency_client.get(reverse("proposals:edit_step", args=[draft.pk, step]))
        assert response.context["current_step"] == step
        assert response.context["steps"] == ["basics", "narrative", "narrative-more", "attachments", "review"]


def test_start_a_proposal_is_not_offered_once_the_quota_is_used_up(open_edition, agency, agency_client, frozen_now):
    for _ in range(3):
        ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)
    create_url = reverse("proposals:create")

    agency_client.cookies["kovablik_language"] = "en"
    listing = agency_client.get(reverse("proposals:list")).content.decode()
    dashboard = agency_client.get(reverse("competitions:dashboard")).content.decode()

    assert f'href="{create_url}"' not in listing
    assert f'href="{create_url}"' not in dashboard
    assert "The quota is used up: no new proposal can be submitted." in listing


def test_start_a_proposal_is_offered_with_a_free_place_or_an_invitation_outside_the_quota(
    open_edition, agency, agency_client, frozen_now, organizer
):
    for _ in range(2):
        ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)
    create_url = reverse("proposals:create")
    with_a_place = agency_client.get(reverse("proposals:list")).content.decode()
    ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    invite_to_special_group(open_edition, agency=agency, actor=organizer)
    invited = agency_client.get(reverse("proposals:list")).content.decode()

    assert f'href="{create_url}"' in with_a_place
    assert f'href="{create_url}"' in invited
    assert 'id="quota-used-up"' not in invited


def test_start_page_warns_when_the_quota_is_used_up(open_edition, agency, agency_client, frozen_now):
    with_a_place = agency_client.get(reverse("proposals:create")).content.decode()
    for _ in range(3):
        ProposalFactory(edition=open_edition, agency=agency, state=ProposalState.SUBMITTED)

    full = agency_client.get(reverse("proposals:create")).content.decode()

    assert 'id="quota-used-up"' not in with_a_place
    assert 'id="quota-used-up"' in full
    assert "Kuota instansi Anda sudah terpakai" in full
