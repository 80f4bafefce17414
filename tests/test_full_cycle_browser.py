"""The whole competition cycle in one browser journey, through the portal's real pages as its real users see them.

Biro Organisasi opens an edition (creates it, sets its schedule and groups) → two agencies submit proposals through
the multi-step form, and the one that submits three finds its fourth refused by the quota → the organizer passes
them in screening → two judges score desk evaluation, presentation and interview and field verification while the
organizer assigns them, closes each stage and advances a shortlist → the organizer reads the final ranking,
announces the finalists from the cockpit (publishing is refused during the objection period), prefills and
publishes the awards → an anonymous visitor reads the results, downloads a certificate, verifies the code printed
in it and reads the verification in Indonesian.

Only reference data (the agencies, their admins, the judges and the organizer's account) comes from factories;
every step of the cycle is clicked and typed. The calendar moves through the organizer's schedule page: the
edition's dates decide its phase, and the live server runs in real time. Chromium via Playwright against the live
server; a full-page screenshot of each step in var/screenshots/journey/.
"""

import datetime as dt
import re

import pytest
from django.utils import translation

from competitions.enums import AgencyKind, GroupKind, PhaseKind, StageKind
from competitions.models import Edition, jakarta_today
from judging.enums import RoundState, SheetStatus
from judging.models import Score, ScoreSheet, StageEntry, StageRound
from proposals.enums import ProposalState
from proposals.models import Proposal
from publication.models import Award, FinalistList, Publication
from tests import factories
from tests.browser import SCREENSHOTS, another_page, log_in, ranked_titles, screenshot, upload
from tests.factories import PASSWORD
from tests.proposals import uploads_samples as samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANIZER, ADMIN_A, ADMIN_B, VISITOR = "biro.organisasi", "admin.dinkes", "admin.sidoarjo", ""
JUDGES = {"juri.satu": ("Dewi", "Lestari"), "juri.dua": ("Bambang", "Wijaya")}

# Agency A (a provincial agency) submits three proposals and tries a fourth; agency B (a regency) submits one.
A_TITLES = ["Posyandu Digital", "Ambulans Desa Siaga", "Apotek Keliling"]
A_REFUSED = "Klinik Malam Hari"
B_TITLE = "Sidoarjo Satu Data"

# Each judge gives every criterion of an entry one value, so the sheet's weighted total is that value and the
# entry's stage score is the mean of the two judges' values.
SCORES = {
    StageKind.DESK: {
        "Posyandu Digital": (90, 80),  # 85
        "Sidoarjo Satu Data": (80, 76),  # 78
        "Ambulans Desa Siaga": (70, 70),  # 70
        "Apotek Keliling": (60, 50),  # 55: stops after desk evaluation
    },
    StageKind.PRESENTATION: {
        "Sidoarjo Satu Data": (90, 86),  # 88
        "Posyandu Digital": (70, 70),  # 70
        "Ambulans Desa Siaga": (60, 64),  # 62: stops after the presentation
    },
    StageKind.FIELD: {
        "Posyandu Digital": (90, 90),  # 90
        "Sidoarjo Satu Data": (80, 84),  # 82
    },
}
STAGE_WEIGHTS = {StageKind.DESK: 40, StageKind.PRESENTATION: 30, StageKind.FIELD: 30}  # the edition's defaults


def stage_score(kind: StageKind, title: str) -> float:
    values = SCORES[kind][title]
    return sum(values) / len(values)


def final_score(title: str) -> float:
    return sum(weight * stage_score(kind, title) for kind, weight in STAGE_WEIGHTS.items()) / 100


