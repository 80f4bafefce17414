"""Advancing a shortlist: after a stage closes, organizers admit the top entries of each group to the next stage.

Entries that are not advanced keep their StageEntry and scores (nothing is deleted); the next stage gets new
StageEntry rows through judging.services.admit_entries. A selection that departs from the ranking's top N needs a
written reason, as the jury's decisions do.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.audit import log_action, register_actions
from competitions.enums import GroupKind
from competitions.exceptions import DomainError
from competitions.models import Stage

from . import ranking, services
from .models import StageEntry

SHORTLIST_ADVANCED = "kovablik.judging.shortlist_advanced"

register_actions({SHORTLIST_ADVANCED: gettext_lazy("Shortlist advanced to the next stage")})


def next_stage(stage: Stage) -> Stage | None:
    """The stage after `stage` in its edition's cycle, if any."""
    later = [other for other in Stage.objects.filter(edition_id=stage.edition_id) if other.position > stage.position]
    return min(later, key=lambda other: other.position, default=None)


def advanced_proposal_ids(stage: Stage, group: str) -> set[int]:
    """Proposals of `group` already admitted to the stage after `stage`."""
    following = next_stage(stage)
    if following is None:
        return set()
    return set(StageEntry.objects.filter(stage=following, proposal__group=group).values_list("proposal_id", flat=True))


@transaction.atomic
def advance_shortlist(
    stage: Stage,
    *,
    group: str,
    proposals: Iterable[int],
    actor,
    view: str = ranking.RAW,
    reason: str = "",
) -> list[StageEntry]:
    """Admit the chosen proposals of `group` from the closed `stage` to the next stage and return the new entries.

    Refused when the stage is not closed, when there is no next stage or it is closed, when a chosen proposal is
    not an entry of this stage and group with a stage result, and when the choice is not the top N of the ranking
    (`view`: raw or normalized) and `reason` is empty. Audited with the suggested and the chosen shortlist.
    """
    chosen = sorted(set(proposals))
    if not chosen:
        raise DomainError(_("Choose at least one entry to advance."))
    stage_round = services.round_for_update(stage)
    if not stage_round.is_closed:
        raise DomainError(_("Close the stage and review its ranking before advancing a shortlist."))
    following = next_stage(stage)
    if following is None:
        raise DomainError(_("%(stage)s is the last stage: there is no stage to advance to.") % {"stage": stage})
    if services.round_for_update(following).is_closed:
        raise DomainError(_("%(stage)s is closed: no entry can be admitted to it.") % {"stage": following})
    result = ranking.stage_ranking(stage, group, view=view)
    ranked_ids = [row.proposal.pk for row in result.ranked]
    unknown = set(chosen) - set(ranked_ids)
    if unknown:
        raise DomainError(
            _("Only entries of this stage and group with a stage result (every judge submitted) can advance.")
        )
    suggested = sorted(ranked_ids[: len(chosen)])
    reason = reason.strip()
    if chosen != suggested and not reason:
        raise DomainError(
            _(
                "The selection departs from the top %(count)s of the ranking: say why (the reason is kept with the "
                "decision)."
            )
            % {"count": len(chosen)}
        )
    created = services.admit_entries(following, proposals=chosen, actor=actor, note=reason)
    log_action(
        stage_round,
        SHORTLIST_ADVANCED,
        actor=actor,
        data={
            "stage": stage.pk,
            "next_stage": following.pk,
            "group": group,
            "group_label": str(GroupKind(group).label),
            "view": view,
            "before": {"suggested": suggested},
            "after": {"chosen": chosen},
            "admitted": [entry.proposal_id for entry in created],
            "reason": reason,
        },
    )
    return created
