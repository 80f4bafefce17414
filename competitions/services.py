"""Writes for editions and agencies: one function per use case, each atomic and audited."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .audit import log_action
from .enums import (
    DEFAULT_CRITERIA,
    DEFAULT_STAGE_WEIGHTS,
    DEFAULT_WINNERS,
    DEFAULT_WORD_LIMITS,
    WEIGHT_TOTAL,
    GroupKind,
    PhaseKind,
    StageKind,
)
from .exceptions import DomainError
from .models import (
    AgencyKindQuota,
    Category,
    CompetitionGroup,
    Criterion,
    Edition,
    Phase,
    SectionWordLimit,
    Stage,
)

DEFAULT_CATEGORIES = [
    "Kesehatan",
    "Pertumbuhan ekonomi dan lapangan kerja",
    "Ketahanan pangan",
    "Inklusi sosial",
    "Tata kelola pemerintahan",
    "Ketangguhan bencana",
    "Pendidikan",
    "Penanggulangan kemiskinan",
    "Pemberdayaan masyarakat",
    "Energi dan lingkungan hidup",
    "Penegakan hukum",
]

# (phase, (start month, day), (end month, day)) of a typical year; organizers adjust the dates per edition.
DEFAULT_SCHEDULE = [
    (PhaseKind.SOCIALIZATION, (6, 1), (6, 14)),
    (PhaseKind.SUBMISSION, (6, 15), (7, 31)),
    (PhaseKind.SCREENING, (8, 1), (8, 14)),
    (PhaseKind.DESK_EVALUATION, (8, 15), (9, 15)),
    (PhaseKind.PRESENTATION, (9, 22), (10, 10)),
    (PhaseKind.FIELD_VERIFICATION, (10, 13), (10, 31)),
    (PhaseKind.ANNOUNCEMENT, (11, 10), (11, 14)),
    (PhaseKind.AWARDING, (11, 25), (12, 10)),
]


def check_weights_total(weights: Iterable[int], *, what: str) -> None:
    """Refuse a set of weights that does not add up to 100; `what` names it in the message."""
    total = sum(weights)
    if total != WEIGHT_TOTAL:
        raise DomainError(
            _("The weights of %(what)s must total %(expected)s; they now total %(total)s.")
            % {"what": what, "expected": WEIGHT_TOTAL, "total": total}
        )


def check_phase_dates(phases: dict[str, tuple[dt.date, dt.date]]) -> None:
    for kind, (starts_on, ends_on) in phases.items():
        if ends_on < starts_on:
            raise DomainError(_("%(phase)s cannot end before it starts.") % {"phase": PhaseKind(kind).label})


def default_schedule(year: int) -> dict[str, tuple[dt.date, dt.date]]:
    return {kind: (dt.date(year, *start), dt.date(year, *end)) for kind, start, end in DEFAULT_SCHEDULE}


@transaction.atomic
def create_edition(
    *, year: int, number: int, theme: str, actor, description: str = "", is_public: bool = False
) -> Edition:
    """Create an edition with the default schedule, groups, categories, stages, criteria and word limits."""
    _check_year_free(year, number)
    edition = Edition.objects.create(
        year=year, number=number, theme=theme, description=description, is_public=is_public
    )
    Phase.objects.bulk_create(
        Phase(edition=edition, kind=kind, starts_on=start, ends_on=end)
        for kind, (start, end) in default_schedule(year).items()
    )
    CompetitionGroup.objects.bulk_create(
        CompetitionGroup(edition=edition, kind=kind, winners_count=DEFAULT_WINNERS[kind]) for kind in GroupKind
    )
    Category.objects.bulk_create(
        Category(edition=edition, name=name, position=index) for index, name in enumerate(DEFAULT_CATEGORIES)
    )
    for kind in StageKind:
        stage = Stage.objects.create(edition=edition, kind=kind, weight=DEFAULT_STAGE_WEIGHTS[kind])
        Criterion.objects.bulk_create(
            Criterion(stage=stage, name=name, weight=weight, position=index)
            for index, (name, weight) in enumerate(DEFAULT_CRITERIA[kind])
        )
    SectionWordLimit.objects.bulk_create(
        SectionWordLimit(edition=edition, section=section, max_words=words)
        for section, words in DEFAULT_WORD_LIMITS.items()
    )
    log_action(edition, "kovablik.edition.created", actor=actor, data={"year": year, "theme": theme})
    return edition


def _check_year_free(year: int, number: int) -> None:
    if Edition.objects.filter(year=year).exists():
        raise DomainError(_("An edition for %(year)s already exists.") % {"year": year})
    if Edition.objects.filter(number=number).exists():
        raise DomainError(_("Edition number %(number)s is already used.") % {"number": number})


@dataclass(frozen=True)
class CopyPlan:
    """What copying an edition will create: shown to the organizer before they confirm."""

    source: Edition
    year: int
    number: int
    phases: list[tuple[str, dt.date, dt.date]]
    groups: list[CompetitionGroup]
    categories: list[Category]
    stages: list[Stage]
    quotas: list[AgencyKindQuota]
    word_limits: list[SectionWordLimit]


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


def plan_edition_copy(source: Edition, *, year: int, number: int) -> CopyPlan:
    years = year - source.year
    return CopyPlan(
        source=source,
        year=year,
        number=number,
        phases=[
            (phase.kind, _shift_year(phase.starts_on, years), _shift_year(phase.ends_on, years))
            for phase in source.ordered_phases
        ],
        groups=sorted(source.groups.all(), key=lambda group: group.position),
        categories=list(source.categories.all()),
        stages=sorted(source.stages.all(), key=lambda stage: stage.position),
        quotas=list(source.quotas.all()),
        word_limits=list(source.word_limits.all()),
    )


@transaction.atomic
def copy_edition(plan: CopyPlan, *, theme: str, actor) -> Edition:
    """Create a hidden edition for `plan.year` with the source's rules, shifted to the new year's dates."""
    _check_year_free(plan.year, plan.number)
    source = plan.source
    edition = Edition.objects.create(
        year=plan.year,
        number=plan.number,
        theme=theme,
        description=source.description,
        proposal_quota=source.proposal_quota,
        minimum_months_running=source.minimum_months_running,
        special_counts_toward_quota=source.special_counts_toward_quota,
    )
    Phase.objects.bulk_create(
        Phase(edition=edition, kind=kind, starts_on=start, ends_on=end) for kind, start, end in plan.phases
    )
    CompetitionGroup.objects.bulk_create(
        CompetitionGroup(edition=edition, kind=g.kind, winners_count=g.winners_count, description=g.description)
        for g in plan.groups
    )
    Category.objects.bulk_create(
        Category(edition=edition, name=c.name, description=c.description, position=c.position) for c in plan.categories
    )
    for source_stage in plan.stages:
        stage = Stage.objects.create(edition=edition, kind=source_stage.kind, weight=source_stage.weight)
        Criterion.objects.bulk_create(
            Criterion(
                stage=stage,
                name=c.name,
                description=c.description,
                weight=c.weight,
                max_score=c.max_score,
                position=c.position,
            )
            for c in source_stage.criteria.all()
        )
    AgencyKindQuota.objects.bulk_create(
        AgencyKindQuota(edition=edition, agency_kind=q.agency_kind, quota=q.quota) for q in plan.quotas
    )
    SectionWordLimit.objects.bulk_create(
        SectionWordLimit(edition=edition, section=w.section, max_words=w.max_words) for w in plan.word_limits
    )
    log_action(edition, "kovablik.edition.copied", actor=actor, data={"source_year": source.year})
    return edition


EDITION_SETTINGS_FIELDS = (
    "number",
    "theme",
    "description",
    "is_public",
    "proposal_quota",
    "minimum_months_running",
    "special_counts_toward_quota",
)


@transaction.atomic
def update_edition(edition: Edition, *, changes: dict, actor) -> Edition:
    """Apply the organizer's changes to the edition's own settings, recording old and new values."""
    unknown = set(changes) - set(EDITION_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not an edition setting: {sorted(unknown)}")
    before = {field: getattr(edition, field) for field in changes}
    changed = {field: value for field, value in changes.items() if before[field] != value}
    if not changed:
        return edition
    for field, value in changed.items():
        setattr(edition, field, value)
    edition.save(update_fields=[*changed, "updated_at"])
    log_action(
        edition,
        "kovablik.edition.updated",
        actor=actor,
        data={"before": {f: before[f] for f in changed}, "after": changed},
    )
    return edition


@transaction.atomic
def set_schedule(edition: Edition, *, phases: dict[str, tuple[dt.date, dt.date]], actor) -> None:
    """Set the dates of the edition's phases (inclusive days, Asia/Jakarta); phases not named stay as they are."""
    check_phase_dates(phases)
    existing = {phase.kind: phase for phase in edition.phases.all()}
    before = {kind: [p.starts_on.isoformat(), p.ends_on.isoformat()] for kind, p in existing.items()}
    for kind, (starts_on, ends_on) in phases.items():
        Phase.objects.update_or_create(
            edition=edition, kind=kind, defaults={"starts_on": starts_on, "ends_on": ends_on}
        )
    after = {kind: [start.isoformat(), end.isoformat()] for kind, (start, end) in phases.items()}
    log_action(edition, "kovablik.edition.schedule_changed", actor=actor, data={"before": before, "after": after})
    _forget_prefetch(edition, "phases")


