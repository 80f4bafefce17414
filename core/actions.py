"""Every audited action of the portal: its code (`kovablik.<app>.<what>`), its readable label and, where declared, the
type of what it records (its payload). Each app declares its actions next to the code that performs them and
registers them here, so that an audit page reads an entry through its action's payload type rather than guessing at
its JSON, without importing the app that wrote it.

An action with a payload type is written only with that type (core.audit.log_action refuses anything else), so what
the log holds for it is what the type says; entries written before a field existed read back with its default.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any, Self

from django.utils.translation import gettext_lazy as _


class Payload:
    """What one audited action records. Subclasses are dataclasses whose fields hold JSON values (ids, text, numbers,
    and lists or dicts of them): `as_data()` is what the log stores, `read()` an entry's data back as the payload."""

    def as_data(self) -> dict:
        return asdict(self)

    @classmethod
    def read(cls, data: dict | None) -> Self:
        names = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in (data or {}).items() if key in names})


@dataclass(frozen=True)
class Action:
    code: str
    label: Any  # lazy text
    payload: type[Payload] | None = None

    def read(self, data: dict | None) -> Payload | None:
        return self.payload.read(data) if self.payload else None


ACTIONS: dict[str, Action] = {}


def register_actions(actions: Iterable[Action] | dict[str, Any]) -> None:
    """Register `actions` (Action rows, or code → label for actions without a payload type)."""
    if isinstance(actions, dict):
        actions = [Action(code, label) for code, label in actions.items()]
    for action in actions:
        ACTIONS[action.code] = action


def action_for(action_type: str) -> Action | None:
    return ACTIONS.get(action_type)


def describe_action(action_type: str) -> str:
    action = ACTIONS.get(action_type)
    return str(action.label) if action else action_type


register_actions([Action("kovablik.mail.retried", _("Mail sent again"))])
