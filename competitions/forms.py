"""Forms of the organizer pages. They validate input and show problems next to the fields; they never write: the
views hand the cleaned data to competitions.services, which enforce the same rules again."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .agency_field import AgencySearchField
from .enums import DEFAULT_MAX_SCORE, DEFAULT_WORD_LIMITS, AgencyKind, GroupKind, PhaseKind, ProposalSection, StageKind
from .models import Agency, Category, Criterion, Edition, Region
from .queries import invitation_grounds
from .services import (
    EDITION_SETTINGS_FIELDS,
    MEMBERSHIP_ACCOUNT_ROLES,
    AccountRole,
    agency_problems,
    allowed_role_changes,
    person_problems,
    queue_password_reset_mail,
)


class DateInput(forms.DateInput):
    """The browser's own date picker; without it the field still takes YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BootstrapMixin:
    """Bootstrap classes on widgets for forms rendered field by field (tables), where crispy does not style them."""

    def style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["class"] = (
                    f"{self.fields[name].widget.attrs.get('class', '')} is-invalid"
                )


# Editions -------------------------------------------------------------------------------------------------------------


class EditionCreateForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["year", "number", "theme", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "year": _("One edition per year."),
            "theme": _("The year's theme as announced."),
            "description": _("Shown on the edition's public page."),
        }


