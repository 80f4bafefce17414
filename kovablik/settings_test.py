"""Settings for the test suite: the real settings with a throwaway SECRET_KEY (tests never run with DEBUG on)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789abcdef")

from .settings import *  # noqa: E402,F403

# Serve static files from the finders without collectstatic, as runserver does in development.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Login throttling is switched on in the tests that prove it (tests/competitions/test_security.py).
AXES_ENABLED = False

# Each test process keeps its own cache; tests that need it empty clear it.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks run as soon as they are enqueued (after the commit); tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
