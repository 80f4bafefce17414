from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum


class PortalModelBackend(ModelBackend):
    """Django's password login, with its permission tables consulted only for staff.

    The portal's capabilities are rules predicates (each app's rules.py); Django's permission tables matter only
    to staff using the admin fallback. Without this, every capability a predicate denies (a navigation link hidden
    from an organizer, say) made ModelBackend load the user's permission rows: two queries on every page.
    """

    def _get_permissions(self, user_obj, obj, from_name):
        if not (user_obj.is_staff or user_obj.is_superuser):
            return set()
        return super()._get_permissions(user_obj, obj, from_name)


def client_ip_address(request) -> str | None:
    """The visitor's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    Behind N proxies (KOVABLIK_PROXY_COUNT, read from the AXES_PROXY_COUNT variable) the client is the N-th address
    from the right of X-Forwarded-For: each proxy appends the address it received the request from, so entries
    further left are whatever the client sent and cannot be trusted. Without proxies, or without the header, it is
    the socket's address. Without this, every visitor behind nginx would share nginx's address, and five wrong
    passwords would lock an account for everyone.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.KOVABLIK_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]


class LockoutHandler(AxesDatabaseHandler):
    """django-axes, with each lockout rule held to its own limit (settings.KOVABLIK_LOCKOUT_RULES).

    django-axes counts failures per rule (the pair username + address, the username alone, the address alone) but
    compares them all to one limit. Here each rule's count is scaled to the first rule's limit before django-axes
    compares: count × first limit ÷ rule limit reaches the first limit exactly when the count reaches the rule's own
    limit. A successful login clears only its own pair's failures: clearing by address would let someone who owns
    one account wipe the count of their guesses at others from the same address.
    """

    def get_failures(self, request, credentials=None) -> int:
        first_limit = settings.KOVABLIK_LOCKOUT_RULES[0][1]
        scaled = 0
        for attempts, (_parameters, limit) in zip(
            self.get_user_attempts(request, credentials), settings.KOVABLIK_LOCKOUT_RULES, strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = max(scaled, failures * first_limit // limit)
        return scaled

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = pair_attempts.delete()
        return count
