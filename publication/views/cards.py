"""Keeping the catalogue alive: an agency admin sees the agency's published innovations and updates their public
cards (status, new impact figures, contact). Another agency's innovation is a 404; anonymous visitors log in first."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.rules import roles_of
from core.exceptions import DomainError
from publication.catalogue.forms import CardUpdateForm
from publication.catalogue.queries import agency_catalogue
from publication.catalogue.services import update_card


class CardPermissionMixin(PermissionRequiredMixin):
    """Agency admins only; the innovation comes from the agency's own catalogue (others are 404)."""

    permission_required = "publication.update_catalogue_card"

    def get_permission_object(self):
        return None

    def agency_innovations(self):
        return agency_catalogue(roles_of(self.request.user).agency_id)


class MyCardsView(CardPermissionMixin, TemplateView):
    """The agency's innovations in the catalogue with each card's status and when it was last updated."""

    template_name = "publication/cards/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(innovations=self.agency_innovations(), **kwargs)


class CardUpdateView(CardPermissionMixin, FormView):
    """Add a dated update to the innovation's public card, starting from the card as it is now."""

    template_name = "publication/cards/update.html"
    form_class = CardUpdateForm

    @cached_property
    def proposal(self):
        proposal = self.agency_innovations().filter(pk=self.kwargs["pk"]).first()
        if proposal is None:
            raise Http404
        return proposal

    def get_initial(self):
        consent = {"innovator_consent": self.proposal.innovator_consent}
        latest = self.proposal.card_updates.order_by("-created_at", "-pk").first()
        if latest is None:
            return {"status": "active", **consent}
        return {**{name: getattr(latest, name) for name in CardUpdateForm.Meta.fields}, **consent}

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def form_valid(self, form):
        try:
            update_card(self.proposal, actor=self.request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect("publication:my_cards")
        messages.success(self.request, _("The card of “%(title)s” was updated.") % {"title": self.proposal.title})
        return redirect("publication:catalogue_detail", pk=self.proposal.pk)
