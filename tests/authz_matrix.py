"""The authorization matrix: every URL of the portal, requested as every role, with the outcome each must get.

tests/test_authorization_matrix.py walks the URL resolver and fails when a named URL has no row here, then checks
every row for every role. To add a page, add a row; to add a role, append it to ROLES and give it a user in
`build_world` — the presets (`everyone`, `signed_in`, `only`) then cover it in every row that uses them, and rows
written out role by role fail until they state the new role.

Outcomes: OK (200), FORBIDDEN (403: signed in without the permission), NOT_FOUND (404: the object is outside the
user's scope), NOT_ALLOWED (405: wrong method), TO_LOGIN (302 to the login page: anonymous), or Redirect("url
name") for any other redirect.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions import services as competitions_services
from competitions.enums import AgencyKind, GroupKind, MembershipRole, PhaseKind, ProposalSection, StageKind
from competitions.models import jakarta_today
from core.models import MailDelivery
from judging import export_jobs
from judging import services as judging_services
from judging.models import Export
from judging.schedule import materials
from judging.schedule import services as schedule_services
from judging.visits import services as visit_services
from judging.visits.photos import clean_visit_photo
from publication.awards import services as publication_services
from publication.objections import services as objections
from tests import factories

# --- Roles ----------------------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
ROLES: list[str] = [
    ANONYMOUS,
    "admin_a",  # agency admin (Admin Lokal) of agency A
    "admin_b",  # agency admin of agency B
    "drafter_a",  # unit drafter of agency A
    "judge",  # a judge with no entry assigned
    "judge_assigned",  # a judge assigned to agency A's entry in the open desk stage
    "judge_conflict",  # a judge who works for agency A: never assigned to its entries
    "organizer",
]
JUDGES = ("judge", "judge_assigned", "judge_conflict")


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(output, format="PNG")
    return output.getvalue()


def build_world() -> SimpleNamespace:
    """The objects the rows' URLs point at and one user per role (None for anonymous).

    Agency A owns the objects the A roles may reach; agency B's admin is the attacker next door."""
    today = jakarta_today()
    world = SimpleNamespace()
    world.edition = factories.edition_with_defaults(year=today.year, number=today.year - 2015)
    world.hidden_edition = factories.edition_with_defaults(
        year=today.year + 1, number=today.year - 2014, is_public=False
    )
    world.agency_a = factories.AgencyFactory(name="Dinas A Provinsi Jawa Timur", short_name="Dinas A")
    world.agency_b = factories.AgencyFactory(name="Dinas B Provinsi Jawa Timur", short_name="Dinas B")
    world.users = {
        ANONYMOUS: None,
        "admin_a": factories.MembershipFactory(agency=world.agency_a, user__username="matrix.admin.a").user,
        "admin_b": factories.MembershipFactory(agency=world.agency_b, user__username="matrix.admin.b").user,
        "drafter_a": factories.MembershipFactory(
            agency=world.agency_a, role=MembershipRole.DRAFTER, user__username="matrix.drafter.a"
        ).user,
        "judge": factories.JudgeFactory(user__username="matrix.judge").user,
        "judge_assigned": factories.JudgeFactory(user__username="matrix.judge.assigned").user,
        "judge_conflict": factories.JudgeFactory(user__username="matrix.judge.conflict", agency=world.agency_a).user,
        "organizer": factories.OrganizerFactory(user__username="matrix.organizer").user,
    }
    # Submission is open today, so agency A's complete draft can be edited, submitted and withdrawn.
    day = dt.timedelta(days=1)
    competitions_services.set_schedule(
        world.edition,
        phases={
            PhaseKind.SUBMISSION: (today - 10 * day, today + 20 * day),
            PhaseKind.SCREENING: (today + 30 * day, today + 40 * day),
        },
        actor=None,
    )
    world.invitation = competitions_services.invite_to_special_group(world.edition, agency=world.agency_a, actor=None)
    world.draft_a = factories.ProposalFactory(edition=world.edition, agency=world.agency_a, complete=True)
    world.submitted_a = factories.ProposalFactory(
        edition=world.edition, agency=world.agency_a, complete=True, state="submitted", submitted_at=timezone.now()
    )
    world.draft_b = factories.ProposalFactory(edition=world.edition, agency=world.agency_b, complete=True)
    world.attachment_a = world.draft_a.attachments.get(kind="service_standard")
    world.attachment_b = world.draft_b.attachments.get(kind="service_standard")
    # Judging: agency A's passed proposal is an entry of the open desk stage, assigned to one judge of the panel.
    world.desk = world.edition.stages.get(kind=StageKind.DESK)
    world.passed_a = factories.ProposalFactory(
        edition=world.edition, agency=world.agency_a, complete=True, state="passed"
    )
    world.judge_assigned = world.users["judge_assigned"].judge
    world.panel = judging_services.create_panel(
        world.edition, name="Panel Umum", groups=[GroupKind.GENERAL], judges=[world.judge_assigned], actor=None
    )
    judging_services.open_stage(world.desk, actor=None, override_reason=factories.SKIP_ORDER)
    world.entry_a = factories.StageEntryFactory(stage=world.desk, proposal=world.passed_a)
    world.assignment = judging_services.assign_judge(world.entry_a, world.judge_assigned, actor=None)
    # The presentation schedule: agency A's entry has a slot in a published schedule of the panel (with a request
    # to move it waiting for an answer); the judge of the panel sees it.
    world.presentation = world.edition.stages.get(kind=StageKind.PRESENTATION)
    world.presentation_entry_a = factories.StageEntryFactory(stage=world.presentation, proposal=world.passed_a)
    soon = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + 12 * day
    world.session = schedule_services.create_session(
        world.presentation,
        panel=world.panel,
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=2),
        room="R1",
        actor=None,
    )
    schedule_services.fill(world.presentation, actor=None)
    schedule_services.publish_schedule(world.presentation, move_requests_until=None, actor=None)
    world.slot_a = world.presentation_entry_a.slot
    world.move_request = schedule_services.request_move(
        world.slot_a, reason="Berhalangan.", actor=world.users["admin_a"]
    )
    slides = materials.Slides(b"%PDF-1.4\nstartxref\n0\n%%EOF\n", "application/pdf", ".pdf", "Paparan.pdf")
    world.materials_a = materials.hand_in_materials(
        world.slot_a, slides=slides, video_url="", summary="", actor=world.users["admin_a"]
    )
    # Field verification: agency A's entry of the field stage has a published visit by the panel's judge, with a
    # photo in its report; the edition has the standard checklist.
    world.field = world.edition.stages.get(kind=StageKind.FIELD)
    world.field_entry_a = factories.StageEntryFactory(stage=world.field, proposal=world.passed_a)
    world.checklist_item = visit_services.use_default_checklist(world.edition, actor=None)[-1]
    world.visit_a = visit_services.plan_visit(
        world.field_entry_a,
        visit_services.VisitPlan(
            starts_at=soon + 5 * day,
            mode="online",
            address="",
            meeting_url="https://meet.example/v",
            judges=[world.judge_assigned],
        ),
        actor=None,
    )
    visit_services.publish_visits(world.field, actor=None)
    world.photo_a = visit_services.add_photo(
        world.visit_a,
        clean_visit_photo(SimpleUploadedFile("loket.png", _tiny_png())),
        caption="",
        actor=world.users["judge_assigned"],
    )
    world.draft_award = publication_services.add_extra_award(
        world.edition, proposal=world.passed_a, title="Inovasi Favorit", actor=None
    )
    # Last year's edition: agency B's innovation won a published award (so it is in the catalogue), its desk
    # entries are the announced finalists, and one objection was filed against it.
    world.past = factories.edition_with_defaults(year=today.year - 1, number=today.year - 2016)
    world.winner_b = factories.ProposalFactory(edition=world.past, agency=world.agency_b, complete=True, state="passed")
    factories.StageEntryFactory(stage=world.past.stages.get(kind=StageKind.DESK), proposal=world.winner_b)
    world.award = publication_services.add_extra_award(
        world.past, proposal=world.winner_b, title="Inovasi Terpuji", actor=None
    )
    publication_services.publish_results(world.past, actor=None, override_reason=factories.SKIP_ORDER)
    world.award.refresh_from_db()
    world.ground_b = f"award:{world.award.pk}"  # what the invitations form posts to invite agency B on it
    finalist_list = objections.publish_finalists(
        world.past, stage=world.past.stages.get(kind=StageKind.DESK), actor=None, override_reason=factories.SKIP_ORDER
    )
    world.finalist = finalist_list.finalists.get()
    # Background work: a written export asked for by the organizer and one by the assigned judge (their own minutes),
    # a failed export, and a failed mail (judging.export_jobs, core.outbox).
    organizer = world.users["organizer"]
    world.export = Export.objects.create(edition=world.edition, kind="ranking", fmt="csv", requested_by=organizer)
    world.export.params = {"stage": "desk", "group": GroupKind.GENERAL, "view": "raw"}
    world.export.save()
    export_jobs.write_export(world.export.pk)
    world.judge_export = Export.objects.create(
        edition=world.edition,
        kind="judge_score_sheet",
        fmt="pdf",
        params={"stage": "desk", "judge": world.judge_assigned.pk},
        requested_by=world.users["judge_assigned"],
    )
    export_jobs.write_export(world.judge_export.pk)
    world.failed_export = Export.objects.create(
        edition=world.edition, kind="ranking", fmt="csv", state="failed", last_error="OSError: disk full"
    )
    world.failed_mail = MailDelivery.objects.create(
        key="authz:failed", renderer="x", to_email="a@example.org", language="id", state="failed", attempts=5
    )
    world.objection = objections.file_objection(
        world.finalist, name="Warga", contact="warga@example.org", reason="Inovasi ini belum berjalan setahun."
    )
    return world


