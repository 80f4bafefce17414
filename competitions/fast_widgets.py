"""Inputs written by string formatting, with exactly the markup of Django's widget templates.

Pages with one input per row (a rank per entry on the awards page, a checkbox per entry on the shortlist) spent
most of their time rendering django/forms/widgets/input.html and attrs.html hundreds of times. These produce the
same characters: attributes in the same order, True as a bare attribute, False left out.
"""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def input_html(input_type, name, value, attrs) -> str:
    """What input.html renders for these values."""
    parts = [format_html('<input type="{}" name="{}"', input_type, name)]
    if value is not None:
        parts.append(format_html(' value="{}"', str(value)))
    for key, item in attrs.items():
        if item is False:
            continue
        parts.append(format_html(" {}", key) if item is True else format_html(' {}="{}"', key, str(item)))
    parts.append(">")
    return mark_safe("".join(parts))


class FastNumberInput(forms.NumberInput):
    def render(self, name, value, attrs=None, renderer=None):
        return input_html(self.input_type, name, self.format_value(value), self.build_attrs(self.attrs, attrs))


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Its options' `{{ choice.tag }}` (the checkbox alone, labelled elsewhere) without a template each."""

    def _render(self, template_name, context, renderer=None):
        widget = context.get("widget", {})
        if template_name == self.option_template_name and not widget.get("wrap_label"):
            return input_html(widget["type"], widget["name"], widget["value"], widget["attrs"])
        return super()._render(template_name, context, renderer)
