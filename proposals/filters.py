"""The screening list's filters (see core/filters.py). The edition is chosen first (the newest by default) and
picks the proposals the other filters narrow."""

import django_filters
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Edition, Region
from core.filters import CompactFilterSet, SearchFilter

from .models import Proposal
from .screening import SCREENING_STATES, screening_editions, screening_proposals


class ScreeningFilter(CompactFilterSet):
    """GET filters of the screening list. Invalid values are ignored (the list shows what the valid ones select)."""

    edition = django_filters.ModelChoiceFilter(
        label=_("Edition"),
        queryset=Edition.objects.order_by("-year"),
        to_field_name="year",
        empty_label=pgettext_lazy("editions", "Newest"),
        method="keep",  # it chose the queryset already (see `chosen_edition`)
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(state.value, state.label) for state in SCREENING_STATES],
        empty_label=pgettext_lazy("proposal states", "All submitted"),
    )
    group = django_filters.ChoiceFilter(
        label=_("Group"), choices=GroupKind.choices, empty_label=pgettext_lazy("groups", "All")
    )
    agency_kind = django_filters.ChoiceFilter(
        label=_("Agency kind"),
        field_name="agency__kind",
        choices=AgencyKind.choices,
        empty_label=pgettext_lazy("agency kinds", "All"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        empty_label=pgettext_lazy("regions", "All"),
        method="filter_region",
    )
    q = SearchFilter(
        label=_("Search"),
        max_length=100,
        help_text=_("Words from the title or the agency's name."),
        fields=("title", "agency__name", "agency__short_name"),
    )

    class Meta:
        model = Proposal
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.queryset = screening_proposals(self.chosen_edition) if self.chosen_edition else Proposal.objects.none()

    @cached_property
    def chosen_edition(self) -> Edition | None:
        self.form.is_valid()
        return self.form.cleaned_data.get("edition") or screening_editions().first()

    def filter_region(self, queryset, name, value):
        # The region where the innovation runs, or the agency's own region for one not tied to a place.
        return queryset.filter(Q(region=value) | Q(region__isnull=True, agency__region=value))
