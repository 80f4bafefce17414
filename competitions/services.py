"""Writes for editions, agencies and people: one function per use case, each atomic and audited."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import caching
from core.audit import log_action
from core.exceptions import DomainError
from core.outbox import mail_renderer, queue_mail

from .enums import (
    DEFAULT_CRITERIA,
    DEFAULT_MAX_SCORE,
    DEFAULT_STAGE_WEIGHTS,
    DEFAULT_WINNERS,
    DEFAULT_WORD_LIMITS,
    WEIGHT_TOTAL,
    AccountRole,
    AgencyKind,
    GroupKind,
    MembershipRole,
    PhaseKind,
    StageKind,
)
from .models import (
    Agency,
    AgencyKindQuota,
    Category,
    CompetitionGroup,
    Criterion,
    Edition,
    Judge,
    Membership,
    Organizer,
    Phase,
    Region,
    SectionWordLimit,
    SpecialGroupInvitation,
    Stage,
)
from .queries import InvitationGround, invitation_grounds, link_invitation
from .rules import forget_roles
from .signals import criteria_changed

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
    refresh_edition(edition)
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
        half_point_scores=source.half_point_scores,
        minimum_months_running=source.minimum_months_running,
        special_counts_toward_quota=source.special_counts_toward_quota,
        special_entries_per_agency=source.special_entries_per_agency,
        units_share_parent_quota=source.units_share_parent_quota,
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
    refresh_edition(edition)
    return edition


EDITION_SETTINGS_FIELDS = (
    "number",
    "theme",
    "description",
    "is_public",
    "proposal_quota",
    "minimum_months_running",
    "half_point_scores",
    "special_counts_toward_quota",
    "special_entries_per_agency",
    "units_share_parent_quota",
    "presentation_minutes",
    "interview_minutes",
    "changeover_minutes",
    "absent_entry_rule",
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
    if "number" in changed and Edition.objects.exclude(pk=edition.pk).filter(number=changed["number"]).exists():
        raise DomainError(_("Edition number %(number)s is already used.") % {"number": changed["number"]})
    for field, value in changed.items():
        setattr(edition, field, value)
    edition.save(update_fields=[*changed, "updated_at"])
    log_action(
        edition,
        "kovablik.edition.updated",
        actor=actor,
        data={"before": {f: before[f] for f in changed}, "after": changed},
    )
    refresh_edition(edition)
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
    refresh_edition(edition, "phases")


@transaction.atomic
def set_group_winners(edition: Edition, *, winners: dict[str, int], actor) -> None:
    before = {group.kind: group.winners_count for group in edition.groups.all()}
    for kind, count in winners.items():
        CompetitionGroup.objects.update_or_create(edition=edition, kind=kind, defaults={"winners_count": count})
    log_action(edition, "kovablik.edition.groups_changed", actor=actor, data={"before": before, "after": winners})
    refresh_edition(edition, "groups")


@transaction.atomic
def set_stage_weights(edition: Edition, *, weights: dict[str, int], actor) -> None:
    """Set each stage's weight in the final score; the weights must total 100."""
    check_weights_total(weights.values(), what=_("the stages in the final score"))
    before = {stage.kind: stage.weight for stage in edition.stages.all()}
    for kind, weight in weights.items():
        Stage.objects.update_or_create(edition=edition, kind=kind, defaults={"weight": weight})
    log_action(edition, "kovablik.edition.stages_changed", actor=actor, data={"before": before, "after": weights})
    refresh_edition(edition, "stages")


