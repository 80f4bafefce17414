"""The public pages of the competition: home, the editions archive and an edition's page.

Their content is the same for every visitor, so it is rendered once per language, day (the schedule marks the
current phase) and version of the public cache, which every organizer edit of an edition's data and every
publication change moves (core.caching). The data is read lazily, inside the cached fragment, so a warm
page runs no query of its own; the layout around it (navigation, the language form with its CSRF token) is rendered
on every request."""

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from core import caching

from .. import queries
from ..models import jakarta_today


class HomeView(TemplateView):
    template_name = "competitions/public/home.html"

    def get_context_data(self, **kwargs):
        edition = SimpleLazyObject(queries.current_edition)
        return super().get_context_data(
            edition=edition,
            archive=SimpleLazyObject(lambda: list(queries.archived_editions(edition or None)[:6])),
            **caching.public_fragment(jakarta_today().isoformat()),
            **kwargs,
        )


class ArchiveView(TemplateView):
    template_name = "competitions/public/archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            editions=queries.public_editions().prefetch_related("groups"),
            **caching.public_fragment("archive"),
            **kwargs,
        )


class EditionDetailView(TemplateView):
    """An edition's public page: theme, timeline, groups, categories and how entries are scored."""

    template_name = "competitions/public/edition_detail.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        # One cached entry for every public year (not one per year asked for, which any visitor could multiply).
        public_ids = caching.cached(
            "public_edition_ids", caching.GLOBAL, lambda: dict(queries.public_editions().values_list("year", "pk"))
        )
        edition_id = public_ids.get(year)
        if edition_id is None:
            raise Http404
        return super().get_context_data(
            edition=SimpleLazyObject(lambda: queries.editions_with_config().get(pk=edition_id)),
            **caching.public_fragment(f"{year}:{jakarta_today().isoformat()}"),
            **kwargs,
        )
