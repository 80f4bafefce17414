"""Forms of the organizer's ranking, shortlist and judging audit pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import ranking

VIEW_CHOICES = [(ranking.RAW, _("Raw scores")), (ranking.NORMALIZED, _("Normalized scores (z-scores per judge)"))]
REASON_MAX_LENGTH = 2000


class ShortlistForm(forms.Form):
    """The shortlist of a group: the entries to advance (prefilled with the top N of the ranking)."""

    top = forms.IntegerField(
        label=_("Number of entries (top N)"),
        min_value=1,
        max_value=2000,
        help_text=_("Fills the selection with the first N entries of the ranking; change single entries below."),
    )
    view = forms.ChoiceField(
        label=_("Ranking used"),
        choices=VIEW_CHOICES,
        help_text=_("The order the top N is taken from."),
    )
    chosen = forms.TypedMultipleChoiceField(
        label=_("Entries to advance"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only entries with a stage result (every judge submitted) can advance."),
    )

    def __init__(self, *args, candidates: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = candidates


class ShortlistConfirmForm(ShortlistForm):
    reason = forms.CharField(
        label=_("Reason for departing from the ranking"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the selection is not exactly the top N of the ranking; kept with the decision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["top"].required = False
        for name in ("top", "view", "chosen"):
            self.fields[name].widget = (
                forms.MultipleHiddenInput()
                if name == "chosen"
                else forms.HiddenInput(attrs={"id": f"id_hidden_{name}"})
            )
