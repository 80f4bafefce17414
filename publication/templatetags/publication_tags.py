from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def catalogue_url(proposal_id: int) -> str:
    """The innovation's catalogue page, or "" while the catalogue offers none."""
    try:
        return reverse("publication:catalogue_detail", args=[proposal_id])
    except NoReverseMatch:
        return ""
