"""Forms of the publication pages. They validate input; publication.awards.services decides and writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publication.awards import services
from publication.enums import REASON_MAX_LENGTH, AwardKind, NationalOutcome


class ConfirmForm(forms.Form):
    """A confirmation without input (the POST of a confirm page)."""


def reason_field(label, help_text, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class PrefillForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Ranking used"),
        choices=[("raw", _("Raw scores")), ("normalized", _("Normalized scores (z-scores per judge)"))],
        help_text=_("The order of the final ranking the Top N of each group are taken from."),
    )


class GroupAwardsForm(forms.Form):
    """A group's Top N as an ordered list: a rank per entry, empty for the entries without a place."""

    reason = reason_field(
        _("Reason for departing from the ranking"),
        _("Required when the places are not exactly the first N of the final ranking; kept with the decision."),
        required=False,
    )

    def __init__(
        self,
        *args,
        candidates: list[tuple[int, str, int | None]],
        winners_count: int,
        refused: list[int] | None = None,
        **kwargs,
    ):
        """`candidates`: (proposal id, label, current rank or None) of the rows shown, in their order. `refused`:
        proposal ids the POST gives a place to that are not awardable entries of the group (a stale page or a forged
        field); the form is then invalid and says so."""
        super().__init__(*args, **kwargs)
        self.winners_count = winners_count
        self.refused = refused or []
        self.rank_fields = []
        help_text = _("Place 1–%(count)s, or empty for no place.") % {"count": winners_count}
        for proposal_id, label, rank in candidates:
            name = f"rank_{proposal_id}"
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=winners_count,
                initial=rank,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm rank-input"}),
                help_text=help_text,
            )
            self.rank_fields.append((proposal_id, name))
        self.order_fields([name for _pid, name in self.rank_fields] + ["reason"])

    def clean(self):
        data = super().clean()
        if self.refused:
            self.add_error(
                None,
                _(
                    "A place was given to an entry that cannot hold one in this group (entry no. %(ids)s): it is not "
                    "an entry of this group that passed screening and is not disqualified, or it changed since the "
                    "page was loaded. Check the places below and save again."
                )
                % {"ids": ", ".join(str(pk) for pk in self.refused)},
            )
        ranks = [(data.get(name), proposal_id) for proposal_id, name in self.rank_fields if data.get(name)]
        seen = {}
        for rank, proposal_id in ranks:
            if rank in seen:
                self.add_error(f"rank_{proposal_id}", _("Place %(rank)s is given to two entries.") % {"rank": rank})
            seen[rank] = proposal_id
        data["chosen"] = [proposal_id for _rank, proposal_id in sorted(ranks)]
        return data


class FindEntryForm(forms.Form):
    """The group page's "Find another entry" (GET): awardable entries matching a title or agency name become extra
    rows of the places form."""

    q = forms.CharField(
        label=_("Find another entry"),
        required=False,
        max_length=100,
        help_text=_("Part of the innovation's title or of the agency's name. Save the places you typed first."),
    )


class ExtraAwardForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(AwardKind.SPECIAL, AwardKind.SPECIAL.label), (AwardKind.NOMINATION, AwardKind.NOMINATION.label)],
        help_text=_("A named award (e.g. best regency/city) or a nomination."),
    )
    title = forms.CharField(
        label=_("Award title"),
        max_length=200,
        help_text=_("As it is announced, e.g. 'Kabupaten/Kota Terbaik' or 'Inovasi Favorit'."),
    )
    proposal = forms.ModelChoiceField(
        label=_("Recipient innovation"),
        queryset=None,
        help_text=_("An entry of this edition that passed screening and is not disqualified."),
    )
    reason = reason_field(
        _("Why this recipient"), _("Optional; kept with the award for the jury's records."), required=False
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = lambda p: f"{p.title} — {p.agency.name}"


class UnpublishForm(forms.Form):
    reason = reason_field(
        _("Reason for withdrawing the results"),
        _("Kept in the audit trail. The awards become drafts again and the public pages stop showing them."),
    )


class RevokeForm(forms.Form):
    reason = reason_field(
        _("Reason for revoking"),
        _("Kept with the award. Its certificate will verify as revoked from today."),
    )


class DisqualifyForm(forms.Form):
    reason = reason_field(
        _("Reason for disqualifying"),
        _("Kept with the entry. Its published awards are revoked and it can no longer receive one."),
    )


class NationalTrackForm(forms.Form):
    year = forms.IntegerField(
        label=_("National competition year"),
        min_value=2014,
        max_value=2100,
        help_text=_("The year of the KIPP round the innovation was nominated to."),
    )
    outcome = forms.ChoiceField(
        label=_("National outcome"),
        choices=NationalOutcome.choices,
        help_text=_(
            "Keep 'outcome pending' until the ministry announces it. Kelompok Khusus entries compete in the "
            "national special group (Top 15, Top 5 Outstanding Achievement), the others in the general group "
            "(Top 99, Top 45 Top Inovasi Terpuji)."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=300, help_text=_("Optional, shown publicly with the outcome.")
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["outcome"].choices = [
            (outcome.value, outcome.label) for outcome in services.national_outcomes_for(proposal)
        ]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if refusal := services.national_year_refusal(self.proposal, year):
            raise ValidationError(refusal)
        return year
