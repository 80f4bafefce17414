"""Forms of the catalogue, statistics, objection-period and card pages. They validate input;
publication.catalogue.services and publication.objections.services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OverrideOrderForm
from proposals.forms import consent_help_text
from proposals.models import Proposal
from publication.catalogue.enums import DEFAULT_OBJECTION_DAYS, MAX_OBJECTION_DAYS, RESPONDED, ObjectionOutcome
from publication.enums import REASON_MAX_LENGTH
from publication.models import CardUpdate
from publication.objections.services import clean_evidence, objections_per_hour, rate_limited


class ListingForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Optional and internal: why the innovation is published without an award."),
    )


class UnlistForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required; kept in the audit trail."),
    )


class CardUpdateForm(forms.ModelForm):
    innovator_consent = forms.BooleanField(
        label=Proposal._meta.get_field("innovator_consent").verbose_name,
        required=False,
    )

    class Meta:
        model = CardUpdate
        fields = ["status", "impact", "replicated_by", "contact_name", "contact_email", "contact_phone"]
        widgets = {
            "status": forms.RadioSelect,
            "impact": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
            "replicated_by": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }
        help_texts = {
            "status": _(
                "Active: still running as published. Continued: developed further. Replicated: adopted "
                "by other agencies or regions."
            ),
            "contact_name": _("A person or desk the public may contact about the innovation; shown on the card."),
            "contact_email": _("Preferably the agency's official address; shown on the card."),
            "contact_phone": _("Preferably the agency's service number; shown on the card."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovator_consent"].help_text = consent_help_text()

    def clean_impact(self):
        impact = self.cleaned_data["impact"]
        if len(impact) > 3000:
            raise forms.ValidationError(_("Keep it under 3,000 characters."))
        return impact

    def clean_replicated_by(self):
        replicated_by = self.cleaned_data["replicated_by"]
        if len(replicated_by) > 1000:
            raise forms.ValidationError(_("Keep it under 1,000 characters."))
        return replicated_by


class PublishFinalistsForm(OverrideOrderForm):
    field_order = ["stage", "days", "announcement", "override_reason"]

    stage = forms.ModelChoiceField(
        label=_("Finalists"),
        queryset=None,
        empty_label=None,
        help_text=_("The entries admitted to this stage are announced as the finalists."),
    )
    days = forms.IntegerField(
        label=_("Objection period (days)"),
        initial=DEFAULT_OBJECTION_DAYS,
        min_value=1,
        max_value=MAX_OBJECTION_DAYS,
        help_text=_("Counted from today, in days (WIB); objections are accepted until the end of the last day."),
    )
    announcement = forms.CharField(
        label=_("Announcement"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional text shown above the list, e.g. the decree number or the next steps."),
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["stage"].label_from_instance = lambda stage: (
            _("Entries of %(stage)s (%(count)s)")
            % {
                "stage": stage.get_kind_display(),
                "count": stage.entry_count,
            }
        )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, help_text=_("Objections are not anonymous."))
    contact = forms.CharField(
        label=_("Email or phone"),
        max_length=200,
        help_text=_("How the organizers can reach you about the objection; never shown publicly."),
    )
    reason = forms.CharField(
        label=_("Reason for the objection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is wrong with this finalist, as precisely as you can (facts, dates, places)."),
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("One PDF, JPEG or PNG file of at most 2 MB."),
    )

    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return clean_evidence(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if rate_limited(self.address):
            raise forms.ValidationError(
                _("Too many objections from your connection in the last hour (at most %(limit)s). Try again later.")
                % {"limit": objections_per_hour()},
                code="rate_limited",
            )
        return cleaned


class RespondForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, label) for value, label in ObjectionOutcome.choices if value in RESPONDED],
        widget=forms.RadioSelect,
        help_text=_("Upheld: the objection changes the decision. Dismissed: it does not. Noted: no action needed."),
    )
    response = forms.CharField(
        label=_("Response"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kept with the objection and the edition's decision."),
    )