@transaction.atomic
def set_group_winners(edition: Edition, *, winners: dict[str, int], actor) -> None:
    before = {group.kind: group.winners_count for group in edition.groups.all()}
    for kind, count in winners.items():
        CompetitionGroup.objects.update_or_create(edition=edition, kind=kind, defaults={"winners_count": count})
    log_action(edition, "kovablik.edition.groups_changed", actor=actor, data={"before": before, "after": winners})
    _forget_prefetch(edition, "groups")


@transaction.atomic
def set_stage_weights(edition: Edition, *, weights: dict[str, int], actor) -> None:
    """Set each stage's weight in the final score; the weights must total 100."""
    check_weights_total(weights.values(), what=_("the stages in the final score"))
    before = {stage.kind: stage.weight for stage in edition.stages.all()}
    for kind, weight in weights.items():
        Stage.objects.update_or_create(edition=edition, kind=kind, defaults={"weight": weight})
    log_action(edition, "kovablik.edition.stages_changed", actor=actor, data={"before": before, "after": weights})
    _forget_prefetch(edition, "stages")


@transaction.atomic
def set_criteria(stage: Stage, *, criteria: list[dict], actor) -> None:
    """Replace a stage's criteria with `criteria` (dicts with name, weight and optionally id, description,
    max_score). Rows with an id are updated in place so that scores already given keep their criterion."""
    check_weights_total((row["weight"] for row in criteria), what=stage.get_kind_display())
    names = [row["name"].strip().casefold() for row in criteria]
    if len(names) != len(set(names)):
        raise DomainError(_("Two criteria of a stage cannot have the same name."))
    existing = {criterion.pk: criterion for criterion in stage.criteria.all()}
    before = [{"name": c.name, "weight": c.weight} for c in existing.values()]
    kept_ids = {row["id"] for row in criteria if row.get("id") in existing}
    Criterion.objects.filter(stage=stage).exclude(pk__in=kept_ids).delete()
    for position, row in enumerate(criteria):
        values = {
            "name": row["name"].strip(),
            "description": row.get("description", ""),
            "weight": row["weight"],
            "max_score": row.get("max_score") or 100,
            "position": position,
        }
        if row.get("id") in existing:
            Criterion.objects.filter(pk=row["id"]).update(**values)
        else:
            Criterion.objects.create(stage=stage, **values)
    after = [{"name": row["name"].strip(), "weight": row["weight"]} for row in criteria]
    log_action(
        stage.edition,
        "kovablik.edition.criteria_changed",
        actor=actor,
        data={"stage": stage.kind, "before": before, "after": after},
    )
    _forget_prefetch(stage, "criteria")


