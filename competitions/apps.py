from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from core.actions import register_actions

        from .audit import ACTION_DESCRIPTIONS

        register_actions(ACTION_DESCRIPTIONS)
