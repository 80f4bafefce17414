from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLanguageMiddleware:
    """Indonesian first: the portal speaks Indonesian unless the visitor chose English with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials' browsers are set to
    English; the explicit choice (a cookie set by the set_language view) is the only thing that switches.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ServedByMiddleware:
    """Names the app server in an `X-Served-By` header when KOVABLIK_INSTANCE is set (e.g. "app1")."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.instance = settings.KOVABLIK_INSTANCE

    def __call__(self, request):
        response = self.get_response(request)
        if self.instance:
            response["X-Served-By"] = self.instance
        return response
