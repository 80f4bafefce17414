"""Background tasks of the publication app (django-tasks; see core/jobs.py)."""

from django_tasks import task

from publication import caching
from publication.awards import queries
from publication.certificates import services as certificates
from publication.models import Award


@task()
def store_certificates(edition_id: int, site_url: str) -> int:
    """Draw and store the certificate of every published (not revoked) award of the edition, after publication.
    Returns how many were stored; the public pages are refreshed to show their sizes."""
    stored = 0
    for award in queries.public_award_list(edition_ids=[edition_id]):
        if not award.is_revoked:
            certificates.store_certificate(award, site_url=site_url)
            stored += 1
    caching.bump_version(edition_id)
    return stored


@task()
def store_certificate(code: str, site_url: str) -> bool:
    """Draw and store one award's certificate (asked for by the certificate page when none is stored yet)."""
    award = queries.public_award_by_code(code)
    if award is None or award.is_revoked:
        return False
    if certificates.stored_certificate(award) is None:
        certificates.store_certificate(award, site_url=site_url)
        caching.bump_version(Award.objects.values_list("edition_id", flat=True).get(pk=award.pk))
    return True
