"""Who may do what: every capability of the competitions app is named here once and read by views and templates.

A user's roles are loaded in one query and cached on the user object for the request.
"""

from dataclasses import dataclass

import rules
from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class Roles:
    organizer: bool = False
    judge_id: int | None = None
    agency_id: int | None = None
    membership_role: str | None = None

    @property
    def is_agency_admin(self) -> bool:
        return self.agency_id is not None and self.membership_role == "admin"

    @property
    def is_agency_member(self) -> bool:
        return self.agency_id is not None


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    cached = getattr(user, "_kovablik_roles", None)
    if cached is None:
        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values("organizer__id", "judge__id", "membership__agency_id", "membership__role")
            .first()
        ) or {}
        cached = Roles(
            organizer=row.get("organizer__id") is not None,
            judge_id=row.get("judge__id"),
            agency_id=row.get("membership__agency_id"),
            membership_role=row.get("membership__role"),
        )
        user._kovablik_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles, e.g. after a role was granted within the same request."""
    if hasattr(user, "_kovablik_roles"):
        del user._kovablik_roles


@rules.predicate
def is_organizer(user) -> bool:
    return roles_of(user).organizer


@rules.predicate
def is_judge(user) -> bool:
    return roles_of(user).judge_id is not None


@rules.predicate
def is_agency_admin(user) -> bool:
    return roles_of(user).is_agency_admin


@rules.predicate
def is_agency_member(user) -> bool:
    return roles_of(user).is_agency_member


rules.add_perm("competitions.view_dashboard", rules.is_authenticated)
rules.add_perm("competitions.manage_editions", is_organizer)
rules.add_perm("competitions.manage_agencies", is_organizer)
# The outgoing mail queue: what is waiting or failed, and sending a failed mail again.
rules.add_perm("competitions.manage_outgoing_mail", is_organizer)
rules.add_perm("competitions.manage_people", is_organizer)
rules.add_perm("competitions.view_audit_log", is_organizer)
