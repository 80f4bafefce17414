"""Forms of the agency side: they validate input; the services change state and send mail."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from competitions.enums import GroupKind, ProposalSection
from competitions.models import Edition, Region
from competitions.queries import is_invited_to_special_group

from . import replication
from .models import Proposal, count_words
from .queries import earlier_entry_candidates, replication_candidates
from .services import BASICS_FIELDS, CONSENT_FIELD


def consent_help_text() -> str:
    """What consenting means, with the privacy notice one click away (crispy renders help texts as HTML)."""
    return format_html(
        '{} <a href="{}">{}</a>',
        _(
            "Tick only when the innovator agreed that the catalogue, the published results and the open data show "
            "their name, phone and email. Without it the public sees the card's contact or nothing; organizers "
            "and judges always see them. It can be changed later on the catalogue card."
        ),
        reverse("publication:privacy_notice"),
        _("Privacy notice"),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HttpsURLField(forms.URLField):
    """A link typed without a scheme is taken as https://."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class BasicsForm(forms.ModelForm):
    """The common fields; only title, category and group are needed to start a draft, the rest before submit."""

    class Meta:
        model = Proposal
        fields = (*BASICS_FIELDS, CONSENT_FIELD)
        widgets = {"implementation_started_on": DateInput()}
        field_classes = {"video_url": HttpsURLField}
        help_texts = {
            "title": _("The name of the innovation as the public will know it."),
            "category": _("The theme or sector of the innovation in this edition."),
            "group": _(
                "General: never a KOVABLIK or national winner. Replication: adapts an earlier winner. "
                "Special: an earlier KOVABLIK winner, by organizer invitation."
            ),
            "innovator_name": _("The person or team lead who initiated the innovation."),
            "innovator_phone": _("A number the organizers and judges can call, e.g. 0812…"),
            "innovator_email": _("Where the organizers can reach the innovator."),
            "video_url": _("A link to a public video (e.g. YouTube) presenting the innovation."),
            "earlier_entry": _(
                "If this innovation was entered in an earlier KOVABLIK edition, perhaps under another title, choose "
                "that entry: its award history decides which group it may enter."
            ),
        }

    def __init__(self, *args, edition: Edition, agency_id: int | None = None, can_record_consent=True, **kwargs):
        super().__init__(*args, **kwargs)
        consent = self.fields[CONSENT_FIELD]
        consent.help_text = consent_help_text()
        if not can_record_consent:
            consent.disabled = True
            consent.help_text = format_html(
                "{} {}", _("Only the agency's admin records the innovator's consent."), consent_help_text()
            )
        self.fields["category"].queryset = edition.categories.all()
        groups = {group.kind for group in edition.groups.all()}
        current = self.instance.group if self.instance.pk else None
        if current != GroupKind.SPECIAL and not (agency_id and is_invited_to_special_group(edition, agency_id)):
            groups.discard(GroupKind.SPECIAL)  # by invitation only (proposals.checks enforces it at submit)
        self.fields["group"].choices = [(value, label) for value, label in GroupKind.choices if value in groups]
        self.fields["region"].queryset = Region.objects.order_by("name")
        earlier = self.fields["earlier_entry"]
        earlier.queryset = earlier_entry_candidates(edition, agency_id) if agency_id else Proposal.objects.none()
        earlier.label_from_instance = lambda entry: f"{entry.edition.year} — {entry.title}"
        earlier.empty_label = _("Not entered before")
        self.fields["region"].help_text = Proposal._meta.get_field("region").help_text
        self.fields["implementation_started_on"].help_text = _(
            "The day the innovation started serving the public; it must have run at least %(months)s months "
            "before submission closes."
        ) % {"months": edition.minimum_months_running}


def section_help(limit: int | None) -> str:
    if limit is None:
        return ""
    return ngettext("Up to %(limit)s word.", "Up to %(limit)s words.", limit) % {"limit": limit}


class SectionFieldsMixin:
    """Adds one textarea per narrative section, with the edition's word limit for the live counter.

    Texts over the limit are valid here, so that they are saved as typed; the view shows the excess next to the
    field and submit_proposal refuses it."""

    def add_section_fields(self, proposal: Proposal, sections: list[str]) -> None:
        texts = proposal.section_texts()
        self.section_names = list(sections)
        for section in sections:
            limit = proposal.edition.word_limit(section)
            attrs = {"rows": 8, "class": "js-word-count"}
            if limit is not None:
                attrs["data-word-limit"] = str(limit)
            self.fields[section] = forms.CharField(
                label=ProposalSection(section).label,
                required=False,
                widget=forms.Textarea(attrs=attrs),
                help_text=section_help(limit),
                initial=texts.get(section, ""),
            )
            self.fields[section].word_limit = limit

    def over_limit(self, proposal: Proposal) -> dict[str, str]:
        """Section → message for texts over their word limit (after a valid POST)."""
        problems = {}
        for section in self.section_names:
            limit = proposal.edition.word_limit(section)
            words = count_words(self.cleaned_data.get(section, "") or "")
            if limit is not None and words > limit:
                problems[section] = _(
                    "Saved, but %(words)s words is over the limit of %(limit)s: shorten it before submitting."
                ) % {"words": words, "limit": limit}
        return problems


