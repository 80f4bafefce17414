"""The portal's cross-cutting records: the audit log and the outgoing mail. They name the rows they are about
generically (a content type and an id; a renderer's dotted path), so this app never imports the domain apps."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import describe_action
from .enums import DeliveryState


def actor_field(verbose_name) -> models.ForeignKey:
    """The account that did something (published, decided, listed…). The row outlives the account: the audit log
    keeps the name."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class ActionLog(models.Model):
    """An audit entry: who did what to which object, with the data before and after."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    action_type = models.CharField(_("action"), max_length=100, db_index=True)
    actor = actor_field(_("by"))
    timestamp = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        db_table = "competitions_actionlog"  # the table it had before core/ existed (moved without a copy)
        ordering = ["-timestamp", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="actionlog_subject_idx")]

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action_type}"

    @property
    def display(self) -> str:
        return describe_action(self.action_type)


class MailDelivery(models.Model):
    """One mail to one recipient, recorded in the same transaction as the change it is about and sent by a task.

    The unique `key` names the notification (e.g. ``proposal-state:<change>:<user>``), so recording it twice, or
    running its task twice, never sends it twice. `renderer` is the dotted path of the function (marked with
    core.outbox.mail_renderer) that writes subject and body when the task runs, in `language`."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    renderer = models.CharField(_("kind"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_email = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=8)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        db_table = "competitions_maildelivery"  # the table it had before core/ existed (moved without a copy)
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [models.Index(fields=["state", "-created_at"], name="maildelivery_state_idx")]

    def __str__(self):
        return self.key
