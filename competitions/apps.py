from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import sqlite_functions
        from .audit import log_login_failure

        user_login_failed.connect(log_login_failure, dispatch_uid="competitions.audit.log_login_failure")
        sqlite_functions.connect()
