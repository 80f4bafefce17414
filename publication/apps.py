from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Publication")

    def ready(self):
        from competitions.queries import register_invitation_grounds
        from core.actions import register_actions
        from proposals.checks import register_submission_check
        from proposals.queries import register_replicable_sources
        from publication import eligibility
        from publication.audit import ACTION_DESCRIPTIONS

        register_actions(ACTION_DESCRIPTIONS)
        # The group rules and the replicable innovations follow the award history, which this app keeps.
        register_submission_check(eligibility.group_history_problems)
        register_replicable_sources(eligibility.replicable_proposal_ids)
        register_invitation_grounds(eligibility.invitation_grounds, eligibility.link_invitation)