@transaction.atomic
def set_criteria(stage: Stage, *, criteria: list[dict], actor) -> None:
    """Replace a stage's criteria with `criteria` (dicts with name, weight and optionally id, description,
    max_score). Rows with an id are updated in place so that scores already given keep their criterion."""
    check_weights_total((row["weight"] for row in criteria), what=stage.get_kind_display())
    names = [row["name"].strip().casefold() for row in criteria]
    if len(names) != len(set(names)):
        raise DomainError(_("Two criteria of a stage cannot have the same name."))
    # A total divides each score by its criterion's maximum, so a maximum must be a positive whole number.
    maxima = [row.get("max_score", DEFAULT_MAX_SCORE) for row in criteria]
    if any(isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1 for maximum in maxima):
        raise DomainError(_("A criterion's maximum score must be at least 1."))
    existing = {criterion.pk: criterion for criterion in stage.criteria.all()}
    before = [{"name": c.name, "weight": c.weight} for c in existing.values()]
    kept_ids = {row["id"] for row in criteria if row.get("id") in existing}
    try:
        Criterion.objects.filter(stage=stage).exclude(pk__in=kept_ids).delete()
    except ProtectedError as error:
        raise DomainError(
            _("A criterion that judges have already scored cannot be removed; keep it, or change its weight.")
        ) from error
    for position, row in enumerate(criteria):
        values = {
            "name": row["name"].strip(),
            "description": row.get("description", ""),
            "weight": row["weight"],
            "max_score": maxima[position],
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
    criteria_changed.send(sender=Stage, stage=stage)
    refresh_edition(stage.edition)


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
    try:
        Category.objects.filter(edition=edition).exclude(pk__in=kept_ids).delete()
    except ProtectedError as error:
        raise DomainError(
            _("A category that proposals already use cannot be removed; keep it or rename it.")
        ) from error
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
    refresh_edition(edition, "categories")


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
    refresh_edition(edition, "quotas")


@transaction.atomic
def set_word_limits(edition: Edition, *, limits: dict[str, int], actor) -> None:
    before = {limit.section: limit.max_words for limit in edition.word_limits.all()}
    for section, words in limits.items():
        SectionWordLimit.objects.update_or_create(edition=edition, section=section, defaults={"max_words": words})
    log_action(edition, "kovablik.edition.word_limits_changed", actor=actor, data={"before": before, "after": limits})
    refresh_edition(edition, "word_limits")


def refresh_edition(edition: Edition, *relations: str) -> None:
    """After any write to an edition's data (its settings, schedule, groups, stages, criteria, categories, quotas,
    word limits): drop the instance's now stale prefetched `relations`, and move the public cache's version so that
    the home page, the archive and the edition's public page show the change at once (core.caching)."""
    for relation in relations:
        _forget_prefetch(edition, relation)
    caching.bump_version(edition.pk)


def _forget_prefetch(obj, relation: str) -> None:
    cache = getattr(obj, "_prefetched_objects_cache", {})
    cache.pop(relation, None)
    obj.__dict__.pop("ordered_phases", None)


# Agencies ------------------------------------------------------------------------------------------------------------

AGENCY_FIELDS = ("name", "short_name", "kind", "parent", "region", "is_active")


def agency_problems(
    *, name: str, kind: str, parent: Agency | None, region: Region | None, agency: Agency | None = None
) -> dict[str, str]:
    """What is wrong with an agency's data, keyed by the field concerned: forms show each message next to its
    field, and the services refuse the same data, so the rule lives here once."""
    problems = {}
    duplicates = Agency.objects.filter(name__iexact=name.strip())
    if agency is not None:
        duplicates = duplicates.exclude(pk=agency.pk)
    if duplicates.exists():
        problems["name"] = _("Another agency already has this name.")
    if kind == AgencyKind.UNIT:
        if parent is None:
            problems["parent"] = _("A technical unit (UPT) needs a parent agency.")
        elif agency is not None and parent.pk == agency.pk:
            problems["parent"] = _("An agency cannot be its own parent.")
        elif parent.kind == AgencyKind.UNIT:
            problems["parent"] = _("A technical unit cannot be the parent of another unit; choose the agency itself.")
        elif agency is not None and agency.pk and Agency.objects.filter(parent_id=agency.pk).exists():
            problems["kind"] = _("This agency has technical units of its own, so it cannot become a unit.")
    elif parent is not None:
        problems["parent"] = _("Only a technical unit (UPT) has a parent agency.")
    if kind == AgencyKind.REGENCY_CITY and region is None:
        problems["region"] = _("A regency/city government needs its region.")
    return problems


def _raise_first(problems: dict[str, str]) -> None:
    if problems:
        raise DomainError(next(iter(problems.values())))


def _agency_data(agency: Agency) -> dict:
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "parent": agency.parent_id,
        "region": agency.region_id,
        "is_active": agency.is_active,
    }


