"""What the portal's list filters share (django-filter FilterSets): one search box over several fields, and the
rule that a list is always filtered from the request's GET, so that a filter's default (e.g. "not sent yet")
applies to a visit without parameters too. A value that does not validate is shown as an error next to its field
and ignored; the other filters still apply."""

import django_filters
from django import forms
from django.db.models import Q

from .widgets import PlainSelect

MAX_SEARCH_WORDS = 10


class SearchFilter(django_filters.CharFilter):
    """Rows where any of `fields` contains what was typed (case-insensitive); blank filters nothing. With `words`,
    each word typed (at most MAX_SEARCH_WORDS) must be found in one of the fields, in any order."""

    def __init__(self, *, fields: tuple[str, ...], words: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.search_fields = fields
        self.by_word = words

    def filter(self, queryset, value):
        value = (value or "").strip()
        for part in value.split()[:MAX_SEARCH_WORDS] if self.by_word else [value] if value else []:
            found = Q()
            for field in self.search_fields:
                found |= Q(**{f"{field}__icontains": part})
            queryset = queryset.filter(found)
        return queryset


def compact(fields) -> None:
    """Small controls for filters rendered field by field in one row above a list, not through crispy: the search
    box (`q`) a text input, the others selects."""
    for name, field in fields.items():
        field.widget.attrs["class"] = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet for a list page: always bound to the GET parameters (none given = every filter blank). Its
    selects are PlainSelects (the same markup, a fraction of the cost for long lists of judges or agencies)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)

    @property
    def form(self):
        # Built on first use, after a subclass's __init__ has given its filters their choices.
        fresh = not hasattr(self, "_form")
        form = super().form
        if fresh:
            for field in form.fields.values():
                # A model choice field reads its options lazily from its queryset: it names its widget itself.
                if type(field.widget) is forms.Select and not isinstance(field, forms.ModelChoiceField):
                    field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        return form

    def keep(self, queryset, name, value):
        """The `method` of a filter the set applies itself (in filter_queryset or by choosing the queryset)."""
        return queryset


class CompactFilterSet(ListFilterSet):
    """Filters rendered in one compact row above a list (see `compact`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact(self.form.fields)
