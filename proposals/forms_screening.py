"""Forms of the organizer's administrative screening: the list's filters and the three decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.enums import AgencyKind, GroupKind
from competitions.models import Edition, Region

from .screening import SCREENING_STATES


def _blank(label):
    return [("", label)]


class ScreeningFilterForm(forms.Form):
    """GET filters of the screening list; invalid values are ignored rather than shown as errors."""

    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.order_by("-year"),
        required=False,
        to_field_name="year",
        empty_label=pgettext_lazy("editions", "Newest"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=_blank(pgettext_lazy("proposal states", "All submitted"))
        + [(state.value, state.label) for state in SCREENING_STATES],
    )
    group = forms.ChoiceField(
        label=_("Group"), required=False, choices=_blank(pgettext_lazy("groups", "All")) + GroupKind.choices
    )
    agency_kind = forms.ChoiceField(
        label=_("Agency kind"),
        required=False,
        choices=_blank(pgettext_lazy("agency kinds", "All")) + AgencyKind.choices,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=pgettext_lazy("regions", "All"),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words from the title or the agency's name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered field by field in a compact row (proposals/screening/list.html), not through crispy.
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            )

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. The agency's admins see it in the proposal's history and in the mail."),
    )


class ReturnDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("What the agency must revise"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The agency's admins see this note in the proposal's history and in the mail."),
    )
    revision_deadline = forms.DateField(
        label=_("Revision deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day (WIB) on which the agency may revise and resubmit."),
    )


class RejectDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required. The agency's admins see it in the proposal's history and in the mail."),
    )
