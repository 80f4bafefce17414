"""Forms of the personal-data pages; publication.privacy.services decides and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publication.enums import REASON_MAX_LENGTH


class PersonSearchForm(forms.Form):
    """Find a data subject by email or name (publication.privacy.queries.find_person)."""

    q = forms.CharField(
        label=_("Email or name"),
        min_length=3,
        max_length=200,
        help_text=_("An email finds exactly that address; a name finds every record whose name contains it."),
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required and kept in the audit trail: e.g. the date and channel of the request. Do not repeat the "
            "person's name or contact here."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I checked that these records belong to the person who asked, and erase them for good."),
    )
