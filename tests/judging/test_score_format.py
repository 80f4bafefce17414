"""score2 writes every score exactly as floatformat:2 does, in both languages, localized and not."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from judging.templatetags.score_tags import score2

VALUES = [
    None,
    "",
    0,
    7,
    -3,
    0.0,
    -0.0,
    -0.001,
    -0.005,
    0.005,
    2.675,
    1.005,
    12.345,
    99.995,
    100,
    1e-9,
    -1.2345,
    1 / 3,
    2 / 3,
    999.999,
    1234.5678,
    float("nan"),
    float("inf"),
    Decimal("12.345"),
    Decimal("-0.004"),
    Decimal("80.125"),
    Fraction(1, 3),
    "12.5",
    "abc",
    True,
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_score2_is_floatformat_2(language, value):
    with translation.override(language):
        assert score2(value) == floatformat(value, 2)
        assert score2(value, "u") == floatformat(value, "2u")


def test_score2_localizes_the_decimal_separator():
    with translation.override("id"):
        assert (score2(12.345), score2(12.345, "u")) == ("12,35", "12.35")
