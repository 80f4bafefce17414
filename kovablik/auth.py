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
