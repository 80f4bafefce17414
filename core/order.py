"""Guards on the order of the yearly cycle: a step refuses to run while what must come before it is missing, unless
the organizer overrides the order with a written reason (a re-run of a stage, an objection period shortened by
decree), which is audited against the edition and shown on its cockpit.

The services of each app compute what is missing for their step (a list of `Missing`, each saying in plain words what
is not done and where it is fixed) and call `enforce_order`; views catch `OutOfOrder` and offer the override form.
Management commands call the same services, so the order holds there too.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import Action, Payload, register_actions
from core.audit import log_action
from core.exceptions import DomainError

ORDER_OVERRIDDEN = "kovablik.order.overridden"


@dataclass(frozen=True)
class Missing:
    """One thing a step waits for: what (translated text) and the page where it is done (empty when none)."""

    message: str
    url: str = ""


@dataclass
class OrderOverridden(Payload):
    step: str = ""
    reason: str = ""
    missing: list[str] = field(default_factory=list)


register_actions([Action(ORDER_OVERRIDDEN, gettext_lazy("Order of the cycle overridden"), OrderOverridden)])


class OutOfOrder(DomainError):
    """A step of the cycle was asked for before the steps it depends on were done."""

    def __init__(self, step: str, missing: list[Missing]):
        self.step = step
        self.missing = list(missing)
        super().__init__(
            _("%(step)s cannot be done yet: %(missing)s")
            % {"step": step, "missing": "; ".join(item.message for item in self.missing)}
        )


def enforce_order(
    edition: models.Model, *, step: str, missing: list[Missing], override_reason: str = "", actor=None
) -> None:
    """Refuse `step` (a translated name of the action) while `missing` is not empty, unless `override_reason` says why
    it must happen anyway: then the override, its reason and what was missing are audited against the edition."""
    if not missing:
        return
    reason = (override_reason or "").strip()
    if not reason:
        raise OutOfOrder(step, missing)
    log_action(
        edition,
        ORDER_OVERRIDDEN,
        actor=actor,
        data=OrderOverridden(step=str(step), reason=reason, missing=[str(item.message) for item in missing]),
    )
