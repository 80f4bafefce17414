from django import template
from django.utils.html import format_html

from core import phones

register = template.Library()


@register.filter
def phone(value: str):
    """A stored phone number as a tap-to-call link in the format people read (0812-3456-7890)."""
    if not value:
        return ""
    shown = phones.display(value)
    if phones.parse(value) is None:
        return shown
    return format_html('<a href="tel:{}">{}</a>', phones.normalize(value), shown)
