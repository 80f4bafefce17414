"""The portal's URLs plus the bench's floor; used as ROOT_URLCONF by the bench only, never in production."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from kovablik.urls import handler400, handler403, handler404, handler500  # noqa: F401

from .runner import FLOOR_URL_NAME

# One line, rendered with the request so the context processors run as they do for every portal page.
FLOOR_TEMPLATE = engines["django"].from_string("<p>{{ message }}</p>\n")


def floor(request):
    """The cheapest page the portal can serve: what every other page is measured against."""
    return HttpResponse(FLOOR_TEMPLATE.render({"message": "floor"}, request))


urlpatterns = [
    path("__bench__/floor/", floor, name=FLOOR_URL_NAME),
    path("", include("kovablik.urls")),
]
