from django import template
from django.utils.html import format_html

from core import phones

register = template.Library()


@register.filter
def phone(value: str):
    """A stored phone number as a tap-to-call link in the format people read (0812-3456-7890)."""
    if not value:
        return ""
    if phones.parse(value) is None:
        return value  # an old value the library cannot read, shown as stored (escaped by the template)
    return format_html('<a href="tel:{}">{}</a>', phones.normalize(value), phones.display(value))
