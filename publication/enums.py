"""States and kinds of publication: an edition's results, its awards and the national track of its winners."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proposals.enums import ProposalState


class PublicationState(models.TextChoices):
    """Whether an edition's results are public. Unpublishing hides them again (with a reason) until republished."""

    DRAFT = "draft", pgettext_lazy("publication state", "Not yet published")
    PUBLISHED = "published", pgettext_lazy("publication state", "Published")
    UNPUBLISHED = "unpublished", pgettext_lazy("publication state", "Withdrawn from publication")


class AwardKind(models.TextChoices):
    """A place in a group's Top N (from the final ranking), or a named award or nomination outside the ranking."""

    RANKED = "ranked", _("Top N of the group")
    SPECIAL = "special", _("Named award")
    NOMINATION = "nomination", _("Nomination")


class AwardState(models.TextChoices):
    """Draft until the edition is published; published with it; revoked (with a reason) after publication."""

    DRAFT = "draft", pgettext_lazy("award state", "Draft")
    PUBLISHED = "published", pgettext_lazy("award state", "Published")
    REVOKED = "revoked", pgettext_lazy("award state", "Revoked")


# Awards the public may see once the edition is published: revoked ones stay listed as revoked, so a certificate
# that was handed out verifies as revoked instead of becoming unknown.
PUBLICLY_VISIBLE = frozenset({AwardState.PUBLISHED, AwardState.REVOKED})


class NationalOutcome(models.TextChoices):
    """How a KOVABLIK winner fared in the national competition (KIPP, Kementerian PAN-RB). The national rounds
    mirror the groups: Kelompok Umum entries reach Top 99 and then Top 45 "Top Inovasi Terpuji"; Kelompok Khusus
    entries reach the Top 15 finalists and then Top 5 "Outstanding Achievement"."""

    PENDING = "pending", _("Nominated, outcome pending")
    NOT_SELECTED = "not_selected", _("Not selected")
    TOP_99 = "top_99", _("Top 99 finalist")
    TOP_45 = "top_45", _("Top 45 — Top Inovasi Terpuji")
    TOP_15_SPECIAL = "top_15_special", _("Top 15 finalist, Kelompok Khusus")
    OUTSTANDING_ACHIEVEMENT = "outstanding_achievement", _("Top 5 — Outstanding Achievement, Kelompok Khusus")


# The outcomes open to an entry of each KOVABLIK group: special entries compete in the national special group,
# general and replication entries in the national general one.
NATIONAL_OUTCOMES_SPECIAL = (
    NationalOutcome.PENDING,
    NationalOutcome.NOT_SELECTED,
    NationalOutcome.TOP_15_SPECIAL,
    NationalOutcome.OUTSTANDING_ACHIEVEMENT,
)
NATIONAL_OUTCOMES_GENERAL = (
    NationalOutcome.PENDING,
    NationalOutcome.NOT_SELECTED,
    NationalOutcome.TOP_99,
    NationalOutcome.TOP_45,
)
# National outcomes that are awards (an innovation holding one may not enter Kelompok Umum again).
NATIONAL_AWARDS = frozenset({NationalOutcome.TOP_45, NationalOutcome.OUTSTANDING_ACHIEVEMENT})

# Years in which the national competition was not held, with the reason shown when someone tries to record one.
YEARS_WITHOUT_NATIONAL_COMPETITION = {
    2024: _("KIPP 2024 was not held: it was replaced by PKRI, the monitoring of sustainability and replication."),
}


# Titles suggested on the extra-award form (organizers may type any other).
SUGGESTED_EXTRA_AWARDS = (
    "Kabupaten/Kota Terbaik",
    "Perangkat Daerah Terbaik",
    "Inovasi Favorit",
    "Inovasi Pelayanan Kesehatan Terbaik",
    "Inovasi Digital Terbaik",
)

# Characters of a certificate's verification code: no 0/O, 1/I/L, so a code typed from paper is read right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20  # 31^20 ≈ 2^99: not guessable
CODE_GROUP = 4  # shown as XXXX-XXXX-XXXX-XXXX-XXXX

REASON_MAX_LENGTH = 2000

ACTION_PREFIX_AWARD = "kovablik.award."
ACTION_PREFIX_PUBLICATION = "kovablik.publication."

# Proposals that may receive an award: they passed screening (judging keeps that state) and are not disqualified.
AWARDABLE_STATES = frozenset({ProposalState.PASSED})
