from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from core.actions import register_actions

        from .audit import ACTION_DESCRIPTIONS

        register_actions(ACTION_DESCRIPTIONS)

        # Registers the required-attachments check that submit_proposal runs (proposals.checks).
        from . import attachments  # noqa: F401
