"""templates/django/forms/widgets/select.html writes each option in place instead of including a template per
option: the markup must stay exactly Django's, escaping, optgroups, multiple choice and lazy labels included."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from competitions.models import Region
from core.widgets import PlainSelect
from tests.factories import RegionFactory


class Selects(forms.Form):
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("b", '<b>"q"</b>'), (3, gettext_lazy("Name"))])
    grouped = forms.ChoiceField(required=False, choices=[("", "All"), ("Group <1>", [("x", "X"), ("y", "Y")])])
    many = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B"), ("c", "C")])
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("pk"), required=False, empty_label="Semua")
    titled = forms.ChoiceField(
        required=False, choices=[("a", "A")], widget=forms.Select({"class": "form-select", "title": mark_safe("<i>")})
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [None, {"kind": "b", "grouped": "y", "many": ["a", "c"], "titled": "a"}, {"kind": "3", "region": "x"}]
)
def test_the_portals_select_template_writes_djangos_markup(data):
    RegionFactory(name="Kota <Malang>")
    RegionFactory(name="Kabupaten Kediri")
    if data and "region" in data:
        data = {**data, "region": str(Region.objects.order_by("pk").first().pk)}
    form = Selects(data)
    stock = DjangoTemplates()
    for name in form.fields:
        field = form[name]
        ours = field.field.widget.render(field.html_name, field.value(), attrs={"id": field.auto_id})
        theirs = field.field.widget.render(field.html_name, field.value(), attrs={"id": field.auto_id}, renderer=stock)
        assert ours == theirs, name


@pytest.mark.django_db
@pytest.mark.parametrize("value", [None, "", "b", "3", "zz"])
def test_the_plain_select_writes_djangos_markup(value):
    choices = [("", "Semua"), ("a", "A & B"), ("b", '<b>"q"</b>'), (3, gettext_lazy("Name"))]
    attrs = {"id": "id_kind", "class": "form-select form-select-sm", "aria-describedby": "id_kind_helptext"}
    plain = PlainSelect(choices=choices).render("kind", value, attrs=dict(attrs))
    stock = forms.Select(choices=choices).render("kind", value, attrs=dict(attrs), renderer=DjangoTemplates())
    assert plain == stock


def test_the_plain_select_leaves_grouped_choices_to_django():
    choices = [("", "All"), ("Group <1>", [("x", "X"), ("y", "Y")])]
    plain = PlainSelect(choices=choices).render("g", "y")
    assert plain == forms.Select(choices=choices).render("g", "y", renderer=DjangoTemplates())