# Sidoarjo Satu Data 0.4 × 78 + 0.3 × 88 + 0.3 × 82 = 82.2 before Posyandu Digital 0.4 × 85 + 0.3 × 70 + 0.3 × 90
# = 82.0: the best desk and field scores do not win alone.
WINNERS = sorted(SCORES[StageKind.FIELD], key=final_score, reverse=True)
SHORTLISTS = {StageKind.DESK: 3, StageKind.PRESENTATION: 2}
STAGE_PHASES = {
    StageKind.DESK: PhaseKind.DESK_EVALUATION,
    StageKind.PRESENTATION: PhaseKind.PRESENTATION,
    StageKind.FIELD: PhaseKind.FIELD_VERIFICATION,
}
NARRATIVE = "Layanan jemput bola yang mendatangi warga desa terpencil setiap pekan dan mencatat hasilnya daring."


class Shots:
    """Numbers the journey's screenshots in the order they are taken: var/screenshots/journey/NN-step-name.png."""

    def __init__(self):
        self.count = 0

    def __call__(self, page, name: str) -> None:
        self.count += 1
        screenshot(page, f"journey/{self.count:02d}-{name}")


shot = Shots()


@pytest.fixture(autouse=True)
def _fresh_screenshots():
    """Each run numbers its screenshots from 01 and leaves no picture of an earlier run."""
    shot.count = 0
    for old in (SCREENSHOTS / "journey").glob("*.png"):
        old.unlink()


def en(label) -> str:
    """A choice's label as the English pages show it."""
    with translation.override("en"):
        return str(label)


def main_text(page) -> str:
    return page.inner_text("#main")


def click_and_wait(page, locator, url_pattern: str) -> None:
    locator.click()
    page.wait_for_url(re.compile(url_pattern))


class People:
    """The journey's people, each at their own browser (a context with its own session), signed in on first use;
    `visitor` is an anonymous member of the public."""

    def __init__(self, first_page, base_url: str):
        self.first_page, self.base_url, self.pages = first_page, base_url, {}

    def __call__(self, username: str):
        if username not in self.pages:
            page = self.first_page if not self.pages else another_page(self.first_page, self.base_url)
            if username != VISITOR:
                log_in(page, username, PASSWORD)
            self.pages[username] = page
        return self.pages[username]

    def leave(self, username: str) -> None:
        """The person is done: close their browser (keeps memory low on a small machine)."""
        self.pages.pop(username).context.close()


# --- Reference data -------------------------------------------------------------------------------------------------


@pytest.fixture
def accounts(db):
    """The accounts the organizer would have set up on the People and Agencies pages before the cycle starts."""
    factories.OrganizerFactory(user__username=ORGANIZER, user__first_name="Rina", user__last_name="Kusuma")
    dinkes = factories.AgencyFactory(
        name="Dinas Kesehatan Provinsi Jawa Timur", short_name="Dinkes", kind=AgencyKind.PROVINCIAL, region=None
    )
    sidoarjo = factories.AgencyFactory(
        name="Pemerintah Kabupaten Sidoarjo",
        short_name="Pemkab Sidoarjo",
        kind=AgencyKind.REGENCY_CITY,
        region=factories.RegionFactory(name="Kabupaten Sidoarjo"),
    )
    factories.MembershipFactory(agency=dinkes, user__username=ADMIN_A)
    factories.MembershipFactory(agency=sidoarjo, user__username=ADMIN_B)
    for username, (first, last) in JUDGES.items():
        factories.JudgeFactory(user__username=username, user__first_name=first, user__last_name=last)


# --- Steps ----------------------------------------------------------------------------------------------------------


