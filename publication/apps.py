from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Publication")

    def ready(self):
        from core.actions import register_actions
        from publication.audit import ACTION_DESCRIPTIONS

        register_actions(ACTION_DESCRIPTIONS)
