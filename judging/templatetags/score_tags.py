"""`score2`: a score with two decimals, exactly as `floatformat:2` writes it, in a fraction of its time.

The ranking pages write thousands of scores per page; floatformat's general path (Decimal context, localize,
number_format) was a tenth of their time. Ints, floats and Decimals take the short path below; anything else goes
to floatformat itself.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe

from judging.scoring import format_score

register = template.Library()

CENT = Decimal("0.01")
SHORT_PATH_LIMIT = Decimal(1000)  # below it no thousand separator can appear


@register.filter(is_safe=True)
def score2(value, arg=""):
    """`{{ x|score2 }}` is `{{ x|floatformat:2 }}`; `{{ x|score2:"u" }}` is `{{ x|floatformat:"2u" }}`."""
    unlocalized = arg == "u"
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return floatformat(value, "2u" if unlocalized else 2)
    try:
        number = Decimal(str(value))  # str() of a float is its repr, floatformat's own conversion
    except InvalidOperation:
        return floatformat(value, "2u" if unlocalized else 2)
    if not number.is_finite() or (abs(number) >= SHORT_PATH_LIMIT and settings.USE_THOUSAND_SEPARATOR):
        return floatformat(value, "2u" if unlocalized else 2)
    rounded = number.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{rounded if rounded else abs(rounded):f}"  # floatformat never writes -0.00
    if not unlocalized:
        separator = get_format("DECIMAL_SEPARATOR")
        if separator != ".":
            text = text.replace(".", separator)
    return mark_safe(text)  # noqa: S308 - digits, a sign and a separator only


@register.filter(is_safe=True)
def score(value):
    """`{{ value|score }}`: a criterion's score as judging.scoring.format_score writes it (88, or 88,5)."""
    return mark_safe(format_score(value))  # noqa: S308 - digits and a separator only
