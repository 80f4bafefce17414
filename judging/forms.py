"""Forms of the judging pages. They validate input; the services in judging.services decide and write."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from competitions.enums import GroupKind
from competitions.models import Judge

from .models import StageRound
from .scoring import format_score
from .services import score_step_message

NOTE_MAX_LENGTH = 4000


SCORE_TEXT = re.compile(r"^\s*(\d{1,4})(?:[.,](\d{1,2}))?\s*$")


class ScoreField(forms.Field):
    """A criterion's score: 0..max_score in the edition's step (whole numbers, or halves), typed with a decimal
    comma (88,5) or point (88.5) whatever the page's language — a score never has a thousands separator. The value
    is shown in the page's language; static/judging/score.js reads the same two forms for the live total."""

    def __init__(self, criterion, *, step: Decimal, **kwargs):
        self.maximum, self.step = criterion.max_score, step
        if step == 1:
            scale = _("whole numbers from 0 to %(max)s") % {"max": criterion.max_score}
        else:
            scale = _("0 to %(max)s in steps of %(step)s") % {
                "max": criterion.max_score,
                "step": number_format(step, decimal_pos=1),
            }
        super().__init__(
            label=criterion.name,
            required=False,
            help_text=_("%(scale)s · weight %(weight)s%%") % {"scale": scale, "weight": criterion.weight},
            widget=forms.TextInput(
                attrs={
                    "inputmode": "decimal" if step != 1 else "numeric",
                    "autocomplete": "off",
                    "maxlength": 7,
                    "class": "form-control score-input",
                    "data-weight": criterion.weight,
                    "data-max": criterion.max_score,
                    "data-step": "0.5" if step != 1 else "1",
                }
            ),
            **kwargs,
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        match = SCORE_TEXT.match(str(value))
        if match is None:
            raise ValidationError(_("Type a number, e.g. %(example)s.") % {"example": self.example()}, code="invalid")
        whole, fraction = match.groups()
        return Decimal(f"{whole}.{fraction or 0}")

    def example(self) -> str:
        return number_format(Decimal("88.5"), decimal_pos=1) if self.step != 1 else "88"

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value % self.step:
            raise ValidationError(score_step_message(self.step), code="step")
        if not 0 <= value <= self.maximum:
            raise ValidationError(_("Give a score from 0 to %(max)s.") % {"max": self.maximum}, code="range")

    def prepare_value(self, value):
        """A stored or cleaned score in the page's language: 88 or 88,5 (the typed text is shown as typed)."""
        if isinstance(value, int | Decimal):
            return format_score(value)
        return value


class ScoreSheetForm(forms.Form):
    """A score (0..max) and a note per criterion, an overall note, and the sheet version the page was loaded at.

    Field names are `score_<criterion id>` and `note_<criterion id>`; `rows` pairs them per criterion for the
    template, each input carrying the criterion's weight and maximum for the live total (static/judging/score.js).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    overall_note = forms.CharField(
        label=_("Overall note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your overall judgement of the entry: strengths, weaknesses, what would make it better."),
    )

    def __init__(self, *args, criteria, step: Decimal = Decimal(1), disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = ScoreField(criterion, step=step)
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=criterion.description or _("What supports your score (optional)."),
            )
        self.fields["overall_note"].widget.attrs["class"] = "form-control"
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    @property
    def rows(self):
        return [(criterion, self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"]) for criterion in self.criteria]

    def values(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"note_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    @staticmethod
    def initial_for(sheet_values: dict[int, tuple[int | None, str]], *, version: int, overall_note: str) -> dict:
        initial = {"version": version, "overall_note": overall_note}
        for criterion_id, (value, note) in sheet_values.items():
            initial[f"score_{criterion_id}"] = value
            initial[f"note_{criterion_id}"] = note
        return initial


class SubmitScoresForm(forms.Form):
    """Confirms a submit of the sheet as saved at `version`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot judge this entry impartially"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: you worked for or advised the agency, a relative works there, or you helped write the "
            "proposal. Organizers read this; the agency does not."
        ),
    )


class PanelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("For example: Panel Kelompok Umum."))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: expertise or remarks about this panel."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups judged by this panel"),
        choices=GroupKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Entries of these groups are assigned to this panel's judges. A group may have several panels."),
    )
    judges = forms.ModelMultipleChoiceField(
        label=_("Judges"),
        queryset=Judge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A judge may sit on several panels. Judges are added as people with the judge role."),
    )

    # The page shows one page of judges (a search narrows them): it posts the ticked ones as `judges` and every one
    # it showed as `judges_shown`. Members it did not show stay members.
    SHOWN = "judges_shown"

    def __init__(self, *args, judges_queryset, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = judges_queryset
        self.fields["judges"].label_from_instance = judge_label
        self.members = set(members)

    def shown_ids(self) -> set[int] | None:
        """The judges the posting page showed, or None when it did not say (a post of the full list)."""
        if not self.is_bound or self.SHOWN not in self.data:
            return None
        return {int(value) for value in self.data.getlist(self.SHOWN) if value.isascii() and value.isdigit()}

    def clean_judges(self):
        chosen = {judge.pk for judge in self.cleaned_data["judges"]}
        shown = self.shown_ids()
        if shown is None:
            return sorted(chosen)
        return sorted(chosen | (self.members - shown))


def judge_label(judge: Judge) -> str:
    name = judge.user.get_full_name() or judge.user.get_username()
    where = judge.agency.name if judge.agency_id else judge.affiliation
    return f"{name} — {where}" if where else name


class AddJudgeForm(forms.Form):
    judge = forms.ModelChoiceField(
        label=_("Judge"),
        queryset=Judge.objects.none(),
        help_text=_("A judge with a conflict of interest is refused, with the reason."),
    )

    def __init__(self, *args, judges_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges_queryset
        self.fields["judge"].label_from_instance = judge_label


class ReopenScoresForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the scores are reopened"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log; the judge can then correct and submit again."),
    )


class RoundSettingsForm(forms.ModelForm):
    class Meta:
        model = StageRound
        fields = ["can_score", "blind", "see_other_scores_after_close", "judges_per_entry", "disagreement_threshold"]

    # A spread is a standard deviation of totals on 0-100, and an entry needs at least one judge: the model's
    # columns would take more (999.99, 0), which no organizer means.
    LIMITS = {"judges_per_entry": (1, None), "disagreement_threshold": (0, 100)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (lowest, highest) in self.LIMITS.items():
            field = self.fields[name]
            if lowest is not None:
                field.validators.append(MinValueValidator(lowest))
                field.widget.attrs["min"] = lowest
            if highest is not None:
                field.validators.append(MaxValueValidator(highest))
                field.widget.attrs["max"] = highest
