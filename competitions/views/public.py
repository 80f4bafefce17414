from django.http import Http404
from django.views.generic import TemplateView

from .. import queries


class HomeView(TemplateView):
    template_name = "competitions/public/home.html"

    def get_context_data(self, **kwargs):
        edition = queries.current_edition()
        return super().get_context_data(
            edition=edition,
            archive=queries.archived_editions(edition)[:6],
            **kwargs,
        )


class ArchiveView(TemplateView):
    template_name = "competitions/public/archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(editions=queries.public_editions().prefetch_related("groups"), **kwargs)


class EditionDetailView(TemplateView):
    """An edition's public page: theme, timeline, groups, categories and how entries are scored."""

    template_name = "competitions/public/edition_detail.html"

    def get_context_data(self, **kwargs):
        edition = queries.editions_with_config().filter(year=self.kwargs["year"], is_public=True).first()
        if edition is None:
            raise Http404
        return super().get_context_data(edition=edition, **kwargs)
