"""Every page the bench times, in ONE list. A new page adds a line here: its name in the table, the role it is
requested as (a key of ctx["users"], or ANONYMOUS) and a function that builds its URL from the data context."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: Callable[[dict], str]
    # Runs untimed before each request, e.g. to measure a page's first view after a change invalidated its cache.
    prepare: Callable[[dict], None] | None = None


def url(name: str, *args) -> Callable[[dict], str]:
    """A URL without context-dependent parts; `args` are used as they are."""
    return lambda ctx: reverse(name, args=args)


def rankings_changed(ctx: dict) -> None:
    """More than a judge's submission does to a ranking page: it changes the rendered rows of the entries it
    touches (their keys are made of what they show); here every rendered fragment is dropped."""
    cache.clear()


def edition_url(name: str) -> Callable[[dict], str]:
    """A page of the current edition (this year's, with submission open)."""
    return lambda ctx: reverse(name, args=[ctx["edition"].year])


PAGES: list[Page] = [
    # Public pages
    Page("public home", ANONYMOUS, url("competitions:home")),
    Page("edition archive", ANONYMOUS, url("competitions:archive")),
    Page("edition detail", ANONYMOUS, lambda ctx: reverse("competitions:edition_detail", args=[ctx["edition"].year])),
    Page("login page", ANONYMOUS, url("login")),
    # Where each role lands
    Page("dashboard (organizer)", "organizer", url("competitions:dashboard")),
    Page("dashboard (agency admin)", "agency_admin", url("competitions:dashboard")),
    Page("dashboard (unit drafter)", "drafter", url("competitions:dashboard")),
    Page("dashboard (judge)", "judge", url("competitions:dashboard")),
    # Organizer pages for editions, agencies and accounts (competitions/views/organizer.py, agencies.py, people.py)
    Page("editions (organizer)", "organizer", url("competitions:org_edition_list")),
    Page("new edition (organizer)", "organizer", url("competitions:org_edition_create")),
    *(
        Page(f"edition {part} (organizer)", "organizer", edition_url(f"competitions:org_edition_{part}"))
        for part in ("detail", "edit", "schedule", "groups", "categories", "stages", "quotas", "word_limits")
    ),
    Page(
        "edition criteria (organizer)",
        "organizer",
        lambda ctx: reverse("competitions:org_edition_criteria", args=[ctx["edition"].year, "desk"]),
    ),
    Page("copy an edition (organizer)", "organizer", edition_url("competitions:org_edition_copy")),
    Page(
        "copy preview (organizer)",
        "organizer",
        lambda ctx: (
            reverse("competitions:org_edition_copy", args=[ctx["edition"].year])
            + f"?year={ctx['edition'].year + 1}&number={ctx['edition'].number + 1}&theme=Tema"
        ),
    ),
    Page("special invitations (organizer)", "organizer", edition_url("competitions:org_edition_invitations")),
    Page("agencies (organizer)", "organizer", url("competitions:org_agency_list")),
    Page(
        "agencies filtered (organizer)",
        "organizer",
        lambda ctx: reverse("competitions:org_agency_list") + "?q=UPT&kind=unit&active=1",
    ),
    Page("new agency (organizer)", "organizer", url("competitions:org_agency_create")),
    Page(
        "edit an agency (organizer)",
        "organizer",
        lambda ctx: reverse("competitions:org_agency_edit", args=[ctx["agency_a"].pk]),
    ),
    Page("people (organizer)", "organizer", url("competitions:org_person_list")),
    Page(
        "people filtered (organizer)", "organizer", lambda ctx: reverse("competitions:org_person_list") + "?role=judge"
    ),
    Page("new account (organizer)", "organizer", url("competitions:org_person_create")),
    Page(
        "edit an account (organizer)",
        "organizer",
        lambda ctx: reverse("competitions:org_person_edit", args=[ctx["users"]["agency_admin"].pk]),
    ),
    # Attachments step and administrative screening (proposals/views/attachments.py, screening.py)
    Page(
        "attachments step (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:edit_step", args=[ctx["agency_a_proposals"][3].pk, "attachments"]),
    ),
    Page("screening list (organizer)", "organizer", url("proposals:screening_list")),
    Page(
        "screening list filtered (organizer)",
        "organizer",
        lambda ctx: reverse("proposals:screening_list") + "?state=submitted&group=umum&q=Bench+1",
    ),
    Page(
        "screening checklist (organizer)",
        "organizer",
        lambda ctx: reverse("proposals:screening_detail", args=[ctx["agency_a_proposals"][0].pk]),
    ),
    # Agency side of proposals (proposals/views/agency.py); agency A's proposals 0-2 are submitted, 3-4 drafts.
    Page("agency proposals (agency admin)", "agency_admin", url("proposals:list")),
    Page(
        "agency proposals filtered (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:list") + "?state=draft",
    ),
    Page("start a proposal (agency admin)", "agency_admin", url("proposals:create")),
    Page(
        "proposal overview (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:detail", args=[ctx["agency_a_proposals"][3].pk]),
    ),
    Page(
        "basics step (unit drafter)",
        "drafter",
        lambda ctx: reverse("proposals:edit_step", args=[ctx["agency_a_proposals"][3].pk, "basics"]),
    ),
    Page(
        "narrative step (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:edit_step", args=[ctx["agency_a_proposals"][3].pk, "narrative"]),
    ),
    Page(
        "review step (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:edit_step", args=[ctx["agency_a_proposals"][3].pk, "review"]),
    ),
    Page(
        "submit confirmation (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:submit", args=[ctx["agency_a_proposals"][3].pk]),
    ),
    Page(
        "withdraw confirmation (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:withdraw", args=[ctx["agency_a_proposals"][0].pk]),
    ),
    Page(
        "proposal history (agency admin)",
        "agency_admin",
        lambda ctx: reverse("proposals:history", args=[ctx["agency_a_proposals"][0].pk]),
    ),
    Page("drafters (agency admin)", "agency_admin", url("proposals:drafters")),
    Page(
        "extend submission deadline (organizer)",
        "organizer",
        lambda ctx: reverse("proposals:extend_deadline", args=[ctx["edition"].year]),
    ),
    # Publication (publication/views/results.py, awards.py): last year's published results.
    Page("results archive", ANONYMOUS, url("publication:results_archive")),
    Page(
        "results of an edition",
        ANONYMOUS,
        lambda ctx: reverse("publication:results", args=[ctx["previous_edition"].year]),
    ),
    Page(
        "verify a certificate",
        ANONYMOUS,
        lambda ctx: reverse("publication:verify", args=[ctx["published_award"].verification_code]),
    ),
    Page(
        "certificate PDF",
        ANONYMOUS,
        lambda ctx: reverse("publication:certificate", args=[ctx["published_award"].verification_code]),
    ),
    Page("open data CSV", ANONYMOUS, url("publication:open_data_csv")),
    Page("open data JSON", ANONYMOUS, url("publication:open_data_json")),
    Page("edition cockpit (organizer)", "organizer", edition_url("publication:cockpit")),
    Page(
        "awards (organizer)",
        "organizer",
        lambda ctx: reverse("publication:awards", args=[ctx["previous_edition"].year]),
    ),
    Page(
        "awards preview (organizer)",
        "organizer",
        lambda ctx: reverse("publication:awards_preview", args=[ctx["previous_edition"].year]),
    ),
    Page(
        "awards group places (organizer)",
        "organizer",
        lambda ctx: reverse("publication:awards_group", args=[ctx["edition"].year, "umum"]),
    ),
    # "Find another entry" matching more entries than it adds (20): the page at its largest.
    Page(
        "awards group places with a search (organizer)",
        "organizer",
        lambda ctx: reverse("publication:awards_group", args=[ctx["edition"].year, "umum"]) + "?q=Bench+1",
    ),
]


