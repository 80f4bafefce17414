"""The public statistics: participation per year, per agency kind and per regency/city, and winners per region.

Each series is one SQL aggregate; charts.bar_chart lays it out as SVG bars, and the page shows the same numbers in a
table. Participation counts proposals submitted to a public edition and not withdrawn (drafts never count); winners
count innovations holding a published award of a published edition. An edition whose results are not published yet
is labelled provisional wherever its participation shows.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from competitions.enums import AgencyKind
from competitions.models import Edition
from proposals.enums import COUNTS_TOWARD_QUOTA
from proposals.models import Proposal
from publication import caching
from publication.catalogue.queries import published_awards
from publication.enums import PublicationState
from publication.statistics.charts import BarChart, bar_chart


def participating_proposals() -> QuerySet[Proposal]:
    return Proposal.objects.filter(edition__is_public=True, state__in=COUNTS_TOWARD_QUOTA)


def _region_name(prefix: str = ""):
    """Where an innovation runs: its own region, else its agency's; empty for province-wide innovations."""
    return Coalesce(f"{prefix}region__name", f"{prefix}agency__region__name", Value(""))


@dataclass(frozen=True)
class StatisticsData:
    """The aggregated rows (plain dicts, so they can be cached and rendered in any language)."""

    year: int | None
    years: list[dict]
    agency_kinds: list[dict]
    regions: list[dict]
    winners_by_region: list[dict]
    # Public editions whose results are not published yet: their participation still changes (provisional).
    provisional_years: tuple[int, ...] = ()


def statistics_data(*, year: int | None = None) -> StatisticsData:
    """Four aggregate queries, whatever the number of proposals. The per-year series always spans every public
    edition; the other three follow `year` when given."""
    proposals = participating_proposals()
    scoped = proposals.filter(edition__year=year) if year else proposals
    years = list(
        proposals.values(year=F("edition__year"))
        .annotate(proposals=Count("pk"), agencies=Count("agency", distinct=True))
        .order_by("year")
    )
    agency_kinds = list(
        scoped.values(kind=F("agency__kind")).annotate(proposals=Count("pk")).order_by("-proposals", "kind")
    )
    regions = list(
        scoped.annotate(region_name=_region_name())
        .values("region_name")
        .annotate(proposals=Count("pk"))
        .order_by("-proposals", "region_name")
    )
    winners = published_awards().filter(proposal__disqualification__isnull=True)
    if year:
        winners = winners.filter(edition__year=year)
    winners_by_region = list(
        winners.annotate(region_name=_region_name("proposal__"))
        .values("region_name")
        .annotate(winners=Count("proposal", distinct=True))
        .order_by("-winners", "region_name")
    )
    provisional = tuple(
        Edition.objects.filter(is_public=True)
        .exclude(publication__state=PublicationState.PUBLISHED)
        .order_by("year")
        .values_list("year", flat=True)
    )
    return StatisticsData(
        year=year,
        years=years,
        agency_kinds=agency_kinds,
        regions=regions,
        winners_by_region=winners_by_region,
        provisional_years=provisional,
    )


def statistics_years() -> list[int]:
    return list(Edition.objects.filter(is_public=True).order_by("-year").values_list("year", flat=True))


@dataclass(frozen=True)
class Series:
    """One chart and the rows of its table: (label, value, extra values...)."""

    chart: BarChart
    rows: list[tuple]


def _region_label(name: str) -> str:
    return name or _("Province-wide")


def _year_label(year: int, data: StatisticsData) -> str:
    return _("%(year)s (provisional)") % {"year": year} if year in data.provisional_years else str(year)


def _kind_label(kind: str) -> str:
    return str(AgencyKind(kind).label) if kind in AgencyKind.values else kind


def build_series(data: StatisticsData) -> dict[str, Series]:
    """The four charts with their tables, in the current language."""
    scope = str(data.year) if data.year else _("all editions")
    if data.year in data.provisional_years:
        scope = _("%(year)s, provisional") % {"year": data.year}
    years = [(_year_label(row["year"], data), row["proposals"], row["agencies"]) for row in data.years]
    kinds = [(_kind_label(row["kind"]), row["proposals"]) for row in data.agency_kinds]
    regions = [(_region_label(row["region_name"]), row["proposals"]) for row in data.regions]
    winners = [(_region_label(row["region_name"]), row["winners"]) for row in data.winners_by_region]
    return {
        "years": Series(
            chart=bar_chart(
                "chart-years",
                title=_("Proposals per year"),
                description=_("Proposals submitted to each edition, from the first to the newest."),
                rows=[(label, value) for label, value, _agencies in years],
            ),
            rows=years,
        ),
        "agency_kinds": Series(
            chart=bar_chart(
                "chart-agency-kinds",
                title=_("Proposals per kind of agency (%(scope)s)") % {"scope": scope},
                description=_("Proposals by the kind of agency that submitted them, largest first."),
                rows=kinds,
            ),
            rows=kinds,
        ),
        "regions": Series(
            chart=bar_chart(
                "chart-regions",
                title=_("Proposals per regency/city (%(scope)s)") % {"scope": scope},
                description=_("Proposals by the regency or city where the innovation runs, largest first."),
                rows=regions,
            ),
            rows=regions,
        ),
        "winners": Series(
            chart=bar_chart(
                "chart-winners",
                title=_("Winning innovations per regency/city (%(scope)s)") % {"scope": scope},
                description=_("Innovations with a published award, by the regency or city where they run."),
                rows=winners,
            ),
            rows=winners,
        ),
    }


# Participation changes with every submission, not only with a publication: the cached figures are also renewed
# after this many seconds. Winners follow the publication version at once.
STATISTICS_TIMEOUT = 10 * 60


def cached_statistics(*, year: int | None = None) -> StatisticsData:
    key = f"kovablik:publication:statistics:{year or 'all'}:{caching.version(caching.GLOBAL)}"
    data = cache.get(key)
    if data is None:
        data = statistics_data(year=year)
        cache.set(key, data, STATISTICS_TIMEOUT)
    return data
