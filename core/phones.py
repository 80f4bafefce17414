"""Phone numbers, stored in one format (E.164, e.g. +6281234567890) and shown as Indonesians write them.

Innovators and catalogue contacts type numbers every way (0812-3456-7890, +62 812 3456 7890, (031) 352 0881);
phonenumbers reads them with Indonesia as the default region, so a number without a country code is Indonesian.
A value the library cannot read as a valid number is refused by the forms; values stored before this rule that it
still cannot read are kept as they are, never lost.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "ID"


def parse(value: str) -> phonenumbers.PhoneNumber | None:
    """The valid number `value` spells, or None."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalize(value: str) -> str:
    """`value` in E.164 when it is a valid number, else `value` unchanged (blank stays blank)."""
    number = parse(value) if value else None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else value


def display(value: str) -> str:
    """How the portal shows a stored number: national format for Indonesian numbers (0812-3456-7890), international
    for others (+65 8123 4567); anything unreadable as it was stored."""
    number = parse(value) if value else None
    if number is None:
        return value
    national = phonenumbers.region_code_for_number(number) == DEFAULT_REGION
    style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def spellings(value: str) -> set[str]:
    """The ways people write the stored number `value` (for finding it in free text): +6281234567890,
    6281234567890, 081234567890, 0812-3456-7890, +62 812-3456-7890; or `value` alone when it is unreadable."""
    number = parse(value) if value else None
    if number is None:
        return {value} if value else set()
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = "".join(character for character in national if character.isdigit())
    return {e164, e164.lstrip("+"), national, international, digits}


def validate_phone_number(value: str) -> None:
    if value and parse(value) is None:
        raise ValidationError(
            _(
                "Enter a valid phone number, e.g. 0812-3456-7890 or (031) 352 0881; add the country code for a number "
                "outside Indonesia."
            ),
            code="invalid_phone",
        )


class PhoneNumberField(models.CharField):
    """A CharField that accepts valid phone numbers only and stores them in E.164: on every save, update and lookup
    (so a search for 0812-3456-7890 finds +6281234567890)."""

    default_validators = [validate_phone_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        attrs = {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
        return super().formfield(**{"widget": forms.TextInput(attrs=attrs), **kwargs})

    def pre_save(self, model_instance, add):
        # The saved instance holds what the database holds.
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            setattr(model_instance, self.attname, normalize(value))
        return super().pre_save(model_instance, add)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize(value) if isinstance(value, str) else value