class EditionSettingsForm(forms.ModelForm):
    """Edit an edition's own settings. Give it a copy of the edition: a model form writes the cleaned values onto
    its instance, and update_edition compares against the edition's values before the change."""

    class Meta:
        model = Edition
        fields = list(EDITION_SETTINGS_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ScheduleForm(BootstrapMixin, forms.Form):
    """Start and end date of each of the eight phases (inclusive days, Asia/Jakarta)."""

    confirm_early_close = forms.BooleanField(
        label=_("Yes, close submission early for every agency"),
        required=False,
        help_text=_("Needed only when the new last day of submission is before the current one while it is open."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        for kind in PhaseKind:
            phase = edition.phase(kind)
            self.fields[f"{kind}_starts_on"] = forms.DateField(
                label=format_lazy("{}: {}", kind.label, _("starts on")),
                widget=DateInput,
                initial=phase.starts_on if phase else None,
            )
            self.fields[f"{kind}_ends_on"] = forms.DateField(
                label=format_lazy("{}: {}", kind.label, _("ends on")),
                widget=DateInput,
                initial=phase.ends_on if phase else None,
                help_text=_("Inclusive: the phase runs until the end of this day (WIB)."),
            )
        self.style_widgets()

    def clean(self):
        cleaned = super().clean()
        for kind in PhaseKind:
            starts_on, ends_on = cleaned.get(f"{kind}_starts_on"), cleaned.get(f"{kind}_ends_on")
            if starts_on and ends_on and ends_on < starts_on:
                self.add_error(
                    f"{kind}_ends_on",
                    _("%(phase)s cannot end before it starts.") % {"phase": kind.label},
                )
        self._confirm_early_close(cleaned)
        return cleaned

    @property
    def asks_early_close(self) -> bool:
        return "confirm_early_close" in self.errors

    def _confirm_early_close(self, cleaned) -> None:
        """Moving the last day of an open submission earlier closes it for every agency before the date they were
        told: ask for a tick first."""
        current = self.edition.phase(PhaseKind.SUBMISSION)
        new_end = cleaned.get(f"{PhaseKind.SUBMISSION}_ends_on")
        if current is None or new_end is None or new_end >= current.ends_on or not self.edition.is_submission_open():
            return
        if cleaned.get("confirm_early_close"):
            return
        self.add_error(
            "confirm_early_close",
            _(
                "Submission is open until %(current)s. Ending it on %(new)s closes it early for every agency: "
                "drafts not submitted by then can no longer be. Tick the box to confirm."
            )
            % {
                "current": date_format(current.ends_on, "DATE_FORMAT"),
                "new": date_format(new_end, "DATE_FORMAT"),
            },
        )

    def rows(self):
        return [(kind.label, [self[f"{kind}_starts_on"], self[f"{kind}_ends_on"]]) for kind in PhaseKind]

    def phases(self) -> dict:
        return {
            kind: (self.cleaned_data[f"{kind}_starts_on"], self.cleaned_data[f"{kind}_ends_on"]) for kind in PhaseKind
        }


class GroupWinnersForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        current = {group.kind: group.winners_count for group in edition.groups.all()}
        for kind in GroupKind:
            self.fields[kind] = forms.IntegerField(
                label=kind.label,
                min_value=0,
                max_value=500,
                initial=current.get(kind),
                help_text=_("Top N announced for the group."),
            )


class StageWeightsForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        current = {stage.kind: stage.weight for stage in edition.stages.all()}
        for kind in StageKind:
            self.fields[kind] = forms.IntegerField(
                label=kind.label,
                min_value=0,
                max_value=100,
                initial=current.get(kind),
                help_text=_("Percent of the final score; the three stages together total 100."),
            )


class QuotasForm(forms.Form):
    default_quota = forms.IntegerField(
        label=_("Default proposal quota per agency"),
        min_value=1,
        max_value=50,
        help_text=_("Submitted proposals allowed per agency unless its kind has its own quota below."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_quota"].initial = edition.proposal_quota
        overrides = {quota.agency_kind: quota.quota for quota in edition.quotas.all()}
        for kind in AgencyKind:
            self.fields[kind] = forms.IntegerField(
                label=kind.label,
                min_value=1,
                max_value=50,
                required=False,
                initial=overrides.get(kind),
                help_text=_("Leave empty to use the default quota."),
            )

    def per_kind(self) -> dict:
        return {kind: self.cleaned_data.get(kind) for kind in AgencyKind}


class WordLimitsForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        for section in ProposalSection:
            self.fields[section] = forms.IntegerField(
                label=section.label,
                min_value=10,
                max_value=5000,
                initial=edition.word_limit(section) or DEFAULT_WORD_LIMITS[section],
                help_text=_("Maximum number of words."),
            )

    def limits(self) -> dict:
        return {section: self.cleaned_data[section] for section in ProposalSection}


class EditionCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new edition"), min_value=2016, max_value=2100)
    number = forms.IntegerField(
        label=_("Edition number"), min_value=1, help_text=_("KOVABLIK has run since 2016; 2023 was the 8th edition.")
    )
    theme = forms.CharField(label=_("Theme"), max_length=300, help_text=_("The new year's theme."))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Edition.objects.filter(year=year).exists():
            raise forms.ValidationError(_("An edition for %(year)s already exists.") % {"year": year})
        return year

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Edition.objects.filter(number=number).exists():
            raise forms.ValidationError(_("Edition number %(number)s is already used.") % {"number": number})
        return number


class RowForm(BootstrapMixin, forms.Form):
    """A row of an editable list (categories, criteria): `id` ties it to an existing row, empty for a new one."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()


class CategoryForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=Category._meta.get_field("name").max_length)
    description = forms.CharField(label=_("Description"), required=False)


class CriterionForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=Criterion._meta.get_field("name").max_length)
    description = forms.CharField(label=_("What judges look for"), required=False)
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=1000, initial=DEFAULT_MAX_SCORE)


class RowsFormSet(forms.BaseFormSet):
    """Rows that can be added (empty extra rows), removed (the Delete box) and reordered (the Position numbers),
    all without JavaScript. Names must differ within the list."""

    duplicate_message = _("Two rows cannot have the same name.")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[ORDERING_FIELD_NAME].label = _("Position")
        form.fields[ORDERING_FIELD_NAME].widget.attrs.update({"class": "form-control", "min": "1"})
        form.fields[DELETION_FIELD_NAME].label = _("Remove")
        form.fields[DELETION_FIELD_NAME].widget.attrs.update({"class": "form-check-input"})

    def clean(self):
        # A broken management form (a tampered or truncated POST) is already a non-form error; the rows cannot be
        # ordered then (ordered_forms would raise AttributeError: a 500).
        if any(self.errors) or self.non_form_errors():
            return
        seen = set()
        for form in self.ordered_forms:
            name = form.cleaned_data["name"].strip().casefold()
            if name in seen:
                form.add_error("name", self.duplicate_message)
                raise forms.ValidationError(self.duplicate_message)
            seen.add(name)

    def rows(self) -> list[dict]:
        """The kept rows in their new order, for set_categories / set_criteria."""
        return [
            {
                key: value
                for key, value in form.cleaned_data.items()
                if key not in (ORDERING_FIELD_NAME, DELETION_FIELD_NAME)
            }
            for form in self.ordered_forms
        ]


class CategoryRowsFormSet(RowsFormSet):
    duplicate_message = _("Two categories cannot have the same name.")


class CriterionRowsFormSet(RowsFormSet):
    duplicate_message = _("Two criteria of a stage cannot have the same name.")


CategoryFormSet = forms.formset_factory(
    CategoryForm, formset=CategoryRowsFormSet, extra=3, can_delete=True, can_order=True, max_num=100
)
CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=CriterionRowsFormSet, extra=2, can_delete=True, can_order=True, max_num=30
)


def category_initial(edition: Edition) -> list[dict]:
    return [
        {"id": c.pk, "name": c.name, "description": c.description, ORDERING_FIELD_NAME: index}
        for index, c in enumerate(edition.categories.all(), start=1)
    ]


def criterion_initial(stage) -> list[dict]:
    return [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "weight": c.weight,
            "max_score": c.max_score,
            ORDERING_FIELD_NAME: index,
        }
        for index, c in enumerate(stage.criteria.all(), start=1)
    ]


# Agencies -------------------------------------------------------------------------------------------------------------


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "parent", "region", "is_active"]
        field_classes = {"parent": AgencySearchField}  # a search, not a <select> of every agency
        help_texts = {
            "name": _("The full official name; names are unique."),
            "short_name": _("Abbreviation used in lists, e.g. Dinkes."),
            "kind": _("A technical unit (UPT) needs its parent agency; a regency/city government needs its region."),
            "is_active": _("Inactive agencies keep their history but cannot take part."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Agency.objects.exclude(kind=AgencyKind.UNIT).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["region"].queryset = Region.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if "name" in cleaned and "kind" in cleaned:
            problems = agency_problems(
                name=cleaned["name"],
                kind=cleaned["kind"],
                parent=cleaned.get("parent"),
                region=cleaned.get("region"),
                agency=self.instance if self.instance.pk else None,
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned

    def _post_clean(self):
        # Our rules above already cover the model's unique name and check constraints, with messages next to the
        # fields; the model's own checks would repeat them as page-level errors.
        if not self.errors:
            super()._post_clean()


# People ---------------------------------------------------------------------------------------------------------------


class PersonForm(forms.Form):
    """An account and its role. The role-specific fields are all shown (the page works without JavaScript) and
    grouped by role; only those of the chosen role are used."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Used to log in. Letters, digits and @/./+/-/_ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"), help_text=_("The account's first-login link is sent here; each address is used once.")
    )
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive accounts cannot log in; their history stays.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=AccountRole.choices, widget=forms.RadioSelect)
    agency = AgencySearchField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.order_by("name"),
        help_text=_(
            "Agency admins and unit drafters: the agency they act for. Judges: the participating agency they work "
            "for, if any (they never judge its entries)."
        ),
    )
    affiliation = forms.CharField(
        label=_("Affiliation"),
        max_length=200,
        required=False,
        help_text=_("Judges: the institution they work for, e.g. a university."),
    )
    expertise = forms.CharField(label=_("Expertise"), max_length=200, required=False, help_text=_("Judges only."))
    position = forms.CharField(
        label=_("Position"), max_length=200, required=False, help_text=_("Organizers: their position in the bureau.")
    )

    ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
    ROLE_FIELDSETS = (
        (_("Agency accounts and judges"), ("agency",)),
        (_("Judges"), ("affiliation", "expertise")),
        (_("Organizers"), ("position",)),
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user is None:
            del self.fields["is_active"]
        else:
            del self.fields["username"]
            allowed = allowed_role_changes(self.initial.get("role"))
            self.fields["role"].choices = [(value, label) for value, label in AccountRole.choices if value in allowed]
            if self.initial.get("role") is None:
                self.fields["role"].required = False
                self.fields["role"].choices = [("", _("No role")), *self.fields["role"].choices]
            if len(allowed) == 1:
                self.fields["role"].help_text = _(
                    "A judge or organizer keeps their role; create a separate account for another role."
                )

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned and "email" in cleaned and ("username" in cleaned or self.user is not None):
            problems = person_problems(
                username=cleaned["username"] if self.user is None else self.user.username,
                email=cleaned["email"],
                role=cleaned["role"],
                agency=cleaned.get("agency"),
                affiliation=cleaned.get("affiliation", ""),
                user=self.user,
            )
            for field, message in problems.items():
                if field in self.errors:  # e.g. an agency search without one match already says so
                    continue
                self.add_error(field if field in self.fields else None, message)
        agency = cleaned.get("agency")
        previous = self.initial.get("agency")
        new_link = self.user is None or agency != previous and getattr(agency, "pk", None) != previous
        if cleaned.get("role") in MEMBERSHIP_ACCOUNT_ROLES and agency and not agency.is_active and new_link:
            self.add_error("agency", _("This agency is inactive; activate it first."))
        return cleaned

    def account_fields(self):
        return [self[name] for name in self.ACCOUNT_FIELDS if name in self.fields]

    def role_fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.ROLE_FIELDSETS]

    def role_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "agency": data.get("agency"),
            "affiliation": data.get("affiliation", ""),
            "expertise": data.get("expertise", ""),
            "position": data.get("position", ""),
        }