def move_calendar(page, year: int, current: PhaseKind) -> None:
    """On the organizer's schedule page, lay the phases in ten-day windows so that `current` holds today: the
    phases before it have ended, the ones after it lie ahead."""
    page.goto(f"/organizer/editions/{year}/")
    click_and_wait(page, page.get_by_role("link", name="Edit schedule"), r"/schedule/$")
    today = jakarta_today()
    kinds = list(PhaseKind)
    for position, kind in enumerate(kinds):
        starts_on = today + dt.timedelta(days=10 * (position - kinds.index(current)) - 3)
        page.fill(f"#id_{kind}_starts_on", starts_on.isoformat())
        page.fill(f"#id_{kind}_ends_on", (starts_on + dt.timedelta(days=9)).isoformat())
    page.get_by_role("button", name="Save schedule").click()
    page.wait_for_load_state()
    if page.locator("#confirm-early-close").count():
        # Moving on from submission ends it before its last day: the page asks first.
        assert "closes it early for every agency" in page.locator("#confirm-early-close").inner_text()
        page.check("#id_confirm_early_close")
        page.get_by_role("button", name="Save schedule").click()
    page.wait_for_url(re.compile(rf"/organizer/editions/{year}/$"))
    now_row = page.locator("section[aria-labelledby=schedule-heading] tr[aria-current=step]")
    assert now_row.inner_text().startswith(en(current.label))
    assert Edition.objects.get(year=year).current_phase().kind == current


def open_edition(people, year: int) -> None:
    page = people(ORGANIZER)
    click_and_wait(page, page.locator("#main").get_by_role("link", name="Editions admin"), r"/organizer/editions/$")
    click_and_wait(page, page.get_by_role("link", name="New edition"), r"/organizer/editions/new/$")
    page.fill("#id_year", str(year))
    page.fill("#id_number", str(year - 2015))
    page.fill("#id_theme", "Inovasi Pelayanan Publik untuk Jawa Timur yang Tangguh")
    page.fill("#id_description", "Kompetisi Inovasi Pelayanan Publik Provinsi Jawa Timur.")
    page.check("#id_is_public")
    shot(page, "organizer-new-edition")
    click_and_wait(page, page.get_by_role("button", name="Save"), rf"/organizer/editions/{year}/$")
    assert f"Edition {year} created" in main_text(page)
    edition = Edition.objects.get(year=year)
    assert edition.is_public and edition.phases.count() == len(PhaseKind)

    # Top 2 of the general group; the other groups get no entry in this journey.
    click_and_wait(page, page.get_by_role("link", name="Edit groups"), r"/groups/$")
    page.fill(f"#id_{GroupKind.GENERAL}", "2")
    click_and_wait(page, page.get_by_role("button", name="Save"), rf"/organizer/editions/{year}/$")
    assert (
        "General group (Kelompok Umum): 2 winners"
        in page.locator("section[aria-labelledby=groups-heading] ul").inner_text()
    )

    move_calendar(page, year, PhaseKind.SUBMISSION)
    shot(page, "organizer-edition-open-for-submission")


def draft_and_submit(
    page, title: str, *, screenshots: bool = False, submit: bool = True, from_list: bool = True
) -> Proposal:
    """The agency admin takes one proposal through every step of the form to the submit confirmation and, with
    `submit`, presses Submit there. Without `from_list` the form is opened by its address (the list no longer
    offers it once the quota is used up)."""
    if from_list:
        page.goto("/proposals/")
        click_and_wait(page, page.get_by_role("link", name="Start a proposal"), r"/proposals/new/$")
    else:
        page.goto("/proposals/new/")
    page.fill("#id_title", title)
    page.select_option("#id_category", index=1)
    page.select_option("#id_group", value=GroupKind.GENERAL)
    page.fill("#id_implementation_started_on", "2021-03-01")
    page.fill("#id_innovator_name", "Siti Rahayu")
    page.fill("#id_innovator_phone", "081234567890")
    page.fill("#id_innovator_email", "siti@example.org")
    if screenshots:
        shot(page, "agency-proposal-basics")
    click_and_wait(page, page.get_by_role("button", name="Save draft and continue"), r"/edit/narrative/$")
    proposal = Proposal.objects.get(title=title)

    while "/edit/attachments/" not in page.url:
        for textarea in page.locator("#main form textarea").all():
            textarea.fill(NARRATIVE)
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
    upload(page, "service_standard", "Standar Pelayanan.pdf", samples.pdf_bytes(), "application/pdf")
    upload(page, "service_declaration", "Maklumat Pelayanan.jpg", samples.jpeg_bytes(), "image/jpeg")
    upload(page, "complaint_decree", "SK Pengaduan.pdf", samples.pdf_bytes(), "application/pdf")
    upload(page, "initiator_decree", "SK Inovator.pdf", samples.pdf_bytes(), "application/pdf")
    if screenshots:
        shot(page, "agency-proposal-attachments")

    click_and_wait(page, page.get_by_role("link", name="Continue"), r"/edit/review/$")
    page.fill("#id_signer_position", "Kepala Dinas")
    page.check("#id_declaration")
    page.get_by_role("button", name="Sign the declaration").click()
    page.wait_for_load_state()
    assert "Everything required is filled in." in main_text(page)
    click_and_wait(page, page.get_by_role("link", name="Review and submit…"), rf"/proposals/{proposal.pk}/submit/$")
    if submit:
        click_and_wait(page, page.get_by_role("button", name="Submit", exact=True), rf"/proposals/{proposal.pk}/$")
    proposal.refresh_from_db()
    return proposal