# --- Outcomes ---------------------------------------------------------------------------------------------------

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with the URL named `to`, reversed with `kwargs(world)` if given."""

    to: str
    kwargs: Callable[[Any], dict] | None = None

    def url(self, world) -> str:
        return reverse(self.to, kwargs=self.kwargs(world) if self.kwargs else None)

    def __str__(self):
        return f"302→{self.to}"


TO_LOGIN = Redirect("login")
Outcome = int | Redirect
Expect = dict[str, Outcome]

# Outcomes that refuse the request: a POST answered with one of them must leave the database as it was.
REFUSALS = (TO_LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)


def is_refusal(outcome: Outcome) -> bool:
    return outcome in REFUSALS


def everyone(outcome: Outcome = OK) -> Expect:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome = OK) -> Expect:
    """Any signed-in user gets `outcome`; anonymous visitors are sent to log in."""
    return {**everyone(outcome), ANONYMOUS: TO_LOGIN}


def only(*roles: str, others: Outcome = FORBIDDEN) -> Expect:
    """`roles` get 200, other signed-in users `others`, anonymous visitors are sent to log in."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {**signed_in(others), **dict.fromkeys(roles, OK)}


# --- Rows -------------------------------------------------------------------------------------------------------


def no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """One URL (namespaced name) with its arguments and the outcome per role for GET and, for actions, POST.

    `label` tells apart rows of the same URL (an own object and another agency's); `data` builds the POST body;
    `state` optionally snapshots what a refused POST must not change (beyond row counts and the audit log)."""

    name: str
    get: Expect
    kwargs: Callable[[Any], dict] = no_kwargs
    post: Expect | None = None
    data: Callable[[Any], dict] = field(default=no_kwargs)
    state: Callable[[Any], Any] | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


POST_ONLY = everyone(NOT_ALLOWED)
PROVINCIAL_AGENCY = {"kind": AgencyKind.PROVINCIAL, "parent": "", "region": "", "is_active": "on"}


def edition_year(world) -> dict:
    return {"year": world.edition.year}


def hidden_year(world) -> dict:
    return {"year": world.hidden_edition.year}


def saved_to_edition_detail() -> Expect:
    """A part of an edition's configuration: the organizer's valid POST saves and returns to the overview."""
    return {**only("organizer"), "organizer": Redirect("competitions:org_edition_detail", edition_year)}


AGENCY_MEMBERS = ("admin_a", "admin_b", "drafter_a")
A_MEMBERS = ("admin_a", "drafter_a")


def pk_of(attribute: str) -> Callable[[Any], dict]:
    return lambda world: {"pk": getattr(world, attribute).pk}


def step_of_a(world) -> dict:
    return {"pk": world.draft_a.pk, "step": "narrative"}


def attachments_of_a(world) -> dict:
    return {"pk": world.draft_a.pk, "step": "attachments"}


