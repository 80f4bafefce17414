"""The readable text of the competitions app's audit codes (registered in CompetitionsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_DESCRIPTIONS = {
    "kovablik.edition.created": _("Edition created"),
    "kovablik.edition.updated": _("Edition settings changed"),
    "kovablik.edition.copied": _("Edition created as a copy of an earlier edition"),
    "kovablik.edition.schedule_changed": _("Schedule changed"),
    "kovablik.edition.groups_changed": _("Groups changed"),
    "kovablik.edition.categories_changed": _("Categories changed"),
    "kovablik.edition.stages_changed": _("Stage weights changed"),
    "kovablik.edition.criteria_changed": _("Evaluation criteria changed"),
    "kovablik.edition.quotas_changed": _("Quotas changed"),
    "kovablik.edition.word_limits_changed": _("Word limits changed"),
    "kovablik.edition.special_invited": _("Agency invited to the special group"),
    "kovablik.edition.special_invitation_withdrawn": _("Special group invitation withdrawn"),
    "kovablik.agency.created": _("Agency created"),
    "kovablik.agency.updated": _("Agency changed"),
    "kovablik.person.created": _("Account created"),
    "kovablik.person.updated": _("Account changed"),
}
