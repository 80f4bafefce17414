"""Error pages in the portal's look. They render without a database query so they work when it is down."""

from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ERRORS = {
    400: (_("Bad request"), _("The portal could not understand the request. Go back and try again.")),
    403: (
        _("Access denied"),
        _("Your account may not open this page. Log in with another account or go back."),
    ),
    404: (_("Page not found"), _("The page does not exist or is not available to you. Check the address.")),
    500: (
        _("Something went wrong"),
        _("The portal hit an error. It has been logged; please try again later."),
    ),
}


def _render(request, code):
    title, message = ERRORS[code]
    return render(request, "errors/error.html", {"code": code, "title": title, "message": message}, status=code)


def bad_request(request, exception=None):
    return _render(request, 400)


def permission_denied(request, exception=None):
    return _render(request, 403)


def page_not_found(request, exception=None):
    return _render(request, 404)


def server_error(request):
    # No request context: context processors may need the database, which may be what failed.
    title, message = ERRORS[500]
    html = loader.render_to_string(
        "errors/error.html",
        {"code": 500, "title": title, "message": message, "LANGUAGE_CODE": get_language()},
    )
    return HttpResponseServerError(html)


def preview(request, code):
    if code not in ERRORS:
        raise Http404
    return _render(request, code)
