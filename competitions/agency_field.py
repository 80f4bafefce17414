"""Choosing one agency among ~1,000 without rendering them all: a search box that the server narrows.

A <select> of every agency cost ~100 ms on each page that offered it (1,000 agencies). The field is a text box
for part of the agency's name (or its short name); on save, one match is taken, several are listed as radio
buttons to pick from (the search box keeps its text), none is an error next to the field. It works without
JavaScript. A posted agency id (`agency=<pk>`, what the radio buttons send) is taken when it matches the searched
text, or when no text is posted at all, as the plain select used to accept.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SEARCH_SUFFIX = "_q"
SEARCH_HELP = _("Type part of the agency's name or its short name; when several match, you choose one.")
MAX_CANDIDATES = 20
SEARCH_MAX_LENGTH = 200  # longer than any agency's name
# What Django's own text fields refuse (a NUL byte cannot even reach PostgreSQL), refused before searching.
SEARCH_VALIDATORS = (ProhibitNullCharactersValidator(), MaxLengthValidator(SEARCH_MAX_LENGTH))


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18  # fits a 64-bit integer column


def _matches(agency, text: str) -> bool:
    text = text.casefold()
    return text in agency.name.casefold() or text in (agency.short_name or "").casefold()


class AgencySearchWidget(forms.Widget):
    template_name = "competitions/widgets/agency_search.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.candidates = []  # set by the field when a search matched several agencies
        self.chosen = None  # set by the field when the posted text or id resolved to one agency
        self.queryset = None  # set by the field: to name the agency of an unbound form's initial value

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.candidates, copy.chosen = [], None
        return copy

    def value_from_datadict(self, data, files, name):
        return {"pk": data.get(name) or "", "q": data.get(name + SEARCH_SUFFIX)}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, dict):  # bound: what was posted
            pk, text = value.get("pk") or "", value.get("q")
        else:  # unbound: the initial agency's id
            pk, text = value if value not in (None, "") else "", None
        pk = str(pk).strip()
        pk = pk if _is_id(pk) else ""  # whatever else was posted is not an id
        if self.chosen is not None:
            pk, text = self.chosen.pk, text if text is not None else self.chosen.name
        elif text is None and pk and self.queryset is not None:
            agency = self.queryset.model._default_manager.filter(pk=pk).only("name").first()
            text = agency.name if agency else ""
        widget = context["widget"]
        widget["search_name"] = name + SEARCH_SUFFIX
        widget["search_value"] = text or ""
        widget["pk"] = "" if self.candidates else str(pk)
        widget["candidates"] = self.candidates
        widget["chosen_pk"] = str(pk)
        return context


class AgencySearchField(forms.ModelChoiceField):
    widget = AgencySearchWidget
    default_error_messages = {
        **forms.ModelChoiceField.default_error_messages,
        "no_match": _("No agency matches “%(text)s”. Type part of its name or short name."),
        "several": _("%(count)s agencies match “%(text)s”: choose one below, or type more of the name."),
        "too_many": _(
            "%(count)s agencies match “%(text)s”: the first %(shown)s are listed below; type more of the name to "
            "narrow them."
        ),
    }

    def __init__(self, queryset, *, help_text="", **kwargs):
        help_text = format_lazy("{} {}", help_text, SEARCH_HELP) if help_text else SEARCH_HELP
        super().__init__(queryset, help_text=help_text, **kwargs)
        self.widget.queryset = self.queryset

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        if hasattr(self, "widget"):
            self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result.queryset
        return result

    def clean(self, value):
        if not isinstance(value, dict):
            value = {"pk": value, "q": None}
        pk, text = value.get("pk") or "", value.get("q")
        # No search box posted: the id alone, as a plain select.
        agency = super().clean(pk) if text is None else self._search(pk, text.strip())
        self.widget.chosen = agency
        return agency

    def _search(self, pk, text):
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        for validator in SEARCH_VALIDATORS:
            validator(text)
        pk = str(pk).strip()
        if _is_id(pk):
            picked = self.queryset.filter(pk=pk).first()
            if picked is not None and _matches(picked, text):
                return picked
        exact = list(self.queryset.filter(Q(name__iexact=text) | Q(short_name__iexact=text)).order_by("name")[:2])
        if len(exact) == 1:
            return exact[0]
        matches = self.queryset.filter(Q(name__icontains=text) | Q(short_name__icontains=text)).order_by("name")
        found = list(matches[: MAX_CANDIDATES + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(self.error_messages["no_match"], code="no_match", params={"text": text})
        self.widget.candidates = found[:MAX_CANDIDATES]
        if len(found) > MAX_CANDIDATES:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"text": text, "count": matches.count(), "shown": MAX_CANDIDATES},
            )
        raise ValidationError(
            self.error_messages["several"], code="several", params={"text": text, "count": len(found)}
        )

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        pk = data.get("pk") if isinstance(data, dict) else data
        return str(self.prepare_value(initial) or "") != str(pk or "")
