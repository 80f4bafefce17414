"""Template helpers of the catalogue pages: a card status's label and the stale-card mark."""

from django import template

from publication.catalogue.enums import CardStatus
from publication.catalogue.queries import is_stale

register = template.Library()


@register.filter
def card_status_label(value: str) -> str:
    return str(CardStatus(value).label) if value in CardStatus.values else ""


@register.filter
def stale(last_updated) -> bool:
    """True when the card was last brought up to date more than a year ago."""
    return is_stale(last_updated)
