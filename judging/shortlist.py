"""Advancing a shortlist: after a stage closes, organizers admit the top entries of each group to the next stage.

Entries that are not advanced keep their StageEntry and scores (nothing is deleted); the next stage gets new
StageEntry rows through judging.services.admit_entries. A selection that departs from the ranking's top N needs a
written reason, as the jury's decisions do.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from competitions.enums import GroupKind
from competitions.models import Stage
from core.audit import log_action
from core.exceptions import DomainError

from . import ranking, services
from .audit import SHORTLIST_ADVANCED, ShortlistAdvanced
from .models import StageEntry
from .queries import round_for


def refusal(stage: Stage, following: Stage | None, *, lock: bool = False) -> str | None:
    """Why no shortlist of `stage` can advance to `following` (its next stage) now, or None when one can.

    The one statement of the guards: the pages show it and offer no form, advance_shortlist refuses with it and
    reads the rounds locked (`lock`), so a stage closed or reopened meanwhile is seen."""
    if following is None:
        return _("%(stage)s is the last stage: there is no stage to advance to.") % {"stage": stage}
    read_round = services.round_for_update if lock else round_for
    if not read_round(stage).is_closed:
        return _("Close the stage and review its ranking before advancing a shortlist.")
    if read_round(following).is_closed:
        return _("%(stage)s is closed: no entry can be admitted to it.") % {"stage": following}
    return None


def advanced_proposal_ids(stage: Stage, group: str) -> set[int]:
    """Proposals of `group` already admitted to the stage after `stage`."""
    following = stage.next_in_cycle()
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

    Refused for the reasons refusal() gives (no next stage, this one open, the next closed), when a chosen proposal is
    not an entry of this stage and group with a stage result, and when the choice is not the top N of the ranking
    (`view`: raw or normalized) and `reason` is empty. Audited with the suggested and the chosen shortlist.
    """
    chosen = sorted(set(proposals))
    if not chosen:
        raise DomainError(_("Choose at least one entry to advance."))
    following = stage.next_in_cycle()
    refused = refusal(stage, following, lock=True)
    if refused:
        raise DomainError(refused)
    stage_round = round_for(stage)  # locked by refusal()
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
        data=ShortlistAdvanced(
            stage=stage.pk,
            next_stage=following.pk,
            group=group,
            group_label=str(GroupKind(group).label),
            view=view,
            before={"suggested": suggested},
            after={"chosen": chosen},
            admitted=[entry.proposal_id for entry in created],
            reason=reason,
        ),
    )
    return created
