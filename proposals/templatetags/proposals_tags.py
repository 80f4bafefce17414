"""Template helpers of the proposals app: step labels, state badges and the agency card on the dashboard."""

from django import template

from competitions.queries import current_edition

from ..enums import FormStep, ProposalState
from ..models import count_words
from ..queries import agency_overview

register = template.Library()


@register.filter
def step_label(step: str) -> str:
    return FormStep(step).label if step in FormStep.values else step


@register.inclusion_tag("proposals/includes/state_badge.html")
def state_badge(state: str):
    return {"state": state, "label": ProposalState(state).label if state in ProposalState.values else state}


@register.inclusion_tag("proposals/includes/dashboard_card.html", takes_context=True)
def agency_proposals_card(context, agency, edition=None):
    """The dashboard's agency card: quota meter, deadline and drafts waiting (two queries at most)."""
    edition = edition or context.get("edition") or current_edition()
    return {
        "agency": agency,
        "edition": edition,
        "overview": agency_overview(edition, agency) if edition else None,
        "roles": context.get("roles"),
    }


@register.filter
def word_count(text) -> int:
    return count_words(text or "")


@register.filter
def person(user) -> str:
    """A user's full name, else their username, else a dash (deleted accounts)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
