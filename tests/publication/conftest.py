import pytest
from django.core.cache import cache

from tests.publication.data import judged_edition


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public pages cache their data: every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def judged(edition):
    """The 2026 edition judged: Umum 8 entries (5 winners), Replikasi 3 (2), Khusus 2 (1), in ranking order."""
    return judged_edition(edition)
