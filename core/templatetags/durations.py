"""Durations as people read them in the portal's pages."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int | None:
    """A timedelta in whole minutes, rounded up (a lockout of 29 minutes 30 seconds reads "30")."""
    if not isinstance(value, dt.timedelta):
        return None
    return -(-int(value.total_seconds()) // 60)