@transaction.atomic
def create_agency(
    *,
    name: str,
    kind: str,
    actor,
    short_name: str = "",
    parent: Agency | None = None,
    region: Region | None = None,
    is_active: bool = True,
) -> Agency:
    """Register a participating agency; refuses a duplicate name, a unit without parent, a regency/city without
    its region."""
    _raise_first(agency_problems(name=name, kind=kind, parent=parent, region=region))
    agency = Agency.objects.create(
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        parent=parent,
        region=region,
        is_active=is_active,
    )
    log_action(agency, "kovablik.agency.created", actor=actor, data=_agency_data(agency))
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, changes: dict, actor) -> Agency:
    """Apply changes to an agency's fields (AGENCY_FIELDS), recording the old and new values. The values before are
    read from the database, so a form that already assigned them to `agency` does not hide the change."""
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise ValueError(f"Not an agency field: {sorted(unknown)}")
    current = Agency.objects.select_for_update().get(pk=agency.pk)
    before = _agency_data(current)
    for field, value in changes.items():
        setattr(current, field, value.strip() if isinstance(value, str) and field != "kind" else value)
    _raise_first(
        agency_problems(
            name=current.name, kind=current.kind, parent=current.parent, region=current.region, agency=current
        )
    )
    after = _agency_data(current)
    changed = [field for field in after if after[field] != before[field]]
    if changed:
        current.save(update_fields=changed)
        log_action(
            current,
            "kovablik.agency.updated",
            actor=actor,
            data={"before": {f: before[f] for f in changed}, "after": {f: after[f] for f in changed}},
        )
    return current


# People and roles -----------------------------------------------------------------------------------------------------


MEMBERSHIP_ACCOUNT_ROLES = {AccountRole.AGENCY_ADMIN: MembershipRole.ADMIN, AccountRole.DRAFTER: MembershipRole.DRAFTER}
PERSON_FIELDS = ("first_name", "last_name", "email", "is_active")


def account_role(user) -> str | None:
    """The role an account holds (organizer first when it holds several). Reads the reverse one-to-one relations,
    so select_related("organizer", "membership", "judge") keeps it free of queries."""
    if getattr(user, "organizer", None) is not None:
        return AccountRole.ORGANIZER
    membership = getattr(user, "membership", None)
    if membership is not None:
        return AccountRole.AGENCY_ADMIN if membership.role == MembershipRole.ADMIN else AccountRole.DRAFTER
    if getattr(user, "judge", None) is not None:
        return AccountRole.JUDGE
    return None


def allowed_role_changes(current: str | None) -> list[str]:
    """Roles an account may be given: any when it has none; otherwise only between agency admin and drafter, since
    a judge's or organizer's history (scores, decisions) must stay with the person who made it."""
    if current is None:
        return list(AccountRole.values)
    if current in MEMBERSHIP_ACCOUNT_ROLES:
        return list(MEMBERSHIP_ACCOUNT_ROLES)
    return [current]


