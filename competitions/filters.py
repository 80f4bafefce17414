"""The organizer's list filters of agencies, people and outgoing mail (see core/filters.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.enums import UNSENT_DELIVERY_STATES, DeliveryState
from core.filters import ListFilterSet, SearchFilter
from core.models import MailDelivery

from .enums import AccountRole, AgencyKind
from .models import Agency, Region
from .queries import PERSON_ROLE_FILTERS


class AgencyFilter(ListFilterSet):
    q = SearchFilter(label=_("Name or short name"), fields=("name", "short_name"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AgencyKind.choices, empty_label=_("All kinds"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.order_by("name"), empty_label=_("All regions")
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="is_active",
        choices=[("1", _("Active")), ("0", _("Inactive"))],
        empty_label=_("All"),
    )

    class Meta:
        model = Agency
        fields = []


class PersonFilter(ListFilterSet):
    q = SearchFilter(
        label=_("Name, username, email, agency or affiliation"),
        fields=(
            "username",
            "first_name",
            "last_name",
            "email",
            "membership__agency__name",
            "membership__agency__short_name",
            "judge__affiliation",
        ),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[*AccountRole.choices, ("none", _("No role"))],
        empty_label=_("All roles"),
        method="filter_role",
    )

    def filter_role(self, queryset, name, value):
        return queryset.filter(PERSON_ROLE_FILTERS[value]) if value in PERSON_ROLE_FILTERS else queryset


class OutgoingMailFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=DeliveryState.choices, empty_label=_("Not sent yet (waiting or failed)")
    )

    class Meta:
        model = MailDelivery
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("state"):  # the default view: what still needs attention
            queryset = queryset.filter(state__in=UNSENT_DELIVERY_STATES)
        return queryset
