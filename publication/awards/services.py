"""Writes of the publication app: the awards of an edition, publishing them, and what may happen after.

Every function guards (a DomainError with a translated message), writes inside transaction.atomic() with the edition's
Publication row locked (so two organizers never interleave a decision and a publish), logs an audit entry, and bumps
the publication version so the cached public pages are rebuilt.

The order of an edition's results:
1. prefill_awards fills each group's Top N from the final ranking (judging.ranking), N = the group's winners_count.
2. decide_group_awards changes a group's Top N (add, remove, reorder); a decision that departs from the ranking needs
   a reason, kept on the AwardDecision and on each place that moved. add_extra_award adds named awards/nominations.
3. publish_results makes the awards public; unpublish_results withdraws them (with a reason) so they can be edited.
4. After publication: revoke_award, disqualify_entry, record_national_track.
"""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.enums import GroupKind
from competitions.models import Edition
from core import jobs
from core.audit import log_action
from core.exceptions import DomainError
from core.order import enforce_order
from judging import ranking
from proposals.models import Proposal
from publication import caching
from publication.awards import queries
from publication.certificates.tasks import store_certificates
from publication.cycle.guards import publishing_missing
from publication.enums import (
    AWARDABLE_STATES,
    NATIONAL_OUTCOMES_GENERAL,
    NATIONAL_OUTCOMES_SPECIAL,
    YEARS_WITHOUT_NATIONAL_COMPETITION,
    AwardKind,
    AwardState,
    NationalOutcome,
    PublicationState,
)
from publication.models import Award, AwardDecision, Disqualification, NationalNomination, Publication

# Far above any rank, so that renumbering a group's places never collides with the unique rank per group.
RANK_SHIFT = 1000


class ReasonRequired(DomainError):
    """A decision departs from the ranking and no reason was given."""


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def lock_publication(edition: Edition) -> Publication:
    """The edition's Publication row, created when missing, locked for the rest of the transaction."""
    Publication.objects.get_or_create(edition=edition)
    return Publication.objects.select_for_update().get(edition=edition)


def _guard_editable(publication: Publication) -> None:
    if publication.is_published:
        raise DomainError(
            _("The results are published: withdraw them from publication (with a reason) before changing the awards.")
        )


def _guard_awardable(edition: Edition, proposal: Proposal) -> None:
    if proposal.edition_id != edition.pk:
        raise DomainError(_("“%(title)s” is not an entry of %(edition)s.") % {"title": proposal, "edition": edition})
    if proposal.state not in AWARDABLE_STATES:
        raise DomainError(_("“%(title)s” did not pass administrative screening.") % {"title": proposal})
    if Disqualification.objects.filter(proposal=proposal).exists():
        raise DomainError(_("“%(title)s” is disqualified.") % {"title": proposal})


def _changed(edition: Edition) -> None:
    caching.bump_version(edition.pk)


# --- Deciding the awards ---------------------------------------------------------------------------------------------


def _write_group_places(
    edition: Edition,
    *,
    group: str,
    chosen: Sequence[int],
    suggested: Sequence[int],
    positions: dict[int, int],
    reason: str,
    actor,
) -> list[Award]:
    """Make the group's draft places exactly `chosen` in order, keeping the rows (and their codes) of proposals that
    stay. A place that differs from the suggestion carries `reason`."""
    current = {
        award.proposal_id: award
        for award in Award.objects.select_for_update().filter(
            edition=edition, group=group, kind=AwardKind.RANKED, state=AwardState.DRAFT
        )
    }
    Award.objects.filter(pk__in=[a.pk for pid, a in current.items() if pid not in set(chosen)]).delete()
    Award.objects.filter(pk__in=[a.pk for pid, a in current.items() if pid in set(chosen)]).update(
        rank=F("rank") + RANK_SHIFT
    )
    places = []
    for index, proposal_id in enumerate(chosen):
        moved = index >= len(suggested) or suggested[index] != proposal_id
        values = {
            "rank": index + 1,
            "ranking_position": positions.get(proposal_id),
            "reason": reason if moved else "",
        }
        award = current.get(proposal_id)
        if award is None:
            award = Award.objects.create(
                edition=edition,
                proposal_id=proposal_id,
                kind=AwardKind.RANKED,
                group=group,
                created_by=_user(actor),
                **values,
            )
        else:
            for field, value in values.items():
                setattr(award, field, value)
            award.save(update_fields=[*values, "updated_at"])
        places.append(award)
    return places


