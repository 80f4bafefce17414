"""Inputs written by string formatting, with exactly the markup of Django's widget templates.

Pages with one input per row (a rank per entry on the awards page, a checkbox per entry on the shortlist) spent
most of their time rendering django/forms/widgets/input.html and attrs.html hundreds of times. These produce the
same characters: attributes in the same order, True as a bare attribute, False left out.
"""

from html import escape

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
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
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above (html.escape or format_html)


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


# --- Every form of the portal: the renderer ---------------------------------------------------------------------------

W = "django/forms/widgets/"
# Widget templates that are exactly `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    W + name + ".html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
PLAIN = (str, int, float, Promise)
# A ModelChoiceField's option values print as their primary key, as in the template.
OPTION_VALUES = (*PLAIN, ModelChoiceIteratorValue)


def _plain(attrs) -> bool:
    return all(isinstance(value, PLAIN) or value is True or value is False for value in attrs.values())


def _escape(value) -> str:
    """conditional_escape without its SafeString wrapping (a select of hundreds of options called it per option
    and attribute): html.escape for text, as Django's escape; a safe value's own markup."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _attrs_html(attrs) -> str:
    parts = []
    for key, item in attrs.items():
        if item is False:
            continue
        parts.append(f" {_escape(key)}" if item is True else f' {_escape(key)}="{_escape(str(item))}"')
    return "".join(parts)


def _option_html(option) -> str:
    return (
        f'<option value="{_escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
        f"{_escape(option['label'])}</option>\n"
    )


def _fast(template_name: str, context) -> str | None:
    """The markup of Django's own widget template for `context`, or None when the values are not plain enough to be
    sure of it (the template renders those)."""
    widget = context.get("widget") if isinstance(context, dict) else None
    if not isinstance(widget, dict) or not _plain(widget.get("attrs", {})):
        return None
    if template_name in INPUT_TEMPLATES:
        value = widget.get("value")
        if value is not None and not isinstance(value, PLAIN):
            return None
        return input_html(widget["type"], widget["name"], value, widget["attrs"])
    if template_name == W + "textarea.html":
        value = widget.get("value")
        if value and not isinstance(value, (str, Promise)):
            return None
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            mark_safe(_attrs_html(widget["attrs"])),  # noqa: S308 - _attrs_html escapes each value
            value or "",
        )
    if template_name == W + "select.html":
        parts = [format_html('<select name="{}"', widget["name"]), _attrs_html(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name and not isinstance(group_name, (str, Promise)):
                return None
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                if (
                    option.get("template_name") != W + "select_option.html"
                    or not isinstance(option["value"], OPTION_VALUES)
                    or not isinstance(option["label"], (str, Promise))
                    or not _plain(option["attrs"])
                ):
                    return None
                parts.append("\n  " + _option_html(option))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above (html.escape or format_html)
    return None


class FastRenderer(DjangoTemplates):
    """Django's form renderer, but the commonest widgets (inputs, text areas, selects and their options) are written
    by string formatting with their templates' exact markup: a form page rendered each of its inputs, and each
    option of its selects, through two or three templates."""

    def render(self, template_name, context, request=None):
        html = _fast(template_name, context)
        return html if html is not None else super().render(template_name, context, request=request)
