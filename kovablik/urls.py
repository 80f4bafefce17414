from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as errors
from kovablik import health

urlpatterns = [
    # Answered by kovablik.health.HealthCheckMiddleware before any other middleware; named here for reverse().
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("competitions.urls")),
    path("", include("proposals.urls")),
    path("", include("judging.urls")),
    path("", include("publication.urls")),
    path("accounts/", include("competitions.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

if settings.DEBUG:
    urlpatterns += [path("_errors/<int:code>/", errors.preview, name="error_preview")]
