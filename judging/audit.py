"""The readable text of the audit codes written by the judging app (registered in JudgingConfig.ready).

Subjects: a StageEntry for assignments, conflicts and scores (so an entry's history reads as one story), a Panel
for panel changes, a StageRound for the round's state and settings. Data carry ids (stage, proposal, judge, sheet)
and before/after values.
"""

from django.utils.translation import gettext_lazy as _

ACTION_DESCRIPTIONS = {
    "kovablik.judging.panel_created": _("Panel created"),
    "kovablik.judging.panel_updated": _("Panel changed"),
    "kovablik.judging.entries_admitted": _("Entries admitted to a stage"),
    "kovablik.judging.judges_assigned": _("Judges assigned automatically"),
    "kovablik.judging.judge_added": _("Judge added to an entry"),
    "kovablik.judging.judge_removed": _("Judge removed from an entry"),
    "kovablik.judging.conflict_declared": _("Conflict of interest declared"),
    "kovablik.judging.judge_reassigned": _("Judge replaced after a declared conflict"),
    "kovablik.judging.score_saved": _("Scores saved as draft"),
    "kovablik.judging.score_submitted": _("Scores submitted"),
    "kovablik.judging.score_reopened": _("Submitted scores reopened"),
    "kovablik.judging.round_opened": _("Stage opened for scoring"),
    "kovablik.judging.round_closed": _("Stage closed"),
    "kovablik.judging.round_settings_changed": _("Stage judging settings changed"),
}
