"""The organizer's catalogue listings filter (see core/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import GroupKind
from core.filters import CompactFilterSet, SearchFilter
from proposals.models import Proposal


class ListingFilter(CompactFilterSet):
    """Rendered in a compact row (publication/catalogue/listings.html); invalid values are ignored."""

    q = SearchFilter(
        label=_("Search"),
        max_length=100,
        help_text=_("Words from the title."),
        fields=("title", "agency__name"),
        words=True,
    )
    group = django_filters.ChoiceFilter(
        label=_("Group"), choices=GroupKind.choices, empty_label=pgettext_lazy("groups", "All")
    )

    class Meta:
        model = Proposal
        fields = []
