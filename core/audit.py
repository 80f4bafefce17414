"""The generic audit trail: `log_action` writes namespaced codes, `describe_action` turns them into text.

Every entry is also a line on the `kovablik.audit` logger, and so are audit-worthy events that leave no row (a
failed login, a refused submission): `log_event`. Those lines hold codes and ids only — never a username, name,
email, phone, password, token or session key, and never an entry's `data`, which may hold names.

Apps register the readable text of their codes with core.actions.register_actions (in their AppConfig.ready or
module import), so one place explains every code without this app importing the apps above it.
"""

import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .actions import Payload, action_for
from .models import ActionLog

audit_logger = logging.getLogger("kovablik.audit")


def log_action(obj: models.Model, action_type: str, *, actor=None, data: Payload | dict | None = None) -> ActionLog:
    """Record that `actor` did `action_type` to `obj`. `data`: the action's payload when its action declares a
    payload type (core.actions), else a dict of JSON values (before/after values, ids)."""
    entry = ActionLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action_type=action_type,
        actor=_actor(actor),
        data=_stored(action_type, data),
    )
    log_event(action_type, obj=obj, actor_id=entry.actor_id)
    return entry


def log_actions(rows: Iterable[tuple[models.Model, str, Payload | dict]], *, actor=None) -> None:
    """Many log_action entries in one INSERT (e.g. automatic assignment, which touches every entry of a stage);
    no line on the audit logger per entry."""
    now = timezone.now()
    ActionLog.objects.bulk_create(
        (
            ActionLog(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                action_type=code,
                actor=_actor(actor),
                timestamp=now,
                data=_stored(code, data),
            )
            for obj, code, data in rows
        ),
        batch_size=500,
    )


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _stored(action_type: str, data: Payload | dict | None) -> dict:
    """What the log keeps of `data`: an action with a payload type is written with that type only."""
    action = action_for(action_type)
    if action is not None and action.payload is not None:
        if type(data) is not action.payload:
            raise TypeError(f"{action_type} records a {action.payload.__name__}, not {type(data).__name__}")
        return data.as_data()
    if isinstance(data, Payload):
        raise TypeError(f"{action_type} declares no payload type")
    return data or {}


def log_event(event: str, *, obj: models.Model | None = None, **fields) -> None:
    """One audit line: `event` is a namespaced code, `obj` is named by model and id; `fields` hold ids and counts."""
    if obj is not None:
        fields["object"] = f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
    audit_logger.info(event, extra={"event": event, **fields})


def hashed_username(username: str | None) -> str | None:
    """A keyed hash that shows repeated failures for one login without the login itself."""
    if not username:
        return None
    return salted_hmac("kovablik.audit.username", username.strip().lower()).hexdigest()[:16]


def log_login_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: a line per failed login, the username hashed, the password never read.
    (django-axes masks the username and address in its own lines.)"""
    log_event("kovablik.login.failed", username_hash=hashed_username(credentials.get("username")))


def logs_for(obj: models.Model):
    return ActionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
