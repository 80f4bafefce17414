"""A select for long, flat lists of plain choices (a filter's judges, agencies or regions).

Django's Select builds a dict of attributes per option and renders each through its template loop with a nested
attribute loop: ~33 µs an option, 20 ms for a filter of 600 judges. This one hands its template (value, label,
selected) triples, which the template writes as the same <option> markup Django's own select writes for options
without attributes of their own. Grouped choices fall back to Django's Select.
"""

from django import forms


class PlainSelect(forms.Select):
    template_name = "core/widgets/plain_select.html"

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _value, label in self.choices):  # optgroups: Django's own
            return self._render(forms.Select.template_name, self.get_context(name, value, attrs), renderer)
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = {str(item) for item in context["widget"]["value"]}
        context["widget"]["options"] = [
            (str(option_value), option_label, str(option_value) in chosen)
            for option_value, option_label in self.choices
        ]
        return self._render(self.template_name, context, renderer)
