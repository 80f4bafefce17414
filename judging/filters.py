"""The judging audit's filters (see core/filters.py): what was done, in which stage, about which judge, when."""

import datetime as dt

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competitions.models import Judge, start_of_day_jakarta
from core.filters import ListFilterSet
from core.models import ActionLog
from core.widgets import PlainSelect

from .enums import ACTION_PREFIX
from .models import ConflictDeclaration, Panel, StageRound


class AuditFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("The last day is before the first day."))
        return data


def _date_filter(label, help_text):
    return django_filters.DateFilter(
        label=label, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"}), method="keep"
    )


class AuditFilter(ListFilterSet):
    """The edition's judging audit entries, newest first. `stages` are the edition's stages, `actions` the
    (code, label) choices of judging's audit codes, `judges` the edition's panel judges."""

    action = django_filters.ChoiceFilter(
        label=_("Action"), help_text=_("What was done."), field_name="action_type", empty_label=_("All actions")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), help_text=_("The stage it happened in."), empty_label=_("All stages"), method="keep"
    )
    judge = django_filters.ModelChoiceFilter(
        label=_("Judge"),
        queryset=Judge.objects.none(),
        help_text=_("The judge whose scores, assignment or conflict it concerns."),
        empty_label=_("All judges"),
        method="filter_judge",
        widget=PlainSelect,
    )
    date_from = _date_filter(_("From"), _("First day."))
    date_to = _date_filter(_("Until"), _("Last day."))

    class Meta:
        model = ActionLog
        fields = []
        form = AuditFilterForm

    def __init__(self, data=None, *, edition, stages, actions, judges, **kwargs):
        self.edition, self.stages = edition, stages
        queryset = ActionLog.objects.filter(action_type__startswith=ACTION_PREFIX).select_related("actor")
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["action"].extra["choices"] = actions
        self.filters["stage"].extra["choices"] = [(stage.kind, stage.get_kind_display()) for stage in stages]
        self.filters["judge"].queryset = judges
        self.content_types = ContentType.objects.get_for_models(Panel, ConflictDeclaration, Judge, StageRound)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset).filter(self.in_edition(data.get("stage")))
        if data.get("date_from"):
            queryset = queryset.filter(timestamp__gte=start_of_day_jakarta(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(timestamp__lt=start_of_day_jakarta(data["date_to"] + dt.timedelta(days=1)))
        return queryset.order_by("-timestamp", "-pk")

    def in_edition(self, stage_kind: str | None) -> Q:
        if stage_kind:
            # Entries of one of the edition's stages: that alone places them in the edition (and reading one JSON
            # key fewer per row is most of a filtered page's time on a large log).
            stage = next(stage for stage in self.stages if stage.kind == stage_kind)
            return Q(data__stage=stage.pk)
        panels = Panel.objects.filter(edition=self.edition).values_list("pk", flat=True)
        conflicts = ConflictDeclaration.objects.filter(proposal__edition=self.edition).values_list("pk", flat=True)
        return (
            Q(data__stage__in=[stage.pk for stage in self.stages])
            | Q(content_type=self.content_types[Panel], object_id__in=[str(pk) for pk in panels])
            | Q(content_type=self.content_types[ConflictDeclaration], object_id__in=[str(pk) for pk in conflicts])
        )

    def filter_judge(self, queryset, name, judge):
        return queryset.filter(
            Q(data__judge=judge.pk)
            | Q(data__replaced=judge.pk)
            | Q(content_type=self.content_types[Judge], object_id=str(judge.pk))
            | Q(data__judges__has_key=str(judge.pk))
        )
