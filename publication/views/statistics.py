"""The public statistics page: participation and winners as SVG bar charts drawn on the server, with the same numbers
in tables (publication.statistics.queries aggregates them in SQL)."""

from django.views.generic import TemplateView

from publication.caching import public_fragment
from publication.catalogue.filters import StatisticsFilter
from publication.statistics.queries import build_series, cached_statistics, statistics_years


class StatisticsView(TemplateView):
    template_name = "publication/statistics/statistics.html"

    def get_context_data(self, **kwargs):
        filters = StatisticsFilter(self.request.GET, years=statistics_years())
        year = filters.chosen_year
        data = cached_statistics(year=year)
        return super().get_context_data(
            form=filters.form,
            year=year,
            data=data,
            series=build_series(data),
            **public_fragment(self.request.get_full_path()),
            **kwargs,
        )
