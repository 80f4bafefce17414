from django.conf import settings
from django.contrib.auth.backends import ModelBackend


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
