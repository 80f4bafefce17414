"""The portal's form renderer writes the commonest widgets without templates: the markup must be exactly what
Django's widget templates write, for every kind of value and attribute, escaping included."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from competitions.models import Region
from core.fast_widgets import FastRenderer
from tests.factories import RegionFactory


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="h", widget=forms.TextInput({"class": "form-control", "x": True}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    count = forms.IntegerField(min_value=1, max_value=100, widget=forms.NumberInput({"step": 1, "data-off": False}))
    ratio = forms.DecimalField(max_digits=5, decimal_places=2)
    day = forms.DateField(required=False, widget=forms.DateInput({"type": "date"}))
    agree = forms.BooleanField(required=False)
    text = forms.CharField(widget=forms.Textarea({"rows": 6, "placeholder": gettext_lazy("Name")}), required=False)
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", '<b>"q"</b>'), (3, gettext_lazy("Name"))])
    grouped = forms.ChoiceField(
        required=False, choices=[("", "All"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    safe = forms.CharField(required=False, widget=forms.TextInput({"title": mark_safe("<i>ok</i>")}))
    upload = forms.FileField(required=False)
    radio = forms.ChoiceField(required=False, choices=[("a", "A")], widget=forms.RadioSelect)
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("pk"), required=False, empty_label="Semua")


DATA = [
    None,
    {
        "name": '"><script>',
        "email": "a@b.c",
        "secret": "s&s",
        "hidden": "7",
        "count": "0",
        "ratio": "1.5",
        "day": "2026-02-30",
        "agree": "on",
        "text": "line\n<two> & 'three'",
        "kind": "b",
        "grouped": "y",
        "many": ["a", "b"],
        "safe": "x",
    },
    {"name": "", "count": "", "text": "", "kind": "3", "grouped": "", "agree": ""},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("initial", [{}, {"day": dt.date(2026, 8, 1), "count": 5, "ratio": 2, "agree": True}])
def test_fast_renderer_writes_the_markup_of_django_widget_templates(data, initial, db):
    RegionFactory(name="Kota <Batu> & Malang")
    RegionFactory(name="Kabupaten Gresik")
    plain = Everything(data, initial=initial, renderer=DjangoTemplates())
    fast = Everything(data, initial=initial, renderer=FastRenderer())
    if data:
        plain.is_valid()
        fast.is_valid()

    for name in Everything.base_fields:
        assert str(fast[name]) == str(plain[name]), name
    assert str(fast) == str(plain)


def test_fast_renderer_is_the_portal_s(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastRenderer)


class NoTemplates(FastRenderer):
    def get_template(self, template_name):
        raise AssertionError(f"rendered through {template_name}")


@pytest.mark.parametrize("data", DATA)
def test_inputs_text_areas_and_selects_need_no_template(data, db):
    RegionFactory(name="Kabupaten Gresik")
    form = Everything(data, renderer=NoTemplates())
    if data:
        form.is_valid()

    for name in (
        "name",
        "email",
        "url",
        "secret",
        "hidden",
        "count",
        "ratio",
        "day",
        "agree",
        "text",
        "kind",
        "many",
        "region",
    ):
        assert str(form[name]).startswith("<"), name