def agencies_submit(people) -> None:
    page = people(ADMIN_A)
    for index, title in enumerate(A_TITLES):
        proposal = draft_and_submit(page, title, screenshots=index == 0)
        assert "Proposal submitted." in main_text(page)
        assert proposal.state == ProposalState.SUBMITTED
    shot(page, "agency-a-third-proposal-submitted")

    # The list no longer offers "Start a proposal"; opened by its address, the form warns, the fourth can be
    # drafted to the end, and the submit confirmation offers no Submit button that would only be refused.
    page.goto("/proposals/")
    assert page.get_by_role("link", name="Start a proposal").count() == 0
    assert "The quota is used up: no new proposal can be submitted." in main_text(page)
    page.goto("/proposals/new/")
    assert "Your agency's quota is used up" in page.locator("#quota-used-up").inner_text()
    refused = draft_and_submit(page, A_REFUSED, submit=False, from_list=False)
    assert page.locator("#quota-full").inner_text() == (
        "Your agency has already submitted 3 of 3 proposals allowed in this edition. Withdraw a submitted proposal "
        "before submitting another."
    )
    assert "3 of 3 submitted" in page.locator(".quota-meter").inner_text()
    assert page.get_by_role("button", name="Submit", exact=True).is_disabled()
    shot(page, "agency-a-fourth-refused-by-quota")
    assert refused.state == ProposalState.DRAFT
    page.goto("/proposals/")
    assert "The quota is used up" in main_text(page)
    shot(page, "agency-a-proposals-quota-used-up")
    people.leave(ADMIN_A)

    page = people(ADMIN_B)
    proposal = draft_and_submit(page, B_TITLE)
    assert proposal.state == ProposalState.SUBMITTED
    assert "Proposal submitted." in main_text(page)
    page.goto("/proposals/")
    assert "1 of 3 submitted" in page.locator(".quota-meter").inner_text()
    shot(page, "agency-b-proposal-submitted")
    people.leave(ADMIN_B)

    submitted = Proposal.objects.filter(state=ProposalState.SUBMITTED)
    assert sorted(submitted.values_list("agency__short_name", flat=True)) == ["Dinkes"] * 3 + ["Pemkab Sidoarjo"]
    assert set(Proposal.objects.filter(state=ProposalState.DRAFT).values_list("title", flat=True)) == {A_REFUSED}


