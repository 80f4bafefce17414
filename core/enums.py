from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryState(models.TextChoices):
    """Where one outgoing mail is: waiting for (another) attempt, sent, failed after the last attempt, or skipped
    because what it was about is gone (e.g. the judge has scored everything by the time the reminder runs)."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not needed any more")


UNSENT_DELIVERY_STATES = (DeliveryState.PENDING, DeliveryState.FAILED)