def _awardable_ids(edition: Edition, group: str, proposal_ids: Sequence[int]) -> set[int]:
    return set(
        Proposal.objects.filter(pk__in=list(proposal_ids), edition=edition, group=group, state__in=AWARDABLE_STATES)
        .exclude(disqualification__isnull=False)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def prefill_awards(edition: Edition, *, actor, view: str = ranking.RAW) -> list[Award]:
    """Replace every group's draft Top N with the first N of the group's final ranking (`view`: raw or normalized),
    N = the group's number of winners. Named awards and nominations are kept. Refused once the results are
    published. Returns the places created, group by group."""
    publication = lock_publication(edition)
    _guard_editable(publication)
    view = view if view in ranking.VIEWS else ranking.RAW
    stages = ranking.stages_of(edition)
    places: list[Award] = []
    summary = {}
    for group in edition.groups.all():
        suggestion = queries.ranking_suggestion(edition, group.kind, view=view, stages=stages, head=group.winners_count)
        top = suggestion.top(group.winners_count)
        places += _write_group_places(
            edition,
            group=group.kind,
            chosen=top,
            suggested=top,
            positions=suggestion.positions,
            reason="",
            actor=actor,
        )
        AwardDecision.objects.update_or_create(
            edition=edition,
            group=group.kind,
            defaults={
                "suggested": top,
                "departs_from_ranking": False,
                "reason": "",
                "decided_at": timezone.now(),
                "decided_by": _user(actor),
            },
        )
        summary[group.kind] = top
    publication.ranking_view = view
    publication.prefilled_at = timezone.now()
    publication.prefilled_by = _user(actor)
    publication.save(update_fields=["ranking_view", "prefilled_at", "prefilled_by", "updated_at"])
    log_action(publication, "kovablik.award.prefilled", actor=actor, data={"view": view, "after": summary})
    _changed(edition)
    return places


@transaction.atomic
def decide_group_awards(
    edition: Edition, *, group: str, proposals: Sequence[int | Proposal], actor, reason: str = ""
) -> list[Award]:
    """Set a group's Top N to `proposals` in rank order (add, remove, reorder). When the order is not exactly the
    first N of the final ranking (the ranking used for the prefill), `reason` is required; it is kept on the group's
    AwardDecision and on every place that differs. At most the group's number of winners; every entry must be an
    awardable proposal of the group (passed screening, not disqualified)."""
    publication = lock_publication(edition)
    _guard_editable(publication)
    chosen = [getattr(item, "pk", item) for item in proposals]
    if len(set(chosen)) != len(chosen):
        raise DomainError(_("An entry can hold only one place in the group."))
    group_row = edition.groups.filter(kind=group).first()
    if group_row is None:
        raise DomainError(_("%(edition)s has no such group.") % {"edition": edition})
    if len(chosen) > group_row.winners_count:
        raise DomainError(
            _(
                "%(group)s has %(count)s winners in this edition; change the number of winners in the edition's "
                "settings to award more."
            )
            % {"group": GroupKind(group).label, "count": group_row.winners_count}
        )
    if set(chosen) - _awardable_ids(edition, group, chosen):
        raise DomainError(
            _("Only entries of this group that passed screening and are not disqualified can hold a place.")
        )
    suggestion = queries.ranking_suggestion(
        edition, group, view=publication.ranking_view, head=group_row.winners_count, also=chosen
    )
    suggested = suggestion.top(group_row.winners_count)
    departs = chosen != suggested
    reason = reason.strip()
    if departs and not reason:
        raise ReasonRequired(
            _(
                "This decision departs from the final ranking (an entry added, left out or moved): say why. The "
                "reason is kept with the decision."
            )
        )
    before = list(
        Award.objects.filter(edition=edition, group=group, kind=AwardKind.RANKED, state=AwardState.DRAFT)
        .order_by("rank")
        .values_list("proposal_id", flat=True)
    )
    places = _write_group_places(
        edition,
        group=group,
        chosen=chosen,
        suggested=suggested,
        positions=suggestion.positions,
        reason=reason if departs else "",
        actor=actor,
    )
    decision, _created = AwardDecision.objects.update_or_create(
        edition=edition,
        group=group,
        defaults={
            "suggested": suggested,
            "departs_from_ranking": departs,
            "reason": reason if departs else "",
            "decided_at": timezone.now(),
            "decided_by": _user(actor),
        },
    )
    log_action(
        decision,
        "kovablik.award.group_decided",
        actor=actor,
        data={
            "group": group,
            "suggested": suggested,
            "before": before,
            "after": chosen,
            "departs_from_ranking": departs,
            "reason": decision.reason,
        },
    )
    _changed(edition)
    return places


@transaction.atomic
def add_extra_award(
    edition: Edition,
    *,
    proposal: Proposal,
    title: str,
    actor,
    kind: str = AwardKind.SPECIAL,
    reason: str = "",
) -> Award:
    """Add a named award (e.g. best regency/city, favourite innovation) or a nomination to an entry of the edition."""
    publication = lock_publication(edition)
    _guard_editable(publication)
    title = title.strip()
    if kind not in (AwardKind.SPECIAL, AwardKind.NOMINATION):
        raise DomainError(_("Choose a named award or a nomination."))
    if not title:
        raise DomainError(_("Give the award a title."))
    _guard_awardable(edition, proposal)
    if (
        Award.objects.filter(edition=edition, proposal=proposal, kind=kind, title__iexact=title)
        .exclude(state=AwardState.REVOKED)
        .exists()
    ):
        raise DomainError(_("“%(title)s” already has this award.") % {"title": proposal})
    position = Award.objects.filter(edition=edition).exclude(kind=AwardKind.RANKED).count() + 1
    award = Award.objects.create(
        edition=edition,
        proposal=proposal,
        kind=kind,
        group=proposal.group,
        title=title,
        reason=reason.strip(),
        position=position,
        created_by=_user(actor),
    )
    log_action(
        award,
        "kovablik.award.extra_added",
        actor=actor,
        data={"proposal": proposal.pk, "kind": kind, "title": title, "reason": award.reason},
    )
    _changed(edition)
    return award


@transaction.atomic
def remove_award(award: Award, *, actor) -> None:
    """Delete a draft named award or nomination (places in a Top N change through decide_group_awards)."""
    lock_publication(award.edition)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.state != AwardState.DRAFT:
        raise DomainError(_("Only a draft award can be removed; revoke a published one."))
    if award.kind == AwardKind.RANKED:
        raise DomainError(_("Change the group's Top N to remove a place."))
    log_action(
        award.edition,
        "kovablik.award.removed",
        actor=actor,
        data={"award": award.pk, "proposal": award.proposal_id, "kind": award.kind, "title": award.title},
    )
    award.delete()
    _changed(award.edition)


# --- Publishing ------------------------------------------------------------------------------------------------------


@transaction.atomic
def publish_results(edition: Edition, *, actor, site_url: str = "", override_reason: str = "") -> Publication:
    """Make the edition's awards public: the results, certificates and open data show them from now on. Stamps the
    time and the publisher; every draft award becomes published (keeping the date of its first publication, the date
    on its certificate). Refused when the edition is hidden or has no award. `site_url` (scheme and host) is what
    the certificates print in their verification link: a task draws and stores them after the commit, recording
    each one's size. The order of the cycle (cycle.guards.publishing_missing) holds unless `override_reason` says why
    the results go out anyway."""
    publication = lock_publication(edition)
    if publication.is_published:
        raise DomainError(_("The results of %(edition)s are already published.") % {"edition": edition})
    if not edition.is_public:
        raise DomainError(_("%(edition)s is hidden from the public: show it first.") % {"edition": edition})
    enforce_order(
        edition,
        step=_("Publishing the results"),
        missing=publishing_missing(edition),
        override_reason=override_reason,
        actor=actor,
    )
    if not Award.objects.filter(edition=edition).exclude(state=AwardState.REVOKED).exists():
        raise DomainError(_("There is no award to publish: prefill the awards from the ranking first."))
    now = timezone.now()
    Award.objects.filter(edition=edition, state=AwardState.DRAFT, published_at__isnull=True).update(published_at=now)
    Award.objects.filter(edition=edition, state=AwardState.DRAFT).update(state=AwardState.PUBLISHED, updated_at=now)
    before = publication.state
    publication.state = PublicationState.PUBLISHED
    publication.published_at = now
    publication.published_by = _user(actor)
    publication.first_published_at = publication.first_published_at or now
    publication.save(update_fields=["state", "published_at", "published_by", "first_published_at", "updated_at"])
    jobs.enqueue_on_commit(store_certificates, edition.pk, site_url or settings.PORTAL_URL)
    log_action(
        publication,
        "kovablik.publication.published",
        actor=actor,
        data={
            "before": {"state": before},
            "after": {"state": publication.state},
            "awards": Award.objects.filter(edition=edition, state=AwardState.PUBLISHED).count(),
        },
    )
    _changed(edition)
    return publication


@transaction.atomic
def unpublish_results(edition: Edition, *, actor, reason: str) -> Publication:
    """Withdraw the edition's results from the public (reason required); the awards become drafts again, so they can
    be corrected and published anew. Revoked awards stay revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the results are withdrawn; the reason is kept in the audit trail."))
    publication = lock_publication(edition)
    if not publication.is_published:
        raise DomainError(_("The results of %(edition)s are not published.") % {"edition": edition})
    now = timezone.now()
    Award.objects.filter(edition=edition, state=AwardState.PUBLISHED).update(state=AwardState.DRAFT, updated_at=now)
    publication.state = PublicationState.UNPUBLISHED
    publication.unpublished_at = now
    publication.unpublished_by = _user(actor)
    publication.unpublished_reason = reason
    publication.save(update_fields=["state", "unpublished_at", "unpublished_by", "unpublished_reason", "updated_at"])
    log_action(
        publication,
        "kovablik.publication.unpublished",
        actor=actor,
        data={"before": {"state": PublicationState.PUBLISHED}, "after": {"state": publication.state}, "reason": reason},
    )
    _changed(edition)
    return publication


# --- After publication -----------------------------------------------------------------------------------------------


def _revoke(award: Award, *, actor, reason: str, now) -> None:
    award.state = AwardState.REVOKED
    award.revoked_at = now
    award.revoked_by = _user(actor)
    award.revoked_reason = reason
    award.save(update_fields=["state", "revoked_at", "revoked_by", "revoked_reason", "updated_at"])


@transaction.atomic
def revoke_award(award: Award, *, actor, reason: str) -> Award:
    """Revoke a published award (reason required). It leaves the results' winners; its certificate verifies as
    revoked on the date of this call. Places below it keep their rank."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the award is revoked; the reason is kept with it."))
    lock_publication(award.edition)
    award = Award.objects.select_for_update().select_related("edition").get(pk=award.pk)
    if award.state != AwardState.PUBLISHED:
        raise DomainError(_("Only a published award can be revoked; remove a draft one instead."))
    _revoke(award, actor=actor, reason=reason, now=timezone.now())
    log_action(
        award,
        "kovablik.award.revoked",
        actor=actor,
        data={
            "proposal": award.proposal_id,
            "before": {"state": AwardState.PUBLISHED},
            "after": {"state": AwardState.REVOKED},
            "reason": reason,
        },
    )
    _changed(award.edition)
    return award