def organizer_screens(people, year: int) -> None:
    page = people(ORGANIZER)
    move_calendar(page, year, PhaseKind.SCREENING)
    page.goto("/dashboard/")
    click_and_wait(
        page, page.locator("#main").get_by_role("link", name="Administrative screening").first, r"/organizer/screening/"
    )
    for title in [*A_TITLES, B_TITLE]:
        assert page.get_by_role("link", name=title, exact=True).is_visible()
    assert page.get_by_role("link", name=A_REFUSED).count() == 0  # a draft is not screened
    shot(page, "organizer-screening-list")
    list_url = page.url
    for index, title in enumerate([*A_TITLES, B_TITLE]):
        page.goto(list_url)
        click_and_wait(page, page.get_by_role("link", name=title, exact=True), r"/organizer/screening/\d+/$")
        assert "The required attachments are present" in page.locator(".screening-checklist").inner_text()
        if index == 0:
            shot(page, "organizer-screening-checklist")
        click_and_wait(page, page.get_by_role("link", name="Pass", exact=True), r"/pass/$")
        page.fill("#id_note", "Lengkap dan memenuhi syarat.")
        click_and_wait(page, page.get_by_role("button", name="Pass the proposal"), r"/organizer/screening/\d+/$")
        assert "Passed screening" in page.inner_text("#proposal-state")
    shot(page, "organizer-screening-passed")
    assert Proposal.objects.filter(state=ProposalState.PASSED).count() == 4


def organizer_forms_a_panel(people, year: int) -> None:
    page = people(ORGANIZER)
    page.goto("/dashboard/")
    click_and_wait(
        page,
        page.locator("#main").get_by_role("link", name="Panels and judges"),
        rf"/organizer/editions/{year}/panels/$",
    )
    click_and_wait(page, page.get_by_role("link", name="New panel"), r"/panels/new/$")
    page.fill("#id_name", "Panel Kelompok Umum")
    page.get_by_label(en(GroupKind.GENERAL.label)).check()
    for first, last in JUDGES.values():
        page.get_by_label(f"{first} {last} — ").check()
    click_and_wait(page, page.get_by_role("button", name="Save"), r"/panels/$")
    assert "Panel Kelompok Umum" in main_text(page)
    shot(page, "organizer-panel-created")


def open_stage_for_judges(people, year: int, kind: StageKind) -> None:
    """The organizer sets two judges per entry, assigns the panel's judges and opens the stage."""
    page = people(ORGANIZER)
    move_calendar(page, year, STAGE_PHASES[kind])
    page.goto(f"/organizer/editions/{year}/panels/")
    row = page.locator(f"tr[data-stage={kind}]")
    click_and_wait(page, row.get_by_role("link", name="Settings"), rf"/stages/{kind}/settings/$")
    page.fill("#id_judges_per_entry", "2")
    click_and_wait(page, page.get_by_role("button", name="Save"), r"/panels/$")
    click_and_wait(page, row.get_by_role("link", name="Assignments"), rf"/stages/{kind}/assignments/$")
    click_and_wait(page, page.get_by_role("link", name="Assign judges…"), r"/assignments/run/$")
    click_and_wait(page, page.locator("#confirm-assignment"), r"/assignments/result/$")
    assert page.locator("#all-assigned").inner_text() == "Every entry of this stage has 2 judges."
    shot(page, f"organizer-{kind}-judges-assigned")
    page.goto(f"/organizer/editions/{year}/panels/")
    click_and_wait(page, row.get_by_role("link", name="Open…"), rf"/stages/{kind}/open/$")
    click_and_wait(page, page.locator("#confirm-round-state"), r"/panels/$")
    assert row.locator("[data-round-state]").get_attribute("data-round-state") == RoundState.OPEN
    entries = len(SCORES[kind])
    assert StageEntry.objects.filter(stage__kind=kind).count() == entries
    assert ScoreSheet.objects.filter(assignment__entry__stage__kind=kind).count() == 2 * entries