@transaction.atomic
def set_categories(edition: Edition, *, categories: list[dict], actor) -> None:
    """Replace the edition's categories (dicts with name and optionally id and description)."""
    names = [row["name"].strip().casefold() for row in categories]
    if len(names) != len(set(names)):
        raise DomainError(_("Two categories cannot have the same name."))
    if not categories:
        raise DomainError(_("An edition needs at least one category."))
    existing = {category.pk: category for category in edition.categories.all()}
    before = [c.name for c in existing.values()]
    kept_ids = {row["id"] for row in categories if row.get("id") in existing}
    Category.objects.filter(edition=edition).exclude(pk__in=kept_ids).delete()
    # Park kept names first so that swapping two names does not trip the unique constraint midway.
    for pk in kept_ids:
        Category.objects.filter(pk=pk).update(name=f"__renaming_{pk}")
    for position, row in enumerate(categories):
        values = {
            "name": row["name"].strip(),
            "description": row.get("description", ""),
            "position": position,
        }
        if row.get("id") in existing:
            Category.objects.filter(pk=row["id"]).update(**values)
        else:
            Category.objects.create(edition=edition, **values)
    log_action(
        edition,
        "kovablik.edition.categories_changed",
        actor=actor,
        data={"before": before, "after": [row["name"].strip() for row in categories]},
    )
    _forget_prefetch(edition, "categories")


@transaction.atomic
def set_quotas(edition: Edition, *, default_quota: int, per_kind: dict[str, int | None], actor) -> None:
    """Set the default quota and the per-agency-kind overrides (None removes an override)."""
    before = {"default": edition.proposal_quota, **{q.agency_kind: q.quota for q in edition.quotas.all()}}
    if edition.proposal_quota != default_quota:
        edition.proposal_quota = default_quota
        edition.save(update_fields=["proposal_quota", "updated_at"])
    for kind, quota in per_kind.items():
        if quota is None:
            AgencyKindQuota.objects.filter(edition=edition, agency_kind=kind).delete()
        else:
            AgencyKindQuota.objects.update_or_create(edition=edition, agency_kind=kind, defaults={"quota": quota})
    after = {"default": default_quota, **{k: v for k, v in per_kind.items() if v is not None}}
    log_action(edition, "kovablik.edition.quotas_changed", actor=actor, data={"before": before, "after": after})
    _forget_prefetch(edition, "quotas")


@transaction.atomic
def set_word_limits(edition: Edition, *, limits: dict[str, int], actor) -> None:
    before = {limit.section: limit.max_words for limit in edition.word_limits.all()}
    for section, words in limits.items():
        SectionWordLimit.objects.update_or_create(edition=edition, section=section, defaults={"max_words": words})
    log_action(edition, "kovablik.edition.word_limits_changed", actor=actor, data={"before": before, "after": limits})
    _forget_prefetch(edition, "word_limits")


def _forget_prefetch(obj, relation: str) -> None:
    cache = getattr(obj, "_prefetched_objects_cache", {})
    cache.pop(relation, None)
    obj.__dict__.pop("ordered_phases", None)
