"""Login lockouts as Biro Organisasi sees them: which usernames, addresses or pairs of both are locked now (the rules
in settings.KOVABLIK_LOCKOUT_RULES, counted as kovablik.auth.LockoutHandler counts them), and lifting one.

django-axes keeps one AccessAttempt row per username, address and browser with its failures since the first; a
rule's count is the sum over the rows it matches that are newer than the cool-off time.
"""

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actions import Action, Payload, register_actions
from core.audit import log_action
from core.exceptions import DomainError

PAIR, USERNAME, ADDRESS = "pair", "username", "address"
KIND_LABELS = {
    PAIR: _("This username from this address"),
    USERNAME: _("This username from any address"),
    ADDRESS: _("Any username from this address"),
}
_KIND_BY_PARAMETERS = {("username", "ip_address"): PAIR, ("username",): USERNAME, ("ip_address",): ADDRESS}


@dataclass(frozen=True)
class UnlockPayload(Payload):
    kind: str
    username: str = ""
    ip_address: str = ""
    failures: int = 0


register_actions([Action("kovablik.login.unlocked", _("Login lockout lifted"), UnlockPayload)])


@dataclass(frozen=True)
class Lockout:
    kind: str
    username: str
    ip_address: str
    failures: int
    limit: int
    last_attempt: dt.datetime
    cooloff: dt.timedelta

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def ends_at(self) -> dt.datetime:
        return self.last_attempt + self.cooloff


def rules() -> list[tuple[str, tuple[str, ...], int]]:
    return [
        (_KIND_BY_PARAMETERS[tuple(parameters)], tuple(parameters), limit)
        for parameters, limit in settings.KOVABLIK_LOCKOUT_RULES
    ]


def cooloff() -> dt.timedelta:
    return settings.AXES_COOLOFF_TIME


def _recent_attempts():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff())


def current_lockouts() -> list[Lockout]:
    """Every lockout in force, newest first: one grouped query per rule."""
    lockouts = []
    for kind, parameters, limit in rules():
        rows = (
            _recent_attempts()
            .values(*parameters)
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        lockouts.extend(
            Lockout(
                kind=kind,
                username=row.get("username") or "",
                ip_address=row.get("ip_address") or "",
                failures=row["failures"],
                limit=limit,
                last_attempt=row["last_attempt"],
                cooloff=cooloff(),
            )
            for row in rows
        )
    return sorted(lockouts, key=lambda lockout: lockout.last_attempt, reverse=True)


@transaction.atomic
def unlock(*, kind: str, username: str = "", ip_address: str = "", actor) -> int:
    """Lift one lockout: forget the failures its rule counts (all of them for that username, that address or the
    pair). Returns how many failures were forgotten; refuses a lockout that is not (or no longer) in force."""
    rule = next(((parameters, limit) for rule_kind, parameters, limit in rules() if rule_kind == kind), None)
    if rule is None:
        raise DomainError(_("Choose a lockout to lift."))
    parameters, _limit = rule
    values = {"username": username, "ip_address": ip_address}
    attempts = _recent_attempts().select_for_update().filter(**{name: values[name] for name in parameters})
    rows = list(attempts)
    failures = sum(row.failures_since_start for row in rows)
    if not rows:
        raise DomainError(_("This lockout has already ended or been lifted."))
    log_action(
        rows[0],
        "kovablik.login.unlocked",
        actor=actor,
        data=UnlockPayload(kind=kind, username=username, ip_address=ip_address, failures=failures),
    )
    AccessAttempt.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return failures
