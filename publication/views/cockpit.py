from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Edition
from publication.cycle.cockpit import build_cockpit


class CockpitView(PermissionRequiredMixin, TemplateView):
    """The organizer's landing page for an edition: the cycle's steps in order with their state, counts and
    blockers, the overrides of the order, and the next action as the page's primary button."""

    permission_required = "publication.view_cockpit"
    template_name = "publication/cycle/cockpit.html"

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition.objects.prefetch_related("phases", "groups"), year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, cockpit=build_cockpit(self.edition), **kwargs)


class CurrentCockpitView(PermissionRequiredMixin, View):
    """The navbar's "Cockpit": the newest edition's cockpit (hidden ones included: organizers prepare them)."""

    permission_required = "publication.view_cockpit"

    def get(self, request, *args, **kwargs):
        edition = Edition.objects.order_by("-year").first()
        if edition is None:
            return redirect("competitions:org_edition_list")
        return redirect("publication:cockpit", year=edition.year)