class SectionsForm(SectionFieldsMixin, forms.Form):
    def __init__(self, *args, proposal: Proposal, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_section_fields(proposal, sections)


class ReplicationForm(SectionFieldsMixin, forms.Form):
    """The innovations replicated, one slot each (the first required at submit, the others optional), the overall
    account of what was adapted, and the step's narrative sections."""

    def __init__(self, *args, proposal: Proposal, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        stored = replication.stored_slots(proposal)
        # A pick saved before stays selectable even if it has lost its award (submit then says so).
        kept = [stored[replication.slot_field(slot)] for slot in replication.SLOTS]
        candidates = replication_candidates(proposal.edition, keep=kept)
        self.slots = []
        for slot in replication.SLOTS:
            names = {part: replication.slot_field(slot, part) for part in replication.SLOT_PARTS}
            picked = forms.ModelChoiceField(
                queryset=candidates,
                required=False,
                label=_("Innovation in the portal"),
                help_text=_("An earlier award-winning innovation; pick it when it is listed."),
                initial=stored[names[""]],
            )
            picked.label_from_instance = lambda source: f"{source.title} — {source.agency} ({source.edition.year})"
            self.fields[names[""]] = picked
            self.fields[names["_title"]] = forms.CharField(
                label=_("Title of the original innovation"),
                max_length=300,
                required=False,
                help_text=_("When the original is not listed: its title."),
                initial=stored[names["_title"]],
            )
            self.fields[names["_agency"]] = forms.CharField(
                label=_("Originating agency"),
                max_length=200,
                required=False,
                help_text=_("When the original is not listed: the agency that created it."),
                initial=stored[names["_agency"]],
            )
            self.fields[names["_year"]] = forms.IntegerField(
                label=_("Year of the award"),
                min_value=1990,
                max_value=proposal.edition.year,
                required=False,
                help_text=_("When the original is not listed: the year it won an award."),
                initial=stored[names["_year"]],
            )
            self.fields[names["_reason"]] = forms.CharField(
                label=_("Why this innovation"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("What you took from it and why it suits your service."),
                initial=stored[names["_reason"]],
            )
            self.slots.append((slot, list(names.values())))
        self.fields["replication_adaptation"] = forms.CharField(
            label=_("What was adapted"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_("What you took over, what you changed and why (region, target group, level of government)."),
            initial=proposal.replication_adaptation,
        )
        self.add_section_fields(proposal, sections)

    def slot_fieldsets(self):
        """(slot number, bound fields) per slot, for one fieldset each."""
        return [(slot, [self[name] for name in names]) for slot, names in self.slots]

    def other_fields(self):
        slot_names = {name for _slot, names in self.slots for name in names}
        return [field for field in self if field.name not in slot_names]

    def clean(self):
        cleaned = super().clean()
        picked = {}
        for slot in replication.SLOTS:
            source = cleaned.get(replication.slot_field(slot))
            described = [cleaned.get(replication.slot_field(slot, part)) for part in ("_title", "_agency", "_year")]
            if source is None and any(described) and not all(described):
                self.add_error(
                    replication.slot_field(slot, "_title"),
                    _("Innovation %(n)s: describe it completely, with title, originating agency and year.")
                    % {"n": slot},
                )
            if source is not None and any(described):
                self.add_error(
                    replication.slot_field(slot),
                    _("Innovation %(n)s: either pick it or describe it, not both; clear the description below.")
                    % {"n": slot},
                )
            if source is not None:
                if source.pk in picked:
                    self.add_error(
                        replication.slot_field(slot),
                        _("Already named as innovation %(n)s.") % {"n": picked[source.pk]},
                    )
                picked.setdefault(source.pk, slot)
        return cleaned


class DeclarationForm(forms.Form):
    """The agency admin's truthfulness declaration: who signs, in which position, and the declaration itself."""

    signer_name = forms.CharField(
        label=_("Signer's name"),
        max_length=150,
        required=False,
        help_text=_("As it should appear on the signed declaration, with academic titles if any."),
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=150,
        required=False,
        help_text=_("Your position in the agency, e.g. Kepala Dinas or Sekretaris Daerah."),
    )
    declaration = forms.BooleanField(
        label=_("I declare that all data in this proposal is true."),
        required=False,
        help_text=_(
            "False data allows the organizers to disqualify the proposal or revoke its award. The portal keeps a "
            "signed PDF of this declaration with the proposal. Editing the proposal or its attachments afterwards "
            "voids it until you sign again."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("declaration"):
            for field in ("signer_name", "signer_position"):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(field, _("Needed to sign the declaration."))
        return cleaned


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the proposal's history."),
    )


class DrafterForm(forms.Form):
    email = forms.EmailField(label=_("Email"), help_text=_("The drafter logs in with this address."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class ExtendDeadlineForm(forms.Form):
    new_end_date = forms.DateField(
        label=_("New last day of submission"),
        widget=DateInput(),
        help_text=_("Inclusive: submission stays open until 23:59 WIB on this day."),
    )