def stage_url(name: str, kind: str, *extra) -> Callable[[dict], str]:
    """A page of one stage of the current edition (desk, presentation or field)."""
    return lambda ctx: reverse(name, args=[ctx["edition"].year, kind, *extra])


def ranking_url(name: str, kind: str, group: str, *extra, query: str = "") -> Callable[[dict], str]:
    """A ranking page (or export) of one stage and group of the current edition."""
    return lambda ctx: reverse(name, args=[ctx["edition"].year, kind, group, *extra]) + query


def with_query(build: Callable[[dict], str], query: str) -> Callable[[dict], str]:
    return lambda ctx: build(ctx) + query


# Judging (judging/views/): this year's desk evaluation and presentation are closed, field verification is open
# (tests/bench/data.py: judging). The bench judge has ~20 desk, ~8 presentation and ~4 field entries at 1,300.
PAGES += [
    Page("my entries (judge)", "judge", url("judging:my_entries")),
    Page(
        "scoring page (judge)",
        "judge",
        lambda ctx: reverse("judging:score", args=[ctx["judge_field_entry"].pk]),
    ),
    Page(
        "scoring page, closed stage (judge)",
        "judge",
        lambda ctx: reverse("judging:score", args=[ctx["judge_desk_assignment"].entry_id]),
    ),
    Page(
        "submit scores confirmation (judge)",
        "judge",
        lambda ctx: reverse("judging:score_submit", args=[ctx["judge_field_entry"].pk]),
    ),
    Page(
        "declare a conflict (judge)",
        "judge",
        lambda ctx: reverse("judging:declare_conflict", args=[ctx["judge_field_entry"].pk]),
    ),
    Page("confirm score sheet (judge)", "judge", stage_url("judging:confirm_score_sheet", "desk")),
    Page("my presentation schedule (judge)", "judge", url("judging:my_schedule")),
    Page("presentations (agency admin)", "agency_admin", url("judging:agency_slots")),
    Page("presentation schedule (organizer)", "organizer", stage_url("judging:schedule", "presentation")),
    Page("field visit plan (organizer)", "organizer", stage_url("judging:visits", "field")),
    Page("my field visits (judge)", "judge", url("judging:my_visits")),
    Page(
        "field visit report (judge)", "judge", lambda ctx: reverse("judging:visit_report", args=[ctx["bench_visit"].pk])
    ),
    Page("field verification (agency admin)", "agency_admin", url("judging:agency_visits")),
    Page("panels (organizer)", "organizer", edition_url("judging:panels")),
    Page("new panel (organizer)", "organizer", edition_url("judging:panel_create")),
    Page("edit a panel (organizer)", "organizer", lambda ctx: reverse("judging:panel_edit", args=[ctx["panel"].pk])),
    Page(
        "edit a panel, judge search (organizer)",
        "organizer",
        lambda ctx: reverse("judging:panel_edit", args=[ctx["panel"].pk]) + "?q=a&show=members&page=2",
    ),
    Page("round settings (organizer)", "organizer", stage_url("judging:round_settings", "desk")),
    Page("reopen a stage confirmation (organizer)", "organizer", stage_url("judging:round_open", "desk")),
    Page("close a stage confirmation (organizer)", "organizer", stage_url("judging:round_close", "field")),
    Page("stage assignments (organizer)", "organizer", stage_url("judging:stage_assignments", "desk")),
    Page(
        "stage assignments filtered (organizer)",
        "organizer",
        with_query(stage_url("judging:stage_assignments", "desk"), "?group=umum&page=3"),
    ),
    Page(
        "stage assignments lacking judges (organizer)",
        "organizer",
        with_query(stage_url("judging:stage_assignments", "desk"), "?lacking=1"),
    ),
    Page("assignment preview (organizer)", "organizer", stage_url("judging:run_assignment", "desk")),
    Page("assignment result (organizer)", "organizer", stage_url("judging:assignment_result", "desk")),
    Page(
        "entry judges (organizer)",
        "organizer",
        lambda ctx: reverse("judging:entry_judges", args=[ctx["desk_entry"].pk]),
    ),
    Page(
        "remove a judge confirmation (organizer)",
        "organizer",
        lambda ctx: reverse("judging:assignment_remove", args=[ctx["judge_desk_assignment"].pk]),
    ),
    Page(
        "reopen scores form (organizer)",
        "organizer",
        lambda ctx: reverse("judging:sheet_reopen", args=[ctx["judge_desk_assignment"].pk]),
    ),
    Page("ranking overview (organizer)", "organizer", edition_url("judging:ranking_overview")),
    Page("ranking desk umum (organizer)", "organizer", ranking_url("judging:ranking", "desk", "umum")),
    Page(
        "ranking desk umum normalized (organizer)",
        "organizer",
        ranking_url("judging:ranking", "desk", "umum", query="?view=normalized"),
    ),
    Page(
        "ranking desk umum last page (organizer)",
        "organizer",
        ranking_url("judging:ranking", "desk", "umum", query="?page=999"),
    ),
    Page(
        "ranking desk umum, first view after a submission (organizer)",
        "organizer",
        ranking_url("judging:ranking", "desk", "umum"),
        prepare=rankings_changed,
    ),
    Page(
        "ranking presentation replikasi (organizer)",
        "organizer",
        ranking_url("judging:ranking", "presentation", "replikasi"),
    ),
    Page(
        "final ranking umum (organizer)",
        "organizer",
        lambda ctx: reverse("judging:final_ranking", args=[ctx["edition"].year, "umum"]),
    ),
    Page(
        "final ranking umum, first view after a submission (organizer)",
        "organizer",
        lambda ctx: reverse("judging:final_ranking", args=[ctx["edition"].year, "umum"]),
        prepare=rankings_changed,
    ),
    Page(
        "final ranking umum normalized (organizer)",
        "organizer",
        lambda ctx: reverse("judging:final_ranking", args=[ctx["edition"].year, "umum"]) + "?view=normalized",
    ),
    Page(
        "final ranking umum every entry (organizer)",
        "organizer",
        lambda ctx: reverse("judging:final_ranking", args=[ctx["edition"].year, "umum"]) + "?full=1",
    ),
    Page(
        # From presentation to field verification: the data's desk stage is followed by a closed presentation,
        # where no shortlist can go.
        "advance shortlist presentation umum (organizer)",
        "organizer",
        ranking_url("judging:advance_shortlist", "presentation", "umum"),
    ),
    Page("progress (organizer)", "organizer", edition_url("judging:progress")),
    Page("progress desk (organizer)", "organizer", with_query(edition_url("judging:progress"), "?stage=desk")),
    Page(
        "progress desk page 2 (organizer)",
        "organizer",
        with_query(edition_url("judging:progress"), "?stage=desk&page=2"),
    ),
    Page("remind judges confirmation (organizer)", "organizer", stage_url("judging:remind_judges", "field")),
    Page("judging audit (organizer)", "organizer", edition_url("judging:audit")),
    Page(
        "judging audit filtered (organizer)",
        "organizer",
        lambda ctx: (
            reverse("judging:audit", args=[ctx["edition"].year])
            + f"?stage=desk&judge={ctx['bench_judge'].pk}&action=kovablik.judging.score_submitted"
        ),
    ),
    # Exports are asked for with a POST and written by a task (judging/export_jobs.py); the bench times the page
    # that lists them, as the files themselves are no longer built in a request.
    Page("exports (organizer)", "organizer", url("judging:exports")),
    Page("outgoing mail (organizer)", "organizer", url("competitions:org_mail_list")),
]

