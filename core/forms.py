"""Forms shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OverrideOrderForm(forms.Form):
    """The written reason to do a step of the cycle before what it waits for is done (see core.order)."""

    override_reason = forms.CharField(
        label=_("Reason to go ahead anyway"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when real life needs an exception, e.g. a re-run decided by the jury or a period shortened by "
            "decree. The reason is kept in the audit trail and shown on the edition's cockpit."
        ),
    )