def judges_score(people, kind: StageKind) -> None:
    for judge_index, username in enumerate(JUDGES):
        page = people(username)
        page.goto("/dashboard/")
        click_and_wait(page, page.locator("#main").get_by_role("link", name="My entries"), r"/judge/$")
        # The open stage comes first, above the stages already closed.
        current = page.locator("#main section.card").first
        assert current.locator("h2").inner_text().startswith(en(kind.label))
        assert current.locator("[data-round-state]").get_attribute("data-round-state") == RoundState.OPEN
        progress = current.locator("progress")
        assert (progress.get_attribute("value"), progress.get_attribute("max")) == ("0", str(len(SCORES[kind])))
        for entry_index, (title, values) in enumerate(SCORES[kind].items()):
            click_and_wait(page, current.get_by_role("link", name=title, exact=True), r"/judge/entries/\d+/$")
            value = values[judge_index]
            for score_input in page.locator("#score-form input[id^=id_score_]").all():
                score_input.fill(str(value))
            assert page.locator("#live-total").inner_text() == f"{value:.2f}"
            if judge_index == 0 and entry_index == 0:
                shot(page, f"judge-{kind}-scoring")
            click_and_wait(page, page.locator("#review-submit"), r"/submit/$")
            assert page.locator("#confirm-total").inner_text() == f"{value:.2f}"
            click_and_wait(page, page.locator("#confirm-submit"), r"/judge/$")
        assert current.locator("progress").get_attribute("value") == str(len(SCORES[kind]))
        if judge_index == 1:
            shot(page, f"judge-{kind}-all-submitted")
    sheets = ScoreSheet.objects.filter(assignment__entry__stage__kind=kind)
    assert sheets.filter(status=SheetStatus.SUBMITTED).count() == 2 * len(SCORES[kind])
    # Every criterion of every sheet holds the value its judge typed.
    stored = {
        (
            row["sheet__assignment__entry__proposal__title"],
            row["sheet__assignment__judge__user__username"],
            row["value"],
        )
        for row in Score.objects.filter(sheet__in=sheets).values(
            "sheet__assignment__entry__proposal__title", "sheet__assignment__judge__user__username", "value"
        )
    }
    entered = {
        (title, username, values[index])
        for title, values in SCORES[kind].items()
        for index, username in enumerate(JUDGES)
    }
    assert stored == entered
    criteria = Edition.objects.get(stages__kind=kind).stages.get(kind=kind).criteria.count()
    assert Score.objects.filter(sheet__in=sheets, value__isnull=False).count() == 2 * len(SCORES[kind]) * criteria


def organizer_closes_stage(people, year: int, kind: StageKind) -> None:
    page = people(ORGANIZER)
    page.goto("/dashboard/")
    click_and_wait(
        page, page.locator("#main").get_by_role("link", name="Ranking", exact=True), rf"/editions/{year}/ranking/$"
    )
    entries = len(SCORES[kind])
    cell = page.locator(f"#overview-table tr[data-stage={kind}] td").nth(1)
    assert f"{2 * entries} of {2 * entries} sheets submitted" in cell.inner_text()
    click_and_wait(page, cell.get_by_role("link", name=f"{entries} entries"), rf"/ranking/{kind}/{GroupKind.GENERAL}/$")
    expected = sorted(SCORES[kind], key=lambda title: stage_score(kind, title), reverse=True)
    assert ranked_titles(page) == expected
    for index, title in enumerate(expected):
        assert f"{stage_score(kind, title):.2f}" in page.locator("#ranking-table > tbody > tr").nth(index).inner_text()
    click_and_wait(page, page.get_by_role("link", name="Close this stage…"), rf"/stages/{kind}/close/\?group=")
    click_and_wait(page, page.locator("#confirm-round-state"), rf"/ranking/{kind}/{GroupKind.GENERAL}/$")
    assert page.locator("[data-round-state]").get_attribute("data-round-state") == RoundState.CLOSED
    assert StageRound.objects.get(stage__kind=kind).state == RoundState.CLOSED
    shot(page, f"organizer-{kind}-ranking-closed")
    top = SHORTLISTS.get(kind)
    if top is None:
        return
    click_and_wait(page, page.get_by_role("link", name=re.compile("Advance a shortlist")), r"/advance/")
    page.fill("#id_top", str(top))
    page.click("button[name=refill]")
    page.wait_for_load_state()
    assert page.locator("input[name=chosen]:checked").count() == top
    page.click("button[name=preview]")
    page.wait_for_load_state()
    page.get_by_role("button", name=re.compile(f"Confirm: admit {top} entries")).click()
    page.wait_for_url(re.compile(rf"/ranking/{kind}/{GroupKind.GENERAL}/$"))
    following = list(StageKind)[list(StageKind).index(kind) + 1]
    admitted = set(StageEntry.objects.filter(stage__kind=following).values_list("proposal__title", flat=True))
    assert admitted == set(SCORES[following]) == set(expected[:top])


