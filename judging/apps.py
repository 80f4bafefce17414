from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        from competitions.signals import criteria_changed
        from core.actions import register_actions

        from .audit import ACTIONS
        from .schedule.audit import ACTIONS as SCHEDULE_ACTIONS
        from .scoring import restore_stage_totals
        from .visits.audit import ACTIONS as VISIT_ACTIONS

        register_actions(ACTIONS)
        register_actions(SCHEDULE_ACTIONS)
        register_actions(VISIT_ACTIONS)
        criteria_changed.connect(restore_stage_totals, dispatch_uid="judging.scoring.restore_stage_totals")
