"""Forms of field verification: they validate input (times in WIB, photos by content, consent); the services in
judging.visits.services decide and write."""

import datetime as dt

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.forms import DateInput
from core import phones

from ..enums import ChecklistVerdict, VisitMode
from ..models import ChecklistItem, FieldVisit
from ..queries import judges_for_choice
from ..schedule.filling import JAKARTA
from ..schedule.forms import TimeInput
from . import photos
from .services import place_problem


class VisitPlanForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput)
    time = forms.TimeField(label=_("Time (WIB)"), widget=TimeInput, initial=dt.time(9, 0))
    mode = forms.ChoiceField(
        label=_("How"), choices=VisitMode.choices, initial=VisitMode.ON_SITE, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the judges go, for a visit on site."),
    )
    meeting_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("For an online verification with the innovator, stakeholders and users."),
    )
    judges = forms.ModelMultipleChoiceField(
        queryset=judges_for_choice(),
        label=_("Visiting judges"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preset to the judges who score this entry in the field stage."),
    )
    contact_name = forms.CharField(
        label=_("Contact person at the agency"), required=False, max_length=150, help_text=_("Who receives the judges.")
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=40,
        validators=[phones.validate_phone_number],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("E.g. 0812-3456-7890."),
    )
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the agency should prepare; sent with the plan."),
    )

    @classmethod
    def initial_for(cls, visit: FieldVisit | None, assigned: list[int]) -> dict:
        if visit is None:
            return {"judges": assigned}
        local = timezone.localtime(visit.starts_at)
        return {
            "day": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "mode": visit.mode,
            "address": visit.address,
            "meeting_url": visit.meeting_url,
            "judges": [judge.pk for judge in visit.judges.all()],
            "contact_name": visit.contact_name,
            "contact_phone": phones.display(visit.contact_phone),
            "note": visit.note,
        }

    def clean_contact_phone(self):
        return phones.normalize(self.cleaned_data["contact_phone"].strip())

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = dt.datetime.combine(data["day"], data["time"], tzinfo=JAKARTA)
        place = place_problem(data.get("mode") or "", data.get("address") or "", data.get("meeting_url") or "")
        if place:
            self.add_error(*place)
        return data


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["text", "help_text", "position"]
        help_texts = {
            "text": _("A short statement the judges check, e.g. “Users confirm the benefit”."),
            "help_text": _("Shown under the item on the judges' phones."),
            "position": _("Items are listed from the lowest number; leave as it is to keep the order."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class ReportForm(forms.Form):
    """The checklist of the edition: a finding and a note per item, then the overall notes. `version` is the
    report's version the form was loaded with (two visiting judges may write at once)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    summary = forms.CharField(
        label=_("Overall notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("What the judges saw beyond the checklist: strengths, doubts, what to ask the agency."),
    )

    def __init__(self, *args, items: list[ChecklistItem], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        summary = self.fields.pop("summary")
        for item in items:
            answer = answers.get(item.pk)
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=ChecklistVerdict.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                help_text=item.help_text,
                initial=answer.verdict if answer else None,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": item.text},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=answer.note if answer else "",
            )
        self.fields["summary"] = summary

    def item_rows(self):
        return [(item, self[f"verdict_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data[f"verdict_{item.pk}"] or "", self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        }


class TestimonyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), required=False, max_length=150, help_text=_("Optional: leave empty if the person prefers.")
    )
    relation = forms.CharField(
        label=_("Who they are"),
        required=False,
        max_length=150,
        help_text=_("E.g. service user, village head, partner."),
    )
    statement = forms.CharField(label=_("What they said"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=_("The person agreed that what they said is recorded in the report"),
        error_messages={"required": _("Ask the person first: a testimony is recorded only with their consent.")},
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
        help_text=_("A JPEG or PNG photo, at most %(size)s. Only the time it was taken is kept from the camera."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300, help_text=_("What the photo shows."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = self.fields["photo"].help_text % {"size": filesizeformat(photos.max_bytes())}

    def clean_photo(self):
        return photos.clean_visit_photo(self.cleaned_data["photo"])


class ConfirmReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
