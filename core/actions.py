"""The readable text of every audit code (`kovablik.<app>.<what>`). Each app registers its own codes here, next to
the action, so the audit pages describe an entry without importing the app that wrote it."""

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_DESCRIPTIONS: dict[str, Any] = {
    "kovablik.mail.retried": _("Mail sent again"),
}


def register_actions(descriptions: dict[str, Any]) -> None:
    ACTION_DESCRIPTIONS.update(descriptions)


def describe_action(action_type: str) -> str:
    return str(ACTION_DESCRIPTIONS.get(action_type, action_type))