def organizer_reads_the_final_ranking(people, year: int) -> None:
    page = people(ORGANIZER)
    page.goto(f"/organizer/editions/{year}/ranking/")
    final_row = page.locator("#overview-table tr", has_text="Final ranking").locator("td").nth(1)
    click_and_wait(page, final_row.get_by_role("link", name="Final ranking"), rf"/ranking/final/{GroupKind.GENERAL}/$")
    final = page.locator("table[data-block=final] tbody tr")
    assert [row.get_attribute("data-rank") for row in final.all()] == ["1", "2"]
    assert [row.locator("td strong").inner_text() for row in final.all()] == WINNERS
    assert WINNERS == ["Sidoarjo Satu Data", "Posyandu Digital"]
    for index, title in enumerate(WINNERS):
        assert f"{final_score(title):.2f}" in final.nth(index).inner_text()  # 82.20, then 82.00
    stopped = page.locator(f"table[data-block={StageKind.PRESENTATION}] tbody tr td strong").all_inner_texts()
    assert stopped == ["Ambulans Desa Siaga"]
    stopped = page.locator(f"table[data-block={StageKind.DESK}] tbody tr td strong").all_inner_texts()
    assert stopped == ["Apotek Keliling"]
    shot(page, "organizer-final-ranking")


def organizer_announces_the_finalists(people, year: int) -> None:
    """From the cockpit, whose next action after the last stage is announcing the finalists; publishing the results
    is refused while the objection period runs."""
    page = people(ORGANIZER)
    move_calendar(page, year, PhaseKind.ANNOUNCEMENT)
    click_and_wait(page, page.locator("#portal-nav").get_by_role("link", name="Cockpit"), rf"/{year}/cockpit/$")
    assert page.locator("#next-step-title").inner_text() == "Next: Finalists and objection period"
    shot(page, "organizer-cockpit-before-finalists")
    click_and_wait(page, page.locator("#next-action"), r"/objections/finalists/$")
    page.select_option("#id_stage", label="Entries of Field verification (2)")
    page.fill("#id_days", "1")
    click_and_wait(page, page.get_by_role("button", name="Announce and open the objection period"), r"/objections/$")
    finalists = set(FinalistList.objects.get(edition__year=year).finalists.values_list("proposal__title", flat=True))
    assert finalists == set(SCORES[StageKind.FIELD])

    page.goto(f"/organizer/editions/{year}/awards/publish/")
    assert "The objection period runs until" in page.locator("#order-missing").inner_text()
    page.locator("#confirm-button").click()
    page.wait_for_load_state()
    assert "Publishing the results cannot be done yet" in main_text(page)
    assert not Publication.objects.filter(edition__year=year, state="published").exists()
    # The objection period (one day, today) passes without objections: the journey moves its last day back.
    FinalistList.objects.filter(edition__year=year).update(objections_close_on=jakarta_today() - dt.timedelta(days=1))


