from .rules import roles_of


def portal(request):
    """The user's roles for role-aware navigation (one cached query per request)."""
    return {"roles": roles_of(getattr(request, "user", None))}
