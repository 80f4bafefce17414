"""Every form field the portal defines itself refuses what Django's own fields refuse, with a message: hostile text
(NUL bytes, huge strings, unicode tricks) given to its clean() either passes or raises ValidationError, never
another exception (which a view would answer with a 500), and a NUL byte is always refused.

The list of fields is found, not written down: every forms.Field subclass in the portal's modules, and the form
field of every model field subclass they define. A new custom field fails the first test until it is added here.
"""

import importlib
import pkgutil
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import given

from competitions.agency_field import AgencySearchField
from competitions.models import Agency
from core.phones import PhoneNumberField
from judging.forms import ScoreField
from judging.schedule.forms import SlotTimeField
from proposals.forms import HttpsURLField
from tests import factories
from tests.test_fuzz_forms import FUZZ, HOSTILE, scalar

APPS = ("core", "competitions", "proposals", "judging", "publication")


def portal_classes(base: type) -> set[type]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in APPS:
                found.add(sub)
    return found


def agency_search(value):
    return {"pk": "", "q": value}


def agency_pick(value):
    return {"pk": value, "q": None}


# Each custom field, built as the portal builds it, with the ways a posted value reaches its clean().
FIELDS = {
    AgencySearchField: (lambda: AgencySearchField(Agency.objects.all()), (agency_search, agency_pick)),
    HttpsURLField: (HttpsURLField, (str,)),
    PhoneNumberField: (lambda: PhoneNumberField(blank=True).formfield(), (str,)),
    SlotTimeField: (
        lambda: SlotTimeField(sessions=[SimpleNamespace(pk=7)], choices=[("7:1789200000", "Senin 08.00")]),
        (str,),
    ),
    ScoreField: (
        lambda: ScoreField(SimpleNamespace(name="Dampak", max_score=100, weight=10), step=Decimal("0.5")),
        (str,),
    ),
}


def test_every_custom_field_is_fuzzed():
    assert portal_classes(forms.Field) | portal_classes(models.Field) == set(FIELDS)


def refusal(field: forms.Field, value) -> list[str] | None:
    """The messages `field` refuses `value` with, None when it takes it (any other exception fails the test)."""
    try:
        field.clean(value)
    except ValidationError as error:
        return error.messages
    return None


def cleans_or_refuses(field: forms.Field, value) -> None:
    messages = refusal(field, value)
    assert messages is None or (messages and all(message.strip() for message in messages))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FIELDS, ids=lambda kind: kind.__name__)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_are_cleaned_or_refused_with_a_message(kind, text):
    factories.AgencyFactory(name="Dinas Kesehatan Provinsi Jawa Timur", short_name="Dinkes")
    build, shapes = FIELDS[kind]
    for shape in shapes:
        cleans_or_refuses(build(), shape(text))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FIELDS, ids=lambda kind: kind.__name__)
def test_a_nul_byte_is_refused_as_djangos_own_fields_refuse_it(kind):
    factories.AgencyFactory(name="Dinas Kesehatan Provinsi Jawa Timur", short_name="Dinkes")
    build, shapes = FIELDS[kind]
    for shape in shapes:
        for text in ("\x00", "Dinkes\x00", "a\x00b"):
            with pytest.raises(ValidationError):
                build().clean(shape(text))


@pytest.mark.django_db
@FUZZ
@given(value=scalar)
def test_random_text_never_escapes_a_custom_field(value):
    for build, shapes in FIELDS.values():
        for shape in shapes:
            cleans_or_refuses(build(), shape(value))