def organizer_publishes(people, year: int) -> None:
    """Each step from the cockpit's next action: the plenary decisions (prefilled from the ranking), then publishing."""
    page = people(ORGANIZER)
    cockpit = f"/organizer/editions/{year}/cockpit/"
    page.goto(cockpit)
    assert page.locator("#next-step-title").inner_text() == "Next: Plenary decisions"
    click_and_wait(page, page.locator("#next-action"), r"/awards/prefill/$")
    click_and_wait(page, page.locator("#confirm-button"), r"/awards/$")
    assert page.locator("#group-umum").is_visible()
    shot(page, "organizer-awards-prefilled")
    page.goto(cockpit)
    assert page.locator("#next-step-title").inner_text() == "Next: Publication of the results"
    assert page.locator("#step-finalists").get_attribute("data-state") == "done"
    click_and_wait(page, page.locator("#next-action"), r"/awards/publish/$")
    assert page.locator("#order-missing").count() == 0  # nothing is missing any more
    shot(page, "organizer-publish-confirm")
    click_and_wait(page, page.locator("#confirm-button"), r"/awards/$")
    assert page.locator("#publication-status").get_attribute("data-state") == "published"
    shot(page, "organizer-published")
    edition = Edition.objects.get(year=year)
    assert Publication.objects.get(edition=edition).is_published
    awards = Award.objects.filter(edition=edition, kind="ranked").order_by("rank")
    assert [(award.rank, award.proposal.title) for award in awards] == [(1, WINNERS[0]), (2, WINNERS[1])]


def visitor_reads_and_verifies(people, year: int) -> None:
    page = people(VISITOR)
    page.goto("/")
    click_and_wait(page, page.get_by_role("link", name="Results", exact=True).first, r"/results/$")
    click_and_wait(page, page.get_by_role("link", name=str(year), exact=True), rf"/results/{year}/$")
    rows = page.locator(f"table[data-group={GroupKind.GENERAL}] tbody tr")
    assert [row.locator("th").inner_text().strip() for row in rows.all()] == ["1", "2"]
    assert [row.locator("td").first.inner_text().strip() for row in rows.all()] == WINNERS
    shot(page, "visitor-results")

    with page.expect_download() as download_info:
        rows.first.locator("a.certificate-link").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    code = re.search(rb"Kode verifikasi ([A-Z0-9-]+)", content).group(1).decode()

    click_and_wait(page, page.get_by_role("link", name=re.compile("Verify a certificate")), r"/verify/$")
    page.fill("#id_code", code.lower())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r"/verify/[A-Z0-9]+/$"))
    assert page.locator("#verify-result").get_attribute("data-status") == "valid"
    assert WINNERS[0] in main_text(page)
    shot(page, "visitor-certificate-verified")
    award = Award.objects.get(proposal__title=WINNERS[0])
    assert award.code_display == code
    assert download.suggested_filename == f"piagam-kovablik-{year}-{award.verification_code.lower()}.pdf"

    # The visitor reads the verification in Indonesian, the portal's first language, through the footer's switch.
    page.select_option("#language-select", value="id")
    page.locator("form.language-switcher button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#verify-result strong").inner_text() == "Sah."
    assert page.locator("#main h1").inner_text() == "Verifikasi piagam penghargaan"
    shot(page, "visitor-verified-in-indonesian")


def test_full_cycle_from_opening_an_edition_to_a_verified_certificate(browser_page, live_server, accounts):
    people = People(browser_page, live_server.url)
    year = jakarta_today().year
    open_edition(people, year)
    agencies_submit(people)
    organizer_screens(people, year)
    organizer_forms_a_panel(people, year)
    for kind in StageKind:
        open_stage_for_judges(people, year, kind)
        judges_score(people, kind)
        organizer_closes_stage(people, year, kind)
    organizer_reads_the_final_ranking(people, year)
    organizer_announces_the_finalists(people, year)
    organizer_publishes(people, year)
    visitor_reads_and_verifies(people, year)
