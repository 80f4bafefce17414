"""Named read shapes for editions and agencies; pages load what they show in a constant number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Agency, Criterion, Edition, Stage

EDITION_CONFIG_PREFETCH = (
    "phases",
    "groups",
    "categories",
    "quotas",
    "word_limits",
    Prefetch("stages", queryset=Stage.objects.prefetch_related(Prefetch("criteria", Criterion.objects.all()))),
)


def editions_with_config() -> QuerySet[Edition]:
    return Edition.objects.prefetch_related(*EDITION_CONFIG_PREFETCH)


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(is_public=True).order_by("-year")


def current_edition() -> Edition | None:
    """The newest public edition: the one the home page presents."""
    return public_editions().prefetch_related(*EDITION_CONFIG_PREFETCH).first()


def archived_editions(current: Edition | None) -> QuerySet[Edition]:
    editions = public_editions().prefetch_related("groups")
    return editions.exclude(pk=current.pk) if current else editions


def agencies_for_list(*, search: str = "", kind: str = "", region_id: int | None = None, active: str = ""):
    agencies = Agency.objects.select_related("parent", "region").annotate(
        member_count=Count("memberships", distinct=True), unit_count=Count("units", distinct=True)
    )
    if search:
        agencies = agencies.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    if kind:
        agencies = agencies.filter(kind=kind)
    if region_id:
        agencies = agencies.filter(region_id=region_id)
    if active in ("1", "0"):
        agencies = agencies.filter(is_active=active == "1")
    return agencies.order_by("name")


def agency_family_ids(agency: Agency) -> set[int]:
    """The agency, its parent and its units: the circle a conflict of interest or a dashboard spans."""
    ids = {agency.pk}
    if agency.parent_id:
        ids.add(agency.parent_id)
    ids.update(Agency.objects.filter(parent_id=agency.pk).values_list("pk", flat=True))
    return ids
