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
