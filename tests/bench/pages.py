"""Every page the bench times, in ONE list. A new page adds a line here: its name in the table, the role it is
requested as (a key of ctx["users"], or ANONYMOUS) and a function that builds its URL from the data context."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: Callable[[dict], str]


def url(name: str, *args) -> Callable[[dict], str]:
    """A URL without context-dependent parts; `args` are used as they are."""
    return lambda ctx: reverse(name, args=args)


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
]