class SpecialInvitationForm(BootstrapMixin, forms.Form):
    agency = AgencySearchField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        help_text=_("Special-group entries are earlier KOVABLIK winners that developed further."),
    )
    note = forms.CharField(
        label=_("Note for the agency"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the earlier award this invitation builds on; it is included in the email."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.grounds = invitation_grounds(edition)
        if self.grounds is None:  # no app keeps awards: the organizer names the agency and the award in the note
            invited = edition.special_invitations.values("agency_id")
            agencies = Agency.objects.filter(is_active=True).exclude(pk__in=invited).order_by("name")
            self.fields["agency"].queryset = agencies
            return
        # Each invitation builds on one earlier award of the agency, at least a year old.
        del self.fields["agency"]
        self.fields = {
            "ground": forms.ChoiceField(
                label=_("Earlier award"),
                choices=[("", "—"), *((g.key, f"{g.agency_name} — {g.label}") for g in self.grounds)],
                help_text=_(
                    "The award of KOVABLIK %(year)s or earlier this invitation builds on; its agency is invited. "
                    "Agencies already invited are not listed."
                )
                % {"year": edition.year - 1},
                error_messages={"invalid_choice": _("Choose one of the listed awards.")},
            ),
            **self.fields,
        }

    def clean(self):
        cleaned = super().clean()
        if self.grounds is not None and cleaned.get("ground"):
            ground = next(g for g in self.grounds if g.key == cleaned["ground"])
            cleaned["ground"] = ground
            cleaned["agency"] = Agency.objects.get(pk=ground.agency_id)
        return cleaned


class PortalPasswordResetForm(PasswordResetForm):
    """Django's "forgot password" form, whose mail is queued and sent by a task instead of inside the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        queue_password_reset_mail(
            user=context["user"],
            to_email=to_email,
            templates={"subject_template": subject_template_name, "email_template": email_template_name},
            site={"domain": context["domain"], "protocol": context["protocol"], "site_name": context["site_name"]},
        )
