"""Forms of the organizer's administrative screening: the list's filters and the three decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _


def _blank(label):
    return [("", label)]


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