@transaction.atomic
def disqualify_entry(proposal: Proposal, *, actor, reason: str) -> Disqualification:
    """Bar a proposal from every award of its edition (reason required): its published awards are revoked with the
    same reason, its draft awards removed, and it can no longer be chosen."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the entry is disqualified; the reason is kept with the decision."))
    lock_publication(proposal.edition)
    if Disqualification.objects.filter(proposal=proposal).exists():
        raise DomainError(_("“%(title)s” is already disqualified.") % {"title": proposal})
    now = timezone.now()
    revoked = []
    for award in Award.objects.select_for_update().filter(proposal=proposal, state=AwardState.PUBLISHED):
        _revoke(award, actor=actor, reason=reason, now=now)
        revoked.append(award.pk)
    removed = list(Award.objects.filter(proposal=proposal, state=AwardState.DRAFT).values_list("pk", flat=True))
    Award.objects.filter(pk__in=removed).delete()
    disqualification = Disqualification.objects.create(
        proposal=proposal, reason=reason, disqualified_at=now, disqualified_by=_user(actor)
    )
    log_action(
        proposal,
        "kovablik.award.disqualified",
        actor=actor,
        data={"reason": reason, "revoked_awards": revoked, "removed_draft_awards": removed},
    )
    _changed(proposal.edition)
    return disqualification


def national_outcomes_for(proposal: Proposal) -> tuple[str, ...]:
    """The national outcomes open to `proposal`: the national competition's special group for a Kelompok Khusus
    entry, its general group for the others."""
    return NATIONAL_OUTCOMES_SPECIAL if proposal.group == GroupKind.SPECIAL else NATIONAL_OUTCOMES_GENERAL


def national_year_refusal(proposal: Proposal, year: int) -> str | None:
    """Why no national outcome of `year` can be recorded for `proposal`, or None. The form and the service both
    ask here, so they say the same."""
    if year in YEARS_WITHOUT_NATIONAL_COMPETITION:
        return str(YEARS_WITHOUT_NATIONAL_COMPETITION[year])
    if year < proposal.edition.year:
        return _("A KOVABLIK %(edition)s winner can only go on to a national round of %(edition)s or later.") % {
            "edition": proposal.edition.year
        }
    if year > timezone.localdate().year + 1:
        return _("The national round of %(year)s is too far ahead to record.") % {"year": year}
    return None


def national_track_refusal(proposal: Proposal, *, year: int, outcome: str) -> str | None:
    if refusal := national_year_refusal(proposal, year):
        return refusal
    if outcome not in national_outcomes_for(proposal):
        if outcome not in NationalOutcome.values:
            return _("Choose the national outcome.")
        return _("“%(outcome)s” is not an outcome of the national round a %(group)s entry competes in.") % {
            "outcome": NationalOutcome(outcome).label,
            "group": GroupKind(proposal.group).label,
        }
    return None


def first_national_year_after(year: int) -> int:
    """The first year after `year` in which the national competition was held (the usual next round)."""
    year += 1
    while year in YEARS_WITHOUT_NATIONAL_COMPETITION:
        year += 1
    return year


@transaction.atomic
def record_national_track(proposal: Proposal, *, year: int, outcome: str, actor, note: str = "") -> NationalNomination:
    """Record (or update) that a winning innovation was nominated to the national competition (KIPP) in `year`, and
    its outcome there. Only for an innovation with a published award."""
    refusal = national_track_refusal(proposal, year=year, outcome=outcome)
    if refusal:
        raise DomainError(refusal)
    if not Award.objects.filter(proposal=proposal, state=AwardState.PUBLISHED).exists():
        raise DomainError(_("Only an innovation with a published award can be nominated to the national competition."))
    nomination = NationalNomination.objects.select_for_update().filter(proposal=proposal).first()
    before = {"year": nomination.year, "outcome": nomination.outcome, "note": nomination.note} if nomination else None
    values = {"year": year, "outcome": outcome, "note": note.strip(), "recorded_at": timezone.now()}
    if nomination is None:
        nomination = NationalNomination.objects.create(proposal=proposal, recorded_by=_user(actor), **values)
    else:
        for field, value in values.items():
            setattr(nomination, field, value)
        nomination.recorded_by = _user(actor)
        nomination.save()
    log_action(
        proposal,
        "kovablik.award.national_recorded",
        actor=actor,
        data={"before": before, "after": {"year": year, "outcome": outcome, "note": nomination.note}},
    )
    _changed(proposal.edition)
    return nomination


@transaction.atomic
def remove_national_track(proposal: Proposal, *, actor) -> None:
    nomination = NationalNomination.objects.select_for_update().filter(proposal=proposal).first()
    if nomination is None:
        raise DomainError(_("“%(title)s” has no national nomination.") % {"title": proposal})
    log_action(
        proposal,
        "kovablik.award.national_removed",
        actor=actor,
        data={"before": {"year": nomination.year, "outcome": nomination.outcome, "note": nomination.note}},
    )
    nomination.delete()
    _changed(proposal.edition)
