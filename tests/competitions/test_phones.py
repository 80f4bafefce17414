"""Phone numbers are stored in one format (E.164) and shown as Indonesians write them."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from core import phones
from proposals.models import Proposal
from tests.factories import ProposalFactory


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("081234567890", "+6281234567890", "0812-3456-7890"),
        ("0812 3456 7890", "+6281234567890", "0812-3456-7890"),
        ("+62 812-3456-7890", "+6281234567890", "0812-3456-7890"),
        ("(031) 352 0881", "+62313520881", "(031) 3520881"),
        ("+65 8123 4567", "+6581234567", "+65 8123 4567"),
    ],
)
def test_a_number_is_stored_in_e164_and_shown_in_the_national_format(typed, stored, shown):
    assert phones.normalize(typed) == stored
    assert phones.display(stored) == shown
    phones.validate_phone_number(typed)


@pytest.mark.parametrize("typed", ["0812", "12", "nomor kantor", "+62 0"])
def test_a_number_that_cannot_be_called_is_refused(typed):
    with pytest.raises(ValidationError):
        phones.validate_phone_number(typed)
    assert phones.normalize(typed) == typed  # an unreadable old value is kept, never lost


@pytest.mark.django_db
def test_every_write_and_lookup_uses_the_stored_format():
    proposal = ProposalFactory(innovator_phone="0812-3456-7890")
    assert proposal.innovator_phone == "+6281234567890"
    Proposal.objects.filter(pk=proposal.pk).update(innovator_phone="0813 1111 2222")

    assert Proposal.objects.get(pk=proposal.pk).innovator_phone == "+6281311112222"
    assert Proposal.objects.filter(innovator_phone="081311112222").get() == proposal


def test_the_page_shows_a_tap_to_call_link_and_leaves_unreadable_values_as_they_are():
    rendered = Template("{% load phones %}{{ a|phone }}|{{ b|phone }}|{{ c|phone }}").render(
        Context({"a": "+6281234567890", "b": "ext. 12 <b>", "c": ""})
    )
    assert rendered == '<a href="tel:+6281234567890">0812-3456-7890</a>|ext. 12 &lt;b&gt;|'


def test_a_number_is_found_in_free_text_however_it_was_written():
    assert phones.spellings("+6281234567890") >= {
        "+6281234567890",
        "6281234567890",
        "081234567890",
        "0812-3456-7890",
        "+62 812-3456-7890",
    }
