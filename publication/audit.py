"""The readable text of the audit codes written by the publication app (registered in PublicationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_DESCRIPTIONS = {
    "kovablik.award.prefilled": _("Awards prefilled from the final ranking"),
    "kovablik.award.group_decided": _("Top N of a group decided"),
    "kovablik.award.extra_added": _("Named award or nomination added"),
    "kovablik.award.extra_changed": _("Named award or nomination changed"),
    "kovablik.award.removed": _("Draft award removed"),
    "kovablik.award.revoked": _("Award revoked"),
    "kovablik.award.disqualified": _("Entry disqualified"),
    "kovablik.award.national_recorded": _("National competition track recorded"),
    "kovablik.award.national_removed": _("National competition track removed"),
    "kovablik.publication.published": _("Results published"),
    "kovablik.publication.unpublished": _("Results withdrawn from publication"),
}