def person_problems(
    *, username: str, email: str, role: str, agency: Agency | None, affiliation: str, user=None
) -> dict[str, str]:
    """What is wrong with an account's data, keyed by field (forms show it there; services refuse it)."""
    users = get_user_model().objects.all()
    if user is not None:
        users = users.exclude(pk=user.pk)
    problems = {}
    if not username.strip():
        problems["username"] = _("Enter a username.")
    elif users.filter(username__iexact=username.strip()).exists():
        problems["username"] = _("Another account already uses this username.")
    if not email.strip():
        problems["email"] = _("Enter an email address: the account's first login link is sent there.")
    elif users.filter(email__iexact=email.strip()).exists():
        problems["email"] = _("Another account already uses this email address.")
    # An existing account without any role (e.g. a superuser) may stay without one; a new account needs one.
    if role not in AccountRole.values and not (not role and user is not None and account_role(user) is None):
        problems["role"] = _("Choose a role.")
    if role in MEMBERSHIP_ACCOUNT_ROLES and agency is None:
        problems["agency"] = _("Choose the agency this account acts for.")
    if role == AccountRole.JUDGE and not affiliation.strip():
        problems["affiliation"] = _("Enter the institution the judge works for.")
    return problems


def _role_data(role: str | None, *, agency=None, affiliation="", expertise="", position="") -> dict:
    if role in MEMBERSHIP_ACCOUNT_ROLES:
        return {"role": role, "agency": agency.pk if agency else None}
    if role == AccountRole.JUDGE:
        return {
            "role": role,
            "agency": agency.pk if agency else None,
            "affiliation": affiliation.strip(),
            "expertise": expertise.strip(),
        }
    if role == AccountRole.ORGANIZER:
        return {"role": role, "position": position.strip()}
    return {"role": None}


def _current_role_data(user) -> dict:
    role = account_role(user)
    if role in MEMBERSHIP_ACCOUNT_ROLES:
        return _role_data(role, agency=user.membership.agency)
    if role == AccountRole.JUDGE:
        judge = user.judge
        return _role_data(role, agency=judge.agency, affiliation=judge.affiliation, expertise=judge.expertise)
    if role == AccountRole.ORGANIZER:
        return _role_data(role, position=user.organizer.position)
    return _role_data(None)


def _save_role(user, *, role: str, agency, affiliation: str, expertise: str, position: str) -> None:
    if role in MEMBERSHIP_ACCOUNT_ROLES:
        Membership.objects.update_or_create(
            user=user, defaults={"agency": agency, "role": MEMBERSHIP_ACCOUNT_ROLES[role]}
        )
    elif role == AccountRole.JUDGE:
        Judge.objects.update_or_create(
            user=user,
            defaults={"affiliation": affiliation.strip(), "agency": agency, "expertise": expertise.strip()},
        )
    elif role == AccountRole.ORGANIZER:
        Organizer.objects.update_or_create(user=user, defaults={"position": position.strip()})


