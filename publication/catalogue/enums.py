"""Kinds and defaults of the catalogue's living part: an innovation's public card, the finalists list and objections."""

from django.db import models
from django.utils.translation import pgettext_lazy


class CardStatus(models.TextChoices):
    """What became of a published innovation, as its agency reports it on the public card."""

    ACTIVE = "active", pgettext_lazy("innovation status", "Active")
    CONTINUED = "continued", pgettext_lazy("innovation status", "Continued and developed further")
    REPLICATED = "replicated", pgettext_lazy("innovation status", "Replicated elsewhere")


# A card whose last update (or, without one, its publication) is older than this is marked as not kept up to date.
STALE_CARD_DAYS = 365


class ObjectionOutcome(models.TextChoices):
    """The organizers' answer to an objection (sanggahan) against a finalist."""

    PENDING = "pending", pgettext_lazy("objection outcome", "Awaiting a response")
    UPHELD = "upheld", pgettext_lazy("objection outcome", "Upheld")
    DISMISSED = "dismissed", pgettext_lazy("objection outcome", "Dismissed")
    NOTED = "noted", pgettext_lazy("objection outcome", "Noted, no action needed")


RESPONDED = frozenset({ObjectionOutcome.UPHELD, ObjectionOutcome.DISMISSED, ObjectionOutcome.NOTED})

# The objection period (masa sanggah) after finalists are announced: ~5 days (shared/docs/domain.md).
DEFAULT_OBJECTION_DAYS = 5
MAX_OBJECTION_DAYS = 60
# Objections one address may file per hour before the form refuses more (settings.KOVABLIK_OBJECTIONS_PER_HOUR).
DEFAULT_OBJECTIONS_PER_HOUR = 5

ACTION_PREFIX_CATALOGUE = "kovablik.catalogue."
ACTION_PREFIX_OBJECTION = "kovablik.objection."