def proposal_of_a(*, readers: bool = False, editors: bool = False, admin_only: bool = False) -> Expect:
    """A proposal of agency A: out of scope (404) for agency B and judges. `readers`: its agency and organizers
    read it; `editors`: its agency's members change it (organizers 403); `admin_only`: only A's admin acts."""
    expect = {**everyone(NOT_FOUND), ANONYMOUS: TO_LOGIN, "organizer": FORBIDDEN}
    if readers:
        expect.update(admin_a=OK, drafter_a=OK, organizer=OK)
    if editors:
        expect.update(admin_a=OK, drafter_a=OK)
    if admin_only:
        expect.update(admin_a=OK, drafter_a=FORBIDDEN)
    return expect


def proposal_of_b(*, readers: bool = False) -> Expect:
    expect = proposal_of_a(readers=readers)
    return {**expect, "admin_a": NOT_FOUND, "drafter_a": NOT_FOUND, "admin_b": expect["admin_a"]}


def screened_to_detail() -> Expect:
    return only("organizer") | {"organizer": Redirect("proposals:screening_detail", pk_of("submitted_a"))}


def past_year(world) -> dict:
    return {"year": world.past.year}


def award_code(world) -> dict:
    return {"code": world.award.verification_code}


def draft_award_code(world) -> dict:
    return {"code": world.draft_award.verification_code}


def desk_of(world) -> dict:
    return {"year": world.edition.year, "kind": StageKind.DESK}


def desk_ranking(world) -> dict:
    return {**desk_of(world), "group_kind": GroupKind.GENERAL}


def entry_of_a(world) -> dict:
    return {"entry_id": world.entry_a.pk}


def assignment_pk(world) -> dict:
    return {"pk": world.assignment.pk}


def entry_pk(world) -> dict:
    return {"pk": world.entry_a.pk}


def presentation_of(world) -> dict:
    return {"year": world.edition.year, "kind": StageKind.PRESENTATION}


def field_of(world) -> dict:
    return {"year": world.edition.year, "kind": StageKind.FIELD}


def visit_readers(outcome: Outcome = OK) -> Expect:
    """A visit's report: its visiting judge and the organizers read it; to anyone else it does not exist."""
    return {**signed_in(NOT_FOUND), "judge_assigned": outcome, "organizer": outcome}


def visit_writer(writer: Outcome, others_who_read: Outcome) -> Expect:
    """A report action: the visiting judge gets `writer`; the organizer, who only reads, `others_who_read`."""
    return {**signed_in(NOT_FOUND), "judge_assigned": writer, "organizer": others_who_read}


TO_REPORT = Redirect("judging:visit_report", pk_of("visit_a"))


def slot_of_a() -> Expect:
    """Agency A's slot: its admin answers for it, its drafter may not (403), agency B's admin does not reach it."""
    return only("admin_a") | {"admin_b": NOT_FOUND}


def assigned_judge(outcome: Outcome = OK) -> Expect:
    """An entry's judge page: the assigned judge gets `outcome`; other judges 404 (not theirs, conflicted
    included); anyone who is not a judge 403."""
    return {**only(*JUDGES), **dict.fromkeys(JUDGES, NOT_FOUND), "judge_assigned": outcome}


def organizer_to(name: str, kwargs: Callable[[Any], dict] | None = None) -> Expect:
    """An organizer action whose POST (or GET) ends in a redirect to `name`; every other role is refused."""
    return {**only("organizer"), "organizer": Redirect(name, kwargs)}


def only_organizer_posts() -> Expect:
    """A POST-only organizer action: the organizer's GET is 405, everyone else is refused as for any organizer page."""
    return {**only("organizer"), "organizer": NOT_ALLOWED}