@transaction.atomic
def create_person(
    *,
    username: str,
    email: str,
    role: str,
    actor,
    site_url: str,
    first_name: str = "",
    last_name: str = "",
    agency: Agency | None = None,
    affiliation: str = "",
    expertise: str = "",
    position: str = "",
):
    """Create an account with one role and, after commit, email the person a link to choose their password.

    `agency` is the agency a member acts for, or a judge's affiliated agency (optional for judges). `site_url` is
    the portal's address (scheme and host) for the link. No password is ever chosen or sent by the organizer."""
    _raise_first(person_problems(username=username, email=email, role=role, agency=agency, affiliation=affiliation))
    user = get_user_model()(
        username=username.strip(), email=email.strip(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    # A random password nobody knows (rather than an unusable one) so that "forgot password" also works for the
    # person later; they set their own through the emailed link.
    user.set_password(get_random_string(64))
    user.save()
    _save_role(user, role=role, agency=agency, affiliation=affiliation, expertise=expertise, position=position)
    role_data = _role_data(role, agency=agency, affiliation=affiliation, expertise=expertise, position=position)
    log_action(user, "kovablik.person.created", actor=actor, data={"username": user.username, **role_data})
    queue_mail(
        key=f"account-created:{user.pk}",
        renderer=render_account_created_email,
        recipient=user,
        params={"role": role, "agency": agency.pk if agency else None, "site_url": site_url},
    )
    return user


@mail_renderer
def render_account_created_email(delivery) -> tuple[str, str] | None:
    """Tell a new account holder what happened and how to start: choose a password through a one-time link.

    The link's token is made when the mail is written, so it is valid from the moment the mail leaves."""
    user = delivery.recipient
    if user is None or not user.is_active:
        return None
    params = delivery.params
    role = params["role"]
    agency = Agency.objects.filter(pk=params.get("agency")).first() if params.get("agency") else None
    site_url = params.get("site_url") or settings.PORTAL_URL
    token_path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    # The recipient's language is unknown before their first login: the delivery is in the portal's default.
    context = {
        "user": user,
        "role": AccountRole(role).label,
        "agency": agency,
        "set_password_url": site_url + token_path,
        "login_url": site_url + reverse("login"),
        "password_reset_url": site_url + reverse("password_reset"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("competitions/organizer/emails/account_created_subject.txt", context)
    body = render_to_string("competitions/organizer/emails/account_created_body.txt", context)
    return " ".join(subject.split()), body


def queue_password_reset_mail(*, user, to_email: str, templates: dict, site: dict) -> None:
    """Django's "forgot password" mail, sent by a task: `templates` names its subject and body templates, `site` the
    domain, protocol and site name the link uses. Each request is its own mail; the token is made when it is sent."""
    queue_mail(
        key=f"password-reset:{user.pk}:{uuid.uuid4().hex}",
        renderer=render_password_reset_email,
        recipient=user,
        to_email=to_email,
        params={**templates, **site},
    )


@mail_renderer
def render_password_reset_email(delivery) -> tuple[str, str] | None:
    user = delivery.recipient
    if user is None or not user.is_active or not user.has_usable_password():
        return None
    params = delivery.params
    context = {
        "email": delivery.to_email,
        "domain": params["domain"],
        "site_name": params["site_name"],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": params["protocol"],
    }
    subject = " ".join(render_to_string(params["subject_template"], context).split())
    return subject, render_to_string(params["email_template"], context)


@transaction.atomic
def update_person(
    user,
    *,
    changes: dict,
    role: str | None,
    actor,
    agency: Agency | None = None,
    affiliation: str = "",
    expertise: str = "",
    position: str = "",
) -> None:
    """Change an account's name, email, active flag (PERSON_FIELDS) and its role details. The role itself may only
    change as `allowed_role_changes` says (an account without a role may also keep none); an organizer cannot
    deactivate their own account."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not a person field: {sorted(unknown)}")
    current = (
        get_user_model()
        # Lock the user row only: PostgreSQL cannot lock the nullable side of the outer joins to the role rows.
        .objects.select_for_update(of=("self",))
        .select_related("organizer", "membership__agency", "judge__agency")
        .get(pk=user.pk)
    )
    old_role = account_role(current)
    role = role or None
    if role is None and old_role is None:
        pass  # an account without a role stays so
    elif role not in AccountRole.values:
        raise DomainError(_("Choose a role."))
    elif role not in allowed_role_changes(old_role):
        raise DomainError(
            _("The role of this account cannot change from %(old)s to %(new)s; create a separate account instead.")
            % {"old": AccountRole(old_role).label, "new": AccountRole(role).label}
        )
    if changes.get("is_active") is False and actor is not None and actor.pk == current.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    _raise_first(
        person_problems(
            username=current.username,
            email=changes.get("email", current.email),
            role=role,
            agency=agency,
            affiliation=affiliation,
            user=current,
        )
    )
    before = {**{field: getattr(current, field) for field in PERSON_FIELDS}, **_current_role_data(current)}
    for field, value in changes.items():
        setattr(current, field, value.strip() if isinstance(value, str) else value)
    changed_fields = [field for field in PERSON_FIELDS if getattr(current, field) != before[field]]
    if changed_fields:
        current.save(update_fields=changed_fields)
    role_data = _role_data(role, agency=agency, affiliation=affiliation, expertise=expertise, position=position)
    if role_data != _current_role_data(current):
        _save_role(current, role=role, agency=agency, affiliation=affiliation, expertise=expertise, position=position)
    after = {**{field: getattr(current, field) for field in PERSON_FIELDS}, **role_data}
    changed = sorted(key for key in after.keys() | before.keys() if after.get(key) != before.get(key))
    if changed:
        log_action(
            current,
            "kovablik.person.updated",
            actor=actor,
            data={"before": {k: before.get(k) for k in changed}, "after": {k: after.get(k) for k in changed}},
        )
    forget_roles(user)


# Special group (Kelompok Khusus) invitations ---------------------------------------------------------------------


@transaction.atomic
def invite_to_special_group(
    edition: Edition,
    *,
    agency: Agency,
    actor,
    note: str = "",
    ground: InvitationGround | None = None,
    site_url: str = "",
):
    """Invite an agency to the edition's special group, on `ground` (one of the agency's earlier awards at least a
    year old, queries.invitation_grounds), and tell its admins; inviting twice is refused. The organizer's page
    always names the award; a call without one (a script, test data) leaves the invitation unlinked."""
    if edition.special_invitations.filter(agency=agency).exists():
        raise DomainError(_("%(agency)s is already invited to the special group.") % {"agency": agency.name})
    if ground is not None:
        eligible = {(g.key, g.agency_id) for g in invitation_grounds(edition) or []}
        if (ground.key, agency.pk) not in eligible:
            raise DomainError(
                _(
                    "Choose one of %(agency)s's KOVABLIK awards of %(year)s or earlier: the special group is for "
                    "winners at least a year after their award."
                )
                % {"agency": agency.name, "year": edition.year - 1}
            )
    invitation = SpecialGroupInvitation.objects.create(
        edition=edition, agency=agency, note=note, grounds=ground.label if ground else "", invited_by=actor
    )
    if ground is not None:
        link_invitation(invitation, ground)
    log_action(
        edition,
        "kovablik.edition.special_invited",
        actor=actor,
        data={"agency": agency.pk, "agency_name": agency.name, "note": note, "grounds": invitation.grounds},
    )
    admins = get_user_model().objects.filter(
        membership__agency=agency, membership__role=MembershipRole.ADMIN, is_active=True
    )
    for admin in admins.exclude(email=""):
        queue_mail(
            key=f"special-invitation:{invitation.pk}:{admin.pk}",
            renderer=render_special_invitation,
            recipient=admin,
            params={"invitation": invitation.pk, "site_url": site_url},
        )
    return invitation


@transaction.atomic
def withdraw_special_invitation(invitation: SpecialGroupInvitation, *, actor) -> None:
    """Withdraw an invitation: the agency can no longer submit in the special group (what it already submitted
    stays, and screening decides on it)."""
    log_action(
        invitation.edition,
        "kovablik.edition.special_invitation_withdrawn",
        actor=actor,
        data={"agency": invitation.agency_id, "agency_name": invitation.agency.name},
    )
    invitation.delete()


@mail_renderer
def render_special_invitation(delivery) -> tuple[str, str] | None:
    """The invitation to the special group, to one agency admin; nothing once the invitation is withdrawn."""
    invitation = (
        SpecialGroupInvitation.objects.select_related("edition", "agency")
        .filter(pk=delivery.params["invitation"])
        .first()
    )
    if invitation is None:
        return None
    base = delivery.params.get("site_url") or getattr(settings, "PORTAL_URL", "")
    context = {
        "user": delivery.recipient,
        "invitation": invitation,
        "dashboard_url": f"{base}{reverse('competitions:dashboard')}",
    }
    return (
        " ".join(render_to_string("competitions/emails/special_invitation_subject.txt", context).split()),
        render_to_string("competitions/emails/special_invitation.txt", context),
    )
