"""The innovation catalogue: the public list (search, filters, pages) and one innovation's page, and the organizers'
page where they publish an innovation without an award (or remove it again).

Public pages read publication.catalogue.queries only, cached until the next publication change (publication.caching),
so they cost the same few queries at any size and can only ever show published innovations.
"""

import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Edition
from competitions.rules import roles_of
from core.exceptions import DomainError
from publication import caching
from publication.catalogue import queries as queries_catalogue
from publication.catalogue.filters import CatalogueFilter, ListingFilter
from publication.catalogue.forms import ListingForm, UnlistForm
from publication.catalogue.services import list_in_catalogue, unlist_from_catalogue

PAGE_SIZE = 20
ORGANIZER_PAGE_SIZE = 50


@dataclass(frozen=True)
class CachedPage:
    """One page of rows with what templates/includes/pagination.html reads, without the queryset (so it can be
    cached)."""

    object_list: list
    number: int
    count: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_of(queryset, page: str | None, per_page: int) -> CachedPage:
    found = Paginator(queryset, per_page).get_page(page)
    return CachedPage(
        object_list=list(found.object_list),
        number=found.number,
        count=found.paginator.count,
        num_pages=found.paginator.num_pages,
    )


def _cache_name(prefix: str, values: dict) -> str:
    digest = hashlib.sha256(urlencode(sorted((k, str(v)) for k, v in values.items())).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


class CatalogueListView(TemplateView):
    """Every published innovation, searchable and filterable by year, group, agency kind, region and award."""

    template_name = "publication/catalogue/list.html"

    def get_context_data(self, **kwargs):
        years = caching.cached("catalogue_years", caching.GLOBAL, queries_catalogue.catalogue_years)
        filters = CatalogueFilter(self.request.GET, queryset=queries_catalogue.catalogue_proposals(), years=years)
        values = filters.values()
        page_number = self.request.GET.get("page") or "1"
        page = caching.cached(
            _cache_name("catalogue_page", {**values, "page": page_number}),
            caching.GLOBAL,
            lambda: _page_of(queries_catalogue.catalogue_list(filters.qs, text=filters.text), page_number, PAGE_SIZE),
        )
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            form=filters.form,
            page_obj=page,
            innovations=page.object_list,
            searching=bool(filters.text),
            filtered=bool(values),
            query_string=urlencode(query),
            **caching.public_fragment(self.request.get_full_path()),
            **kwargs,
        )


class CatalogueDetailView(TemplateView):
    """One published innovation: its public narrative, photos, video, agency and contact, awards (with the national
    track), its public card with the history of updates, and its replication lineage both ways."""

    template_name = "publication/catalogue/detail.html"

    def get_context_data(self, **kwargs):
        pk = self.kwargs["pk"]
        entry = caching.cached(
            f"catalogue_entry:{pk}", caching.GLOBAL, lambda: queries_catalogue.catalogue_entry(pk) or False
        )
        if not entry:
            raise Http404
        roles = roles_of(self.request.user)
        can_update_card = roles.is_agency_admin and roles.agency_id == entry.proposal.agency_id
        return super().get_context_data(
            entry=entry,
            proposal=entry.proposal,
            can_update_card=can_update_card,
            **caching.public_fragment(f"{pk}:{can_update_card}"),
            **kwargs,
        )


# --- Organizers ------------------------------------------------------------------------------------------------------


class ManageCatalogueMixin(PermissionRequiredMixin):
    """Organizers only; nothing is loaded before the permission is checked."""

    permission_required = "publication.manage_catalogue"

    def get_permission_object(self):
        return None

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition, year=self.kwargs["year"])

    def listings_url(self) -> str:
        return reverse("publication:catalogue_listings", args=[self.edition.year])


class CatalogueListingsView(ManageCatalogueMixin, TemplateView):
    """The edition's innovations that passed screening and whether each is in the catalogue (by a published award
    or by the organizers' listing), with the actions to publish or remove a listing."""

    template_name = "publication/catalogue/listings.html"

    def get_context_data(self, **kwargs):
        filters = ListingFilter(self.request.GET, queryset=queries_catalogue.listing_candidates(self.edition))
        form = filters.form
        page = Paginator(filters.qs, ORGANIZER_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = {key: value for key, value in self.request.GET.items() if key != "page" and value}
        return super().get_context_data(
            edition=self.edition,
            form=form,
            page_obj=page,
            proposals=page.object_list,
            query_string=urlencode(query),
            **kwargs,
        )


class ListingActionMixin(ManageCatalogueMixin):
    template_name = "publication/catalogue/listing_confirm.html"

    @cached_property
    def proposal(self):
        return get_object_or_404(queries_catalogue.listing_candidates(self.edition), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, proposal=self.proposal, **kwargs)

    def get_success_url(self):
        return self.listings_url()


class ListInCatalogueView(ListingActionMixin, FormView):
    """Confirm on GET, publish the innovation in the catalogue on POST."""

    form_class = ListingForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Publish in the catalogue"),
            intro=_("The innovation's public sections, photos and video will be shown in the catalogue."),
            submit_label=_("Publish in the catalogue"),
            danger=False,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            list_in_catalogue(self.proposal, actor=self.request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.listings_url())
        messages.success(self.request, _("“%(title)s” is published in the catalogue.") % {"title": self.proposal})
        return super().form_valid(form)


class UnlistFromCatalogueView(ListingActionMixin, FormView):
    """Confirm (with a reason) on GET, remove the organizers' listing on POST."""

    form_class = UnlistForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Remove from the catalogue"),
            intro=_("The innovation leaves the catalogue unless it holds a published award."),
            submit_label=_("Remove from the catalogue"),
            danger=True,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            unlist_from_catalogue(self.proposal, actor=self.request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.listings_url())
        messages.success(self.request, _("“%(title)s” was removed from the catalogue.") % {"title": self.proposal})
        return super().form_valid(form)
