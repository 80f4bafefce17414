from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .. import queries
from ..models import Agency
from ..rules import roles_of


class DashboardView(LoginRequiredMixin, TemplateView):
    """Where every signed-in user lands: what their role can do in the current edition."""

    template_name = "competitions/dashboard.html"

    def get_context_data(self, **kwargs):
        roles = roles_of(self.request.user)
        agency = Agency.objects.select_related("parent", "region").get(pk=roles.agency_id) if roles.agency_id else None
        return super().get_context_data(edition=queries.current_edition(), agency=agency, **kwargs)
