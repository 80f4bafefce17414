from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        from competitions.audit import register_actions

        from .audit import ACTION_DESCRIPTIONS

        register_actions(ACTION_DESCRIPTIONS)
