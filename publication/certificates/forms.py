"""The public verification form of a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publication.enums import CODE_LENGTH
from publication.models import normalize_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        help_text=_("As printed on the certificate, e.g. ABCD-EFGH-JKMN-PQRS-TUVW (case and hyphens do not matter)."),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A verification code has %(count)s letters and digits.") % {"count": CODE_LENGTH}
            )
        return code