def formset(prefix: str, rows: list[dict]) -> dict:
    """POST data of an editable list (categories, criteria) that replaces it with `rows`."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": sum("id" in row for row in rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{index}-ORDER"] = index + 1
    return data


MATRIX: list[Row] = [
    # Load balancer probes (kovablik/health.py): open to everyone, GET only, never a redirect to log in.
    Row("healthz", everyone(), post=everyone(NOT_ALLOWED)),
    Row("readyz", everyone(), post=everyone(NOT_ALLOWED)),
    # Public pages
    Row("competitions:home", everyone()),
    Row("competitions:archive", everyone()),
    Row("competitions:edition_detail", everyone(), kwargs=lambda w: {"year": w.edition.year}, label="public"),
    Row(
        "competitions:edition_detail",
        everyone(NOT_FOUND),
        kwargs=lambda w: {"year": w.hidden_edition.year},
        label="hidden",
    ),
    # Where every signed-in user lands
    Row("competitions:dashboard", signed_in()),
    # Accounts (competitions/auth_urls.py)
    Row("login", {**everyone(Redirect("competitions:dashboard")), ANONYMOUS: OK}),
    Row("logout", POST_ONLY, post=everyone(Redirect("competitions:home"))),
    Row("password_change", signed_in(), post=signed_in(OK)),
    Row("password_change_done", signed_in()),
    Row("password_reset", everyone()),
    Row("password_reset_done", everyone()),
    Row(
        "password_reset_confirm",
        everyone(),  # an invalid link shows its explanation to anyone
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-valid-token"},
    ),
    Row("password_reset_complete", everyone()),
    # Organizer pages for editions (competitions/views/organizer.py). Every POST carries valid data, so a refused
    # role is refused for its role and not for its input, and the organizer's POST shows the action succeeds.
    Row("competitions:org_edition_list", only("organizer")),
    Row(
        "competitions:org_edition_create",
        only("organizer"),
        post={**only("organizer"), "organizer": Redirect("competitions:org_edition_detail", lambda w: {"year": 2090})},
        data=lambda w: {"year": 2090, "number": 75, "theme": "Tema matriks", "description": "", "is_public": ""},
    ),
    Row("competitions:org_edition_detail", only("organizer"), kwargs=edition_year, label="public"),
    Row("competitions:org_edition_detail", only("organizer"), kwargs=hidden_year, label="hidden"),
    Row(
        "competitions:org_edition_detail",
        only("organizer", others=FORBIDDEN) | {"organizer": NOT_FOUND},
        kwargs=lambda w: {"year": 2099},
        label="missing",
    ),
    Row(
        "competitions:org_edition_edit",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: {
            "number": w.edition.number,
            "theme": "Tema diubah",
            "description": "",
            "is_public": "on",
            "proposal_quota": 4,
            "minimum_months_running": 12,
            "special_counts_toward_quota": "",
            "special_entries_per_agency": 1,
            "presentation_minutes": 7,
            "interview_minutes": 13,
            "changeover_minutes": 5,
            "absent_entry_rule": "zero",
        },
    ),
    Row(
        "competitions:org_edition_schedule",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: {
            **{
                f"{kind}_{end}": f"{w.edition.year}-{month:02d}-{day:02d}"
                for month, kind in enumerate(PhaseKind, start=3)
                for end, day in (("starts_on", 1), ("ends_on", 20))
            },
            "confirm_early_close": "on",  # these dates may end an open submission early
        },
    ),
    Row(
        "competitions:org_edition_groups",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: dict.fromkeys(GroupKind.values, 7),
    ),
    Row(
        "competitions:org_edition_categories",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: formset(
            "categories",
            [{"id": c.pk, "name": c.name, "description": ""} for c in w.edition.categories.all()]
            + [{"name": "Kategori baru", "description": ""}],
        ),
    ),
    Row(
        "competitions:org_edition_stages",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: {StageKind.DESK: 50, StageKind.PRESENTATION: 25, StageKind.FIELD: 25},
    ),
    Row(
        "competitions:org_edition_criteria",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "kind": StageKind.DESK},
        post=saved_to_edition_detail(),
        data=lambda w: formset("criteria", [{"name": "Semua", "description": "", "weight": 100, "max_score": 100}]),
        label="desk",
    ),
    Row(
        "competitions:org_edition_criteria",
        only("organizer", others=FORBIDDEN) | {"organizer": NOT_FOUND},
        kwargs=lambda w: {"year": w.edition.year, "kind": "no-such-stage"},
        label="unknown stage",
    ),
    Row(
        "competitions:org_edition_quotas",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: {"default_quota": 4, **dict.fromkeys(AgencyKind.values, "")},
    ),
    Row(
        "competitions:org_edition_word_limits",
        only("organizer"),
        kwargs=edition_year,
        post=saved_to_edition_detail(),
        data=lambda w: dict.fromkeys(ProposalSection.values, 150),
    ),
    Row(
        "competitions:org_edition_copy",
        only("organizer"),
        kwargs=edition_year,
        post={
            **only("organizer"),
            "organizer": Redirect("competitions:org_edition_detail", lambda w: {"year": 2091}),
        },
        data=lambda w: {"year": 2091, "number": 76, "theme": "Tema salinan"},
    ),
    Row(
        "competitions:org_edition_invitations",
        only("organizer"),
        kwargs=edition_year,
        post=organizer_to("competitions:org_edition_invitations", edition_year),
        data=lambda w: {"ground": w.ground_b, "note": ""},
    ),
    Row(
        "competitions:org_edition_invitation_withdraw",
        only("organizer"),
        kwargs=lambda w: {"pk": w.invitation.pk},
        post=organizer_to("competitions:org_edition_invitations", edition_year),
    ),
    # Organizer pages for agencies and accounts (competitions/views/agencies.py, people.py)
    Row("competitions:org_agency_list", only("organizer")),
    Row(
        "competitions:org_agency_create",
        only("organizer"),
        post={**only("organizer"), "organizer": Redirect("competitions:org_agency_list")},
        data=lambda w: {"name": "Dinas Baru Provinsi Jawa Timur", "short_name": "Baru", **PROVINCIAL_AGENCY},
    ),
    Row(
        "competitions:org_agency_edit",
        only("organizer"),
        kwargs=lambda w: {"pk": w.agency_b.pk},
        post={**only("organizer"), "organizer": Redirect("competitions:org_agency_list")},
        data=lambda w: {"name": "Dinas B (diubah)", "short_name": "B", **PROVINCIAL_AGENCY},
    ),
    Row("competitions:org_person_list", only("organizer")),
    Row(
        "competitions:org_lockout_list",
        only("organizer"),
        post=organizer_to("competitions:org_lockout_list"),
        data=lambda w: {"kind": "username", "username": "nobody"},
    ),
    # The outgoing mail queue (competitions/views/mail.py)
    Row("competitions:org_mail_list", only("organizer")),
    Row(
        "competitions:org_mail_retry",
        only("organizer"),
        kwargs=lambda w: {"pk": w.failed_mail.pk},
        post=organizer_to("competitions:org_mail_list"),
    ),
    Row(
        "competitions:org_person_create",
        only("organizer"),
        post={**only("organizer"), "organizer": Redirect("competitions:org_person_list")},
        data=lambda w: {
            "username": "matrix.new",
            "email": "matrix.new@example.org",
            "first_name": "Baru",
            "last_name": "",
            "role": "agency_admin",
            "agency": w.agency_b.pk,
        },
    ),
    Row(
        "competitions:org_person_edit",
        only("organizer"),
        kwargs=lambda w: {"pk": w.users["admin_b"].pk},
        post={**only("organizer"), "organizer": Redirect("competitions:org_person_list")},
        data=lambda w: {
            "email": "changed.by.attacker@example.org",
            "first_name": "Diubah",
            "last_name": "",
            "is_active": "on",
            "role": "agency_admin",
            "agency": w.agency_b.pk,
        },
        label="agency B admin",
    ),
    Row(
        "proposals:extend_deadline",
        only("organizer"),
        kwargs=edition_year,
        post={**only("organizer"), "organizer": Redirect("proposals:extend_deadline", edition_year)},
        data=lambda w: {"new_end_date": (jakarta_today() + dt.timedelta(days=25)).isoformat()},
    ),
    Row("proposals:quota_use", only("organizer"), kwargs=edition_year),
    # The agency side of proposals (proposals/views/agency.py): members of the proposal's agency; another agency's
    # proposal is out of scope (404); organizers read every proposal but never edit, submit or withdraw one.
    Row("proposals:list", only(*AGENCY_MEMBERS)),
    Row(
        "proposals:create",
        only(*AGENCY_MEMBERS),
        post={**only(*AGENCY_MEMBERS), **dict.fromkeys(AGENCY_MEMBERS, Redirect("proposals:list"))},
        data=lambda w: {"title": "Inovasi Baru", "category": w.edition.categories.first().pk, "group": "umum"},
    ),
    Row("proposals:detail", proposal_of_a(readers=True), kwargs=pk_of("draft_a"), label="agency A draft"),
    Row("proposals:detail", proposal_of_b(readers=True), kwargs=pk_of("draft_b"), label="agency B draft"),
    Row("proposals:history", proposal_of_a(readers=True), kwargs=pk_of("draft_a")),
    Row(
        "proposals:edit_step",
        proposal_of_a(editors=True),
        kwargs=lambda w: {"pk": w.draft_a.pk, "step": "basics"},
        post=proposal_of_a(editors=True) | dict.fromkeys(A_MEMBERS, Redirect("proposals:edit_step", step_of_a)),
        data=lambda w: {"title": "Judul diubah", "category": w.edition.categories.first().pk, "group": "umum"},
        label="basics",
    ),
    Row(
        # Served by the unnamed attachments-step pattern that the named edit_step URL resolves to.
        "proposals:edit_step",
        proposal_of_a(editors=True),
        kwargs=lambda w: {"pk": w.draft_a.pk, "step": "attachments"},
        label="attachments",
    ),
    Row(
        "proposals:edit_step",
        proposal_of_a(editors=True) | dict.fromkeys(A_MEMBERS, Redirect("proposals:detail", pk_of("submitted_a"))),
        kwargs=lambda w: {"pk": w.submitted_a.pk, "step": "basics"},
        label="submitted, no longer editable",
    ),
    Row(
        "proposals:submit",
        proposal_of_a(admin_only=True),
        kwargs=pk_of("draft_a"),
        post=proposal_of_a(admin_only=True) | {"admin_a": Redirect("proposals:detail", pk_of("draft_a"))},
    ),
    Row(
        "proposals:withdraw",
        proposal_of_a(admin_only=True),
        kwargs=pk_of("draft_a"),
        post=proposal_of_a(admin_only=True) | {"admin_a": Redirect("proposals:detail", pk_of("draft_a"))},
        data=lambda w: {"note": ""},
    ),
    Row("proposals:drafters", only("admin_a", "admin_b")),
    Row(
        "proposals:drafter_add",
        only("admin_a", "admin_b"),
        post=only("admin_a", "admin_b") | dict.fromkeys(["admin_a", "admin_b"], Redirect("proposals:drafters")),
        data=lambda w: {"email": "drafter.new@example.org", "first_name": "Baru", "last_name": ""},
    ),
    # Attachments (proposals/views/attachments.py): upload and remove are steps of the form; a download is a 404
    # for whoever may not see the file, anonymous visitors included (no hint that it exists).
    Row(
        "proposals:attachment_upload",
        proposal_of_a(editors=True) | dict.fromkeys(A_MEMBERS, Redirect("proposals:edit_step", attachments_of_a)),
        kwargs=lambda w: {"pk": w.draft_a.pk, "kind": "service_standard"},
        post=proposal_of_a(editors=True) | dict.fromkeys(A_MEMBERS, Redirect("proposals:edit_step", attachments_of_a)),
        data=lambda w: {
            "service_standard-file": SimpleUploadedFile("standar.pdf", factories.MINIMAL_PDF, "application/pdf")
        },
    ),
    Row(
        "proposals:attachment_delete",
        proposal_of_a(editors=True),
        kwargs=lambda w: {"pk": w.draft_a.pk, "attachment_pk": w.attachment_a.pk},
        post=proposal_of_a(editors=True) | dict.fromkeys(A_MEMBERS, Redirect("proposals:edit_step", attachments_of_a)),
    ),
    Row(
        "proposals:attachment_download",
        {**everyone(NOT_FOUND), "admin_a": OK, "drafter_a": OK, "organizer": OK},
        kwargs=lambda w: {"pk": w.draft_a.pk, "attachment_pk": w.attachment_a.pk},
        label="agency A file",
    ),
    Row(
        "proposals:attachment_download",
        everyone(NOT_FOUND),
        kwargs=lambda w: {"pk": w.draft_a.pk, "attachment_pk": w.attachment_b.pk},
        label="agency B file under agency A's proposal",
    ),
    Row(
        "proposals:declaration_pdf",
        {**everyone(NOT_FOUND), "admin_a": OK, "drafter_a": OK, "organizer": OK},
        kwargs=lambda w: {"pk": w.draft_a.pk, "declaration_pk": w.draft_a.declarations.get().pk},
        label="agency A declaration",
    ),
    Row(
        "proposals:declaration_pdf",
        everyone(NOT_FOUND),
        kwargs=lambda w: {"pk": w.draft_a.pk, "declaration_pk": w.draft_b.declarations.get().pk},
        label="agency B declaration under agency A's proposal",
    ),
    # Administrative screening (proposals/views/screening.py): organizers only, checked before any lookup.
    Row("proposals:screening_list", only("organizer")),
    Row("proposals:screening_detail", only("organizer"), kwargs=pk_of("submitted_a"), label="submitted"),
    Row(
        "proposals:screening_detail",
        only("organizer") | {"organizer": NOT_FOUND},
        kwargs=pk_of("draft_a"),
        label="draft, not screened",
    ),
    Row(
        "proposals:screening_pass",
        only("organizer"),
        kwargs=pk_of("submitted_a"),
        post=screened_to_detail(),
        data=lambda w: {"note": ""},
    ),
    Row(
        "proposals:screening_return",
        only("organizer"),
        kwargs=pk_of("submitted_a"),
        post=screened_to_detail(),
        data=lambda w: {"note": "Lengkapi lampiran.", "revision_deadline": (jakarta_today() + dt.timedelta(days=7))},
    ),
    Row(
        "proposals:screening_reject",
        only("organizer"),
        kwargs=pk_of("submitted_a"),
        post=screened_to_detail(),
        data=lambda w: {"note": "Tidak memenuhi syarat."},
    ),
    # Judges (judging/views/judge.py, exports.py): judges only (403 for anyone else); an entry or stage that is not
    # the judge's own is a 404, the conflicted judge's included.
    Row("judging:my_entries", only(*JUDGES)),
    Row(
        "judging:score",
        assigned_judge(),
        kwargs=entry_of_a,
        post=assigned_judge(Redirect("judging:score", entry_of_a)),
        data=lambda w: {
            "version": 0,
            "overall_note": "",
            **{f"score_{criterion.pk}": 80 for criterion in w.desk.criteria.all()},
        },
    ),
    Row(
        "judging:score_review",
        {**only(*JUDGES), **dict.fromkeys(JUDGES, NOT_ALLOWED)},
        kwargs=entry_of_a,
        post=assigned_judge(Redirect("judging:score_submit", entry_of_a)),
        data=lambda w: {"version": 0, "overall_note": ""},
    ),
    Row(
        "judging:score_submit",
        assigned_judge(),
        kwargs=entry_of_a,
        # Nothing is scored yet, so the submit is refused back to the scoring page; only the status is the point.
        post=assigned_judge(Redirect("judging:score", entry_of_a)),
        data=lambda w: {"version": 0},
    ),
    Row(
        "judging:declare_conflict",
        assigned_judge(),
        kwargs=entry_of_a,
        post=assigned_judge(Redirect("judging:my_entries")),
        data=lambda w: {"reason": "Saya pernah menjadi konsultan inovasi ini."},
    ),
    Row(
        "judging:confirm_score_sheet",
        assigned_judge(),
        kwargs=desk_of,
        post=assigned_judge(Redirect("judging:confirm_score_sheet", desk_of)),
    ),
    # Asking for the judge's own PDF is a POST (a task writes it); they download it from their score sheet page.
    Row(
        "judging:my_score_sheet_pdf",
        {**only(*JUDGES), **dict.fromkeys(JUDGES, NOT_ALLOWED)},
        kwargs=desk_of,
        post=assigned_judge(Redirect("judging:confirm_score_sheet", desk_of)),
    ),
    # Organizers: panels, rounds and assignment (judging/views/panels.py)
    Row("judging:panels", only("organizer"), kwargs=edition_year),
    Row(
        "judging:panel_create",
        only("organizer"),
        kwargs=edition_year,
        post=organizer_to("judging:panels", edition_year),
        data=lambda w: {"name": "Panel Replikasi", "description": "", "groups": ["replikasi"], "judges": []},
    ),
    Row(
        "judging:panel_edit",
        only("organizer"),
        kwargs=lambda w: {"pk": w.panel.pk},
        post=organizer_to("judging:panels", edition_year),
        data=lambda w: {
            "name": "Panel Umum (diubah)",
            "description": "",
            "groups": ["umum"],
            "judges": [w.judge_assigned.pk],
        },
    ),
    Row(
        "judging:round_settings",
        only("organizer"),
        kwargs=desk_of,
        post=organizer_to("judging:panels", edition_year),
        data=lambda w: {
            "can_score": "on",
            "blind": "",
            "see_other_scores_after_close": "",
            "judges_per_entry": 2,
            "disagreement_threshold": "15",
        },
    ),
    Row("judging:round_open", only("organizer"), kwargs=desk_of, post=organizer_to("judging:panels", edition_year)),
    Row("judging:round_close", only("organizer"), kwargs=desk_of, post=organizer_to("judging:panels", edition_year)),
    Row("judging:stage_assignments", only("organizer"), kwargs=desk_of),
    Row(
        "judging:run_assignment",
        only("organizer"),
        kwargs=desk_of,
        post=organizer_to("judging:assignment_result", desk_of),
    ),
    Row("judging:assignment_result", only("organizer"), kwargs=desk_of),
    Row("judging:entry_judges", only("organizer"), kwargs=entry_pk),
    Row(
        "judging:entry_judge_add",
        {**only("organizer"), "organizer": NOT_ALLOWED},
        kwargs=entry_pk,
        post=organizer_to("judging:entry_judges", entry_pk),
        data=lambda w: {"judge": w.users["judge"].judge.pk},
    ),
    Row(
        "judging:assignment_remove",
        only("organizer"),
        kwargs=assignment_pk,
        post=organizer_to("judging:entry_judges", entry_pk),
    ),
    Row(
        "judging:sheet_reopen",
        only("organizer"),
        kwargs=assignment_pk,
        post=organizer_to("judging:entry_judges", entry_pk),
        data=lambda w: {"reason": "Koreksi nilai."},
    ),
    # Organizers: ranking, shortlist, progress, audit and exports (judging/views/ranking.py, progress.py, audit.py,
    # exports.py)
    Row("judging:ranking_overview", only("organizer"), kwargs=edition_year),
    Row("judging:ranking", only("organizer"), kwargs=desk_ranking),
    # Exports are asked for with a POST (a task writes the file) and downloaded from the Exports page.
    Row(
        "judging:ranking_export",
        only_organizer_posts(),
        kwargs=lambda w: {**desk_ranking(w), "fmt": "csv"},
        post=organizer_to("judging:exports"),
    ),
    Row(
        "judging:score_sheets_export",
        only_organizer_posts(),
        kwargs=lambda w: {**desk_ranking(w), "fmt": "xlsx"},
        post=organizer_to("judging:exports"),
    ),
    Row("judging:exports", only("organizer")),
    Row(
        "judging:export_retry",
        only("organizer"),
        kwargs=lambda w: {"pk": w.failed_export.pk},
        post=organizer_to("judging:exports"),
    ),
    # Organizers download any export; a judge only the ones they asked for (another's is a 404).
    Row(
        "judging:export_download",
        {**only("organizer"), **dict.fromkeys(JUDGES, NOT_FOUND)},
        kwargs=lambda w: {"pk": w.export.pk},
        label="organizer's export",
    ),
    Row(
        "judging:export_download",
        {**only("organizer", "judge_assigned"), "judge": NOT_FOUND, "judge_conflict": NOT_FOUND},
        kwargs=lambda w: {"pk": w.judge_export.pk},
        label="judge's own minutes",
    ),
    Row(
        "judging:final_ranking",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "group_kind": GroupKind.GENERAL},
    ),
    Row(
        "judging:final_ranking_export",
        only_organizer_posts(),
        kwargs=lambda w: {"year": w.edition.year, "group_kind": GroupKind.GENERAL, "fmt": "csv"},
        post=organizer_to("judging:exports"),
    ),
    Row(
        # The desk stage is still open, so the organizer is sent back to its ranking until it closes.
        "judging:advance_shortlist",
        organizer_to("judging:ranking", desk_ranking),
        kwargs=desk_ranking,
        post=organizer_to("judging:ranking", desk_ranking),
    ),
    Row(
        "judging:judge_score_sheet_pdf",
        only_organizer_posts(),
        kwargs=lambda w: {**desk_of(w), "judge": w.judge_assigned.pk},
        post=organizer_to("judging:exports"),
    ),
    Row("judging:progress", only("organizer"), kwargs=edition_year),
    Row(
        "judging:remind_judges",
        only("organizer"),
        kwargs=desk_of,
        post=organizer_to("judging:progress", edition_year),
    ),
    Row("judging:audit", only("organizer"), kwargs=edition_year),
    # The presentation schedule (judging/schedule/views.py).
    Row(
        "judging:schedule",
        only("organizer"),
        kwargs=presentation_of,
        post=organizer_to("judging:schedule", presentation_of),
        data=lambda w: {
            "panel": w.panel.pk,
            "day": (w.session.starts_at + dt.timedelta(days=1)).date().isoformat(),
            "starts": "08:00",
            "ends": "09:00",
            "room": "R2",
        },
    ),
    Row(
        "judging:schedule", only("organizer") | {"organizer": NOT_FOUND}, kwargs=desk_of, label="desk: no presentations"
    ),
    *[
        Row(name, only("organizer"), kwargs=presentation_of, post=organizer_to("judging:schedule", presentation_of))
        for name in ("judging:schedule_fill", "judging:schedule_publish", "judging:schedule_remind")
    ],
    Row(
        # The schedule is published and the session holds a slot: the organizer is told to move it first.
        "judging:session_delete",
        only("organizer"),
        kwargs=lambda w: {**presentation_of(w), "pk": w.session.pk},
        post=organizer_to("judging:schedule", presentation_of),
    ),
    *[
        # An empty form: the organizer sees it again with its errors.
        Row(name, only("organizer"), kwargs=lambda w: {**presentation_of(w), "pk": w.slot_a.pk}, post=only("organizer"))
        for name in ("judging:slot_move", "judging:slot_swap")
    ],
    Row(
        "judging:slot_request_answer",
        only("organizer"),
        kwargs=lambda w: {**presentation_of(w), "pk": w.slot_a.pk, "request_id": w.move_request.pk},
        post=only("organizer"),
    ),
    Row("judging:agency_slots", only(*AGENCY_MEMBERS)),
    *[
        Row(name, slot_of_a(), kwargs=pk_of("slot_a"), post=slot_of_a())
        for name in ("judging:agency_slot_confirm", "judging:agency_slot_move")
    ],
    Row("judging:agency_slot_materials", slot_of_a(), kwargs=pk_of("slot_a"), post=slot_of_a()),
    Row(
        # Its agency's members, the organizers and the judge of the panel it presents to; nobody else learns it exists.
        "judging:slides_download",
        {**everyone(NOT_FOUND), "admin_a": OK, "drafter_a": OK, "judge_assigned": OK, "organizer": OK},
        kwargs=pk_of("materials_a"),
    ),
    Row("judging:agency_slot_calendar", only(*A_MEMBERS) | {"admin_b": NOT_FOUND}, kwargs=pk_of("slot_a")),
    Row(
        # Its schedule is published: no stage of agency A (nor B) is still being scheduled.
        "judging:agency_unavailable_days",
        only("admin_a", "admin_b") | {"admin_a": NOT_ALLOWED, "admin_b": NOT_ALLOWED},
        kwargs=lambda w: {"stage_id": w.presentation.pk},
        post=only("admin_a", "admin_b") | {"admin_a": NOT_FOUND, "admin_b": NOT_FOUND},
    ),
    Row(
        # The session has no chair: only organizers record attendance; an empty form comes back with its errors.
        "judging:slot_attendance",
        only("organizer"),
        kwargs=pk_of("slot_a"),
        post=only("organizer"),
    ),
    # Field verification (judging/visits/views.py).
    Row("judging:visits", only("organizer"), kwargs=field_of),
    Row("judging:visits", only("organizer") | {"organizer": NOT_FOUND}, kwargs=desk_of, label="desk: no visits"),
    Row(
        # An empty form comes back with its errors.
        "judging:visit_plan",
        only("organizer"),
        kwargs=lambda w: {**field_of(w), "entry_id": w.field_entry_a.pk},
        post=only("organizer"),
    ),
    Row(
        # The report holds a photo: the organizer is told the visit can change, not go.
        "judging:visit_cancel",
        only("organizer"),
        kwargs=lambda w: {**field_of(w), "pk": w.visit_a.pk},
        post=organizer_to("judging:visits", field_of),
    ),
    Row("judging:visits_publish", only("organizer"), kwargs=field_of, post=organizer_to("judging:visits", field_of)),
    Row("judging:checklist", only("organizer"), kwargs=edition_year, post=only("organizer")),
    Row(
        "judging:checklist_default",
        only_organizer_posts(),
        kwargs=edition_year,
        post=organizer_to("judging:checklist", edition_year),
    ),
    Row(
        "judging:checklist_item",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.checklist_item.pk},
        post=only("organizer"),
    ),
    Row(
        "judging:checklist_item_remove",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.checklist_item.pk},
        post=organizer_to("judging:checklist", edition_year),
    ),
    Row("judging:my_visits", only(*JUDGES)),
    Row("judging:agency_visits", only(*AGENCY_MEMBERS)),
    # An empty report form comes back to its judge with errors; the organizer reads and is sent back to the report.
    Row("judging:visit_report", visit_readers(), kwargs=pk_of("visit_a"), post=visit_writer(OK, TO_REPORT)),
    *[
        Row(name, visit_readers(TO_REPORT), kwargs=pk_of("visit_a"), post=visit_writer(OK, TO_REPORT))
        for name in ("judging:visit_testimony", "judging:visit_photo_add")
    ],
    Row(
        "judging:visit_confirm", visit_writer(OK, TO_REPORT), kwargs=pk_of("visit_a"), post=visit_writer(OK, TO_REPORT)
    ),
    Row("judging:visit_report_pdf", visit_readers(), kwargs=pk_of("visit_a")),
    *[
        Row(name, visit_readers(), kwargs=lambda w: {"pk": w.visit_a.pk, "photo_id": w.photo_a.pk})
        for name in ("judging:visit_photo", "judging:visit_photo_thumbnail")
    ],
    Row(
        "judging:visit_photo_remove",
        visit_writer(OK, TO_REPORT),
        kwargs=lambda w: {"pk": w.visit_a.pk, "photo_id": w.photo_a.pk},
        post=visit_writer(TO_REPORT, TO_REPORT),
    ),
    Row("judging:my_schedule", only(*JUDGES)),
    Row("judging:my_schedule_calendar", only(*JUDGES)),
    # Public results (publication/views/results.py): public to everyone; before publication an edition's results,
    # its open data and any certificate code answer 404.
    Row("publication:results_archive", everyone()),
    Row("publication:results", everyone(), kwargs=past_year, label="published"),
    Row("publication:results", everyone(NOT_FOUND), kwargs=edition_year, label="not published"),
    Row("publication:open_data_csv", everyone()),
    Row("publication:open_data_json", everyone()),
    Row("publication:open_data_csv_year", everyone(), kwargs=past_year, label="published"),
    Row("publication:open_data_csv_year", everyone(NOT_FOUND), kwargs=edition_year, label="not published"),
    Row("publication:open_data_json_year", everyone(), kwargs=past_year, label="published"),
    Row("publication:open_data_json_year", everyone(NOT_FOUND), kwargs=edition_year, label="not published"),
    Row("publication:certificate", everyone(), kwargs=award_code, label="published award"),
    Row("publication:certificate", everyone(NOT_FOUND), kwargs=draft_award_code, label="draft award"),
    Row("publication:verify_form", everyone()),
    Row("publication:verify", everyone(), kwargs=award_code, label="published award"),
    Row("publication:verify", everyone(NOT_FOUND), kwargs=draft_award_code, label="draft award"),
    # Organizers: reminders to agencies of returned proposals (proposals/views/organizer.py), previewed on GET.
    Row(
        "proposals:revision_reminders",
        only("organizer"),
        kwargs=edition_year,
        post=organizer_to("proposals:revision_reminders", edition_year),
    ),
    # Organizers: the edition's cockpit (publication/views/cockpit.py); the navbar's link opens the newest edition's.
    Row("publication:cockpit", only("organizer"), kwargs=edition_year),
    Row("publication:current_cockpit", organizer_to("publication:cockpit", lambda w: {"year": w.hidden_edition.year})),
    # Organizers: awards, publication, revocation, national track (publication/views/awards.py)
    Row("publication:awards", only("organizer"), kwargs=edition_year),
    Row("publication:awards_prefill", only("organizer"), kwargs=edition_year),
    Row(
        "publication:awards_group",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "group_kind": GroupKind.GENERAL},
    ),
    Row("publication:awards_extra_add", only("organizer"), kwargs=edition_year),
    Row("publication:awards_preview", only("organizer"), kwargs=edition_year),
    Row(
        "publication:awards_publish",
        only("organizer"),
        kwargs=edition_year,
        post=organizer_to("publication:awards", edition_year),
        data=lambda w: {"override_reason": "Uji matriks hak akses."},
    ),
    Row(
        "publication:awards_unpublish",
        only("organizer"),
        kwargs=past_year,
        post=organizer_to("publication:awards", past_year),
        data=lambda w: {"reason": "Koreksi data pemenang."},
    ),
    Row(
        "publication:award_remove",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.draft_award.pk},
        post=organizer_to("publication:awards", edition_year),
    ),
    Row(
        "publication:award_remove",
        only("organizer") | {"organizer": NOT_FOUND},
        kwargs=lambda w: {"year": w.edition.year, "pk": w.award.pk},
        label="award of another edition",
    ),
    Row(
        "publication:award_revoke",
        only("organizer"),
        kwargs=lambda w: {"year": w.past.year, "pk": w.award.pk},
        post=organizer_to("publication:awards", past_year),
        data=lambda w: {"reason": "Data palsu."},
    ),
    Row(
        "publication:disqualify",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.passed_a.pk},
        post=organizer_to("publication:awards", edition_year),
        data=lambda w: {"reason": "Data palsu."},
    ),
    Row(
        "publication:national_track",
        only("organizer"),
        kwargs=lambda w: {"year": w.past.year, "pk": w.winner_b.pk},
    ),
    # The catalogue and statistics are public; card updates belong to the innovation's agency admin
    # (publication/views/catalogue.py, statistics.py, cards.py)
    Row("publication:catalogue", everyone()),
    Row("publication:catalogue_detail", everyone(), kwargs=pk_of("winner_b"), label="published"),
    Row("publication:catalogue_detail", everyone(NOT_FOUND), kwargs=pk_of("draft_a"), label="not published"),
    Row("publication:statistics", everyone()),
    Row("publication:my_cards", only("admin_a", "admin_b")),
    Row(
        "publication:card_update",
        only("admin_a", "admin_b") | {"admin_a": NOT_FOUND},
        kwargs=pk_of("winner_b"),
        post=only("admin_a", "admin_b")
        | {"admin_a": NOT_FOUND, "admin_b": Redirect("publication:catalogue_detail", pk_of("winner_b"))},
        data=lambda w: {
            "status": "active",
            "impact": "Dipakai 3 desa.",
            "replicated_by": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
        },
    ),
    Row("publication:catalogue_listings", only("organizer"), kwargs=past_year),
    Row(
        "publication:catalogue_list",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.passed_a.pk},
        post=organizer_to("publication:catalogue_listings", edition_year),
        data=lambda w: {"note": ""},
    ),
    Row(
        "publication:catalogue_unlist",
        only("organizer"),
        kwargs=lambda w: {"year": w.edition.year, "pk": w.passed_a.pk},
    ),
    # The objection period: the finalists and the objection form are public; organizers answer objections
    # (publication/views/objections.py)
    Row("publication:finalists", everyone(), kwargs=past_year, label="announced"),
    Row("publication:finalists", everyone(NOT_FOUND), kwargs=edition_year, label="not announced"),
    Row("publication:objection_create", everyone(), kwargs=lambda w: {"year": w.past.year, "pk": w.finalist.pk}),
    Row("publication:objections", only("organizer"), kwargs=past_year),
    Row(
        # Already announced: the organizer is sent back to the objections page.
        "publication:finalists_publish",
        organizer_to("publication:objections", past_year),
        kwargs=past_year,
    ),
    Row(
        "publication:objection_respond",
        only("organizer"),
        kwargs=lambda w: {"pk": w.objection.pk},
    ),
    # Personal data: the privacy notice is public; finding, exporting and erasing a person's data is for
    # organizers (publication/views/privacy.py). Without ticked records export and erase send back to the search.
    Row("publication:privacy_notice", everyone()),
    Row("publication:personal_data", only("organizer")),
    Row("publication:personal_data_export", organizer_to("publication:personal_data")),
    Row(
        "publication:personal_data_erase",
        organizer_to("publication:personal_data"),
        post=only("organizer"),
        data=lambda w: {"reason": ""},
    ),
    Row(
        "publication:objection_evidence",
        only("organizer") | {"organizer": NOT_FOUND},  # this objection came without evidence
        kwargs=lambda w: {"pk": w.objection.pk},
    ),
]

# Outcomes that differ from the row today, each reported to the page's owner: (row id, method, role) → (outcome
# observed, why it is wrong). The row keeps the right outcome; the test xfails while exactly these differ and fails
# once one is fixed, so the entry gets removed.
KNOWN_ISSUES: dict[tuple[str, str, str], tuple[Outcome, str]] = {}

# Patterns without a name, each reached through a named row's URL: route → id of that row (the test checks that the
# row's URL resolves to the unnamed pattern).
UNNAMED_ROUTES = {"proposals/<int:pk>/edit/attachments/": "proposals:edit_step[attachments]"}

# URLs that are not the portal's own pages: Django admin, the language switch, the DEBUG-only error preview.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language", "error_preview"}
