"""The catalogue's list filters (see core/filters.py): the public catalogue's, the statistics page's edition and the
organizer's listings."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Region
from core.filters import CompactFilterSet, SearchFilter
from proposals.models import Proposal
from publication.catalogue.queries import AwardFilter, published_awards
from publication.enums import AwardKind

AWARD_CHOICES = [
    (AwardFilter.RANKED, _("Top Inovasi Terpuji (Top N)")),
    (AwardFilter.NAMED, _("Named award or nomination")),
    (AwardFilter.NATIONAL, _("Nominated to the national competition")),
    (AwardFilter.LISTED, _("Published without an award")),
]


def year_choices(years: list[int]) -> list[tuple[int, int]]:
    return [(year, year) for year in years]


class CatalogueFilter(CompactFilterSet):
    """The public catalogue's filters (publication/catalogue/list.html). The search box is applied by
    queries.catalogue_list, which also orders by relevance when it searches the full text."""

    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=200,
        help_text=_("Words from the title, the agency, the region or the description."),
        method="keep",
    )
    year = django_filters.TypedChoiceFilter(label=_("Year"), field_name="edition__year", coerce=int)
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
        label=_("Regency/city"),
        queryset=Region.objects.order_by("name"),
        empty_label=pgettext_lazy("regions", "All"),
        method="in_region",
    )
    award = django_filters.ChoiceFilter(
        label=_("Award"), choices=AWARD_CHOICES, empty_label=pgettext_lazy("awards", "All"), method="with_award"
    )

    class Meta:
        model = Proposal
        fields = []

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["year"].choices = [("", pgettext_lazy("years", "All")), *year_choices(years)]

    def in_region(self, queryset, name, region):
        # The region where the innovation runs; a province-wide innovation counts where its agency sits.
        return queryset.filter(Q(region=region) | Q(region__isnull=True, agency__region=region))

    def with_award(self, queryset, name, value):
        awards = published_awards().filter(proposal=OuterRef("pk"))
        if value == AwardFilter.RANKED:
            return queryset.filter(Exists(awards.filter(kind=AwardKind.RANKED)))
        if value == AwardFilter.NAMED:
            return queryset.filter(Exists(awards.exclude(kind=AwardKind.RANKED)))
        if value == AwardFilter.NATIONAL:
            return queryset.filter(national_nomination__isnull=False)
        return queryset.exclude(Exists(awards))  # AwardFilter.LISTED

    def values(self) -> dict:
        """The valid, non-blank values (what the page's cached rows are keyed by)."""
        self.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return {name: getattr(value, "pk", value) for name, value in data.items() if value not in (None, "")}

    @property
    def text(self) -> str:
        return self.values().get("q", "")


class StatisticsFilter(CompactFilterSet):
    """The statistics page's edition (all editions when blank). It filters no queryset: the page reads the
    aggregates of the chosen year (publication.statistics.queries)."""

    year = django_filters.TypedChoiceFilter(label=_("Edition"), coerce=int, method="keep")

    class Meta:
        model = Proposal
        fields = []

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, queryset=Proposal.objects.none(), **kwargs)
        self.form.fields["year"].choices = [("", _("All editions")), *year_choices(years)]

    @property
    def chosen_year(self) -> int | None:
        """The edition asked for; None for all editions, or when the value is not one of them."""
        return self.form.cleaned_data.get("year") or None if self.is_valid() else None


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
