from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal stands on: the audit log, outgoing mail, background jobs, caching, phone
    numbers and the error pages. It imports none of the domain apps (tests/test_architecture.py)."""

    name = "core"
    verbose_name = _("Portal infrastructure")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import lockouts, order, sqlite_functions  # noqa: F401 (lockouts and order register their audited actions)
        from .audit import log_login_failure

        user_login_failed.connect(log_login_failure, dispatch_uid="core.audit.log_login_failure")
        sqlite_functions.connect()