# Catalogue, statistics, finalists and objections (publication/views/catalogue.py, statistics.py, objections.py,
# cards.py): last year's winners and ~150 listed innovations; this year's finalists in their objection period.
PAGES += [
    Page("catalogue", ANONYMOUS, url("publication:catalogue")),
    Page("catalogue search", ANONYMOUS, lambda ctx: reverse("publication:catalogue") + "?q=pelayanan+warga"),
    Page(
        "catalogue search and filters",
        ANONYMOUS,
        lambda ctx: (
            reverse("publication:catalogue")
            + f"?q=inovasi&year={ctx['previous_edition'].year}&group=umum&agency_kind=unit&award=listed&page=2"
        ),
    ),
    Page(
        "catalogue innovation",
        ANONYMOUS,
        lambda ctx: reverse("publication:catalogue_detail", args=[ctx["catalogue_innovation"].pk]),
    ),
    Page("statistics", ANONYMOUS, url("publication:statistics")),
    Page(
        "statistics of a year",
        ANONYMOUS,
        lambda ctx: reverse("publication:statistics") + f"?year={ctx['edition'].year}",
    ),
    Page("finalists", ANONYMOUS, edition_url("publication:finalists")),
    Page(
        "objection form",
        ANONYMOUS,
        lambda ctx: reverse("publication:objection_create", args=[ctx["edition"].year, ctx["finalist"].pk]),
    ),
    Page("catalogue cards (agency admin)", "agency_admin_b", url("publication:my_cards")),
    Page(
        "catalogue card update (agency admin)",
        "agency_admin_b",
        lambda ctx: reverse("publication:card_update", args=[ctx["catalogue_innovation"].pk]),
    ),
    Page(
        "catalogue listings (organizer)",
        "organizer",
        lambda ctx: reverse("publication:catalogue_listings", args=[ctx["previous_edition"].year]),
    ),
    Page(
        "catalogue listings filtered (organizer)",
        "organizer",
        lambda ctx: (
            reverse("publication:catalogue_listings", args=[ctx["previous_edition"].year]) + "?q=Bench&group=umum"
        ),
    ),
    Page(
        "publish in catalogue confirmation (organizer)",
        "organizer",
        lambda ctx: reverse(
            "publication:catalogue_list", args=[ctx["previous_edition"].year, ctx["unlisted_candidate"].pk]
        ),
    ),
    Page(
        "remove from catalogue confirmation (organizer)",
        "organizer",
        lambda ctx: reverse(
            "publication:catalogue_unlist", args=[ctx["previous_edition"].year, ctx["listed_innovation"].pk]
        ),
    ),
    Page("objections (organizer)", "organizer", edition_url("publication:objections")),
    Page(
        "announce finalists form (organizer)",
        "organizer",
        lambda ctx: reverse("publication:finalists_publish", args=[ctx["previous_edition"].year]),
    ),
    Page(
        "respond to an objection (organizer)",
        "organizer",
        lambda ctx: reverse("publication:objection_respond", args=[ctx["objection"].pk]),
    ),
    Page(
        "objection evidence download (organizer)",
        "organizer",
        lambda ctx: reverse("publication:objection_evidence", args=[ctx["objection"].pk]),
    ),
]
