"""The screening list's filters (see core/filters.py). The edition is chosen first (the newest by default) and
picks the proposals the other filters narrow."""

import django_filters
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Agency, Edition, Region
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


class QuotaUseFilter(CompactFilterSet):
    """GET filters of an edition's quota use: which holders (with places used by default), kind and name."""

    USED, FULL, ALL = "used", "full", "all"
    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            (USED, _("Agencies holding places")),
            (FULL, _("Quota used up")),
            (ALL, _("Every agency")),
        ],
        empty_label=None,
        method="filter_show",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Agency kind"), choices=AgencyKind.choices, empty_label=pgettext_lazy("agency kinds", "All")
    )
    q = SearchFilter(
        label=_("Search"),
        max_length=100,
        help_text=_("Words from the agency's name."),
        fields=("name", "short_name"),
        words=True,
    )

    class Meta:
        model = Agency
        fields = []

    def filter_show(self, queryset, name, value):
        if value == self.ALL:
            return queryset
        if value == self.FULL:
            return queryset.filter(used__gte=F("quota"))
        return queryset.filter(used__gt=0)

    def filter_queryset(self, queryset):
        # "Agencies holding places" also when the parameter is absent (a visit without filters).
        if not self.form.cleaned_data.get("show"):
            queryset = self.filter_show(queryset, "show", self.USED)
        return super().filter_queryset(queryset)
