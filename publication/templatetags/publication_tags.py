from django import template
from django.urls import NoReverseMatch, reverse

from publication.cycle.phase import public_phase

register = template.Library()


@register.simple_tag
def catalogue_url(proposal_id: int) -> str:
    """The innovation's catalogue page, or "" while the catalogue offers none."""
    try:
        return reverse("publication:catalogue_detail", args=[proposal_id])
    except NoReverseMatch:
        return ""


@register.simple_tag
def edition_phase(edition) -> str:
    """Where `edition` really is (publication.cycle.phase), for the public home and edition pages."""
    return public_phase(edition)
