"""What the portal's list filters share (django-filter FilterSets): one search box over several fields, and the
rule that a list is always filtered from the request's GET, so that a filter's default (e.g. "not sent yet")
applies to a visit without parameters too. A value that does not validate is shown as an error next to its field
and ignored; the other filters still apply."""

import django_filters
from django.db.models import Q


class SearchFilter(django_filters.CharFilter):
    """Rows where any of `fields` contains what was typed (case-insensitive); blank filters nothing."""

    def __init__(self, *, fields: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.search_fields = fields

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        found = Q()
        for field in self.search_fields:
            found |= Q(**{f"{field}__icontains": value})
        return queryset.filter(found)


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet for a list page: always bound to the GET parameters (none given = every filter blank)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
