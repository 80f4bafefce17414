"""Prepare the `make load` database on top of `seed_demo`: more agency admins and judges, and an open desk-evaluation
round of the current edition with entries assigned to the judges. Everything goes through the apps' services, as an
agency, the organizers and the judges would. Prints one JSON object (logins, entries, codes) on the last line.

Run by scripts/load_test.py with the load database's environment: `python scripts/load_fixture.py ADMINS JUDGES`.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kovablik.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from competitions.demo import DEMO_PASSWORD  # noqa: E402
from competitions.enums import AgencyKind, GroupKind, MembershipRole, StageKind  # noqa: E402
from competitions.models import Agency, Edition, Judge, Membership, jakarta_today  # noqa: E402
from judging import services as judging_services  # noqa: E402
from judging.models import Assignment  # noqa: E402
from proposals import attachments  # noqa: E402
from proposals import services as proposal_services  # noqa: E402
from proposals.enums import FormStep, ProposalState  # noqa: E402
from proposals.steps import sections_for_step  # noqa: E402
from proposals.uploads import clean_pdf, required_kinds  # noqa: E402
from publication.demo import _pdf  # noqa: E402
from publication.models import Award  # noqa: E402


def user(username: str, first: str, password: str):
    account, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": "Load", "email": f"{username}@example.org"}
    )
    account.password = password
    account.save(update_fields=["password"])
    return account


def submitted_proposal(edition: Edition, admin, title: str):
    """A complete proposal written and submitted by `admin`, as seed_current_proposals does it."""
    agency = admin.membership.agency
    proposal = proposal_services.create_draft(
        edition=edition,
        agency=agency,
        actor=admin,
        title=title,
        category=edition.categories.order_by("position").first(),
        group=GroupKind.GENERAL,
        implementation_started_on=dt.date(edition.year - 3, 3, 1),
        innovator_name=admin.get_full_name(),
        innovator_phone="081234567890",
        innovator_email=admin.email,
        region=agency.region,
    )
    for step in (FormStep.NARRATIVE, FormStep.NARRATIVE_MORE):
        sections = sections_for_step(proposal.group, step)
        if sections:
            values = {section: f"{title}: uraian {section} (data uji beban)." for section in sections}
            proposal_services.save_draft_step(proposal, step=step, values=values, actor=admin)
    for kind in required_kinds(proposal.group):
        clean = clean_pdf(_pdf(f"{kind} — {title}"), original_name=f"{kind}.pdf")
        attachments.attach_file(proposal, kind=kind, file=clean, actor=admin)
    proposal_services.accept_declaration(proposal, actor=admin, signer_position="Kepala Dinas")
    proposal_services.submit_proposal(proposal, actor=admin)
    return proposal


@transaction.atomic
def prepare(admin_count: int, judge_count: int) -> dict:
    edition = Edition.objects.get(year=jakarta_today().year)
    organizer = get_user_model().objects.get(username="organizer")
    password = make_password(DEMO_PASSWORD)

    free = Agency.objects.filter(kind=AgencyKind.PROVINCIAL, memberships__isnull=True).order_by("name")
    admins = []
    for index, agency in enumerate(free[:admin_count], start=1):
        account = user(f"load.admin{index}", f"Admin {index}", password)
        Membership.objects.get_or_create(user=account, defaults={"agency": agency, "role": MembershipRole.ADMIN})
        admins.append(get_user_model().objects.select_related("membership__agency").get(pk=account.pk))

    judges = list(Judge.objects.filter(user__username__in=["juri1", "juri2", "juri3"]))
    for index in range(1, judge_count + 1):
        account = user(f"load.juri{index}", f"Juri {index}", password)
        judge, _ = Judge.objects.get_or_create(user=account, defaults={"affiliation": f"Universitas Uji {index}"})
        judges.append(judge)

    # Every load admin's agency submits one proposal; the organizers pass them all in screening.
    for index, admin in enumerate(admins, start=1):
        proposal = submitted_proposal(edition, admin, f"Inovasi Uji Beban {index}")
        proposal_services.screen_proposal(proposal, decision="pass", actor=organizer)

    stage = edition.stages.get(kind=StageKind.DESK)
    judging_services.create_panel(
        edition, name="Panel Uji Beban", groups=[GroupKind.GENERAL], judges=judges, actor=organizer
    )
    judging_services.assign_judges(stage, k=3, actor=organizer)
    # The demo edition is still taking submissions: the load test scores beside it, out of the cycle's order.
    judging_services.open_stage(stage, actor=organizer, override_reason="Uji beban: penilaian di samping pengajuan.")

    entries: dict[str, list[int]] = {}
    for assignment in Assignment.objects.filter(entry__stage=stage).select_related("judge__user"):
        entries.setdefault(assignment.judge.user.username, []).append(assignment.entry_id)
    return {
        "year": edition.year,
        "admins": [admin.username for admin in admins],
        "judges": {username: sorted(ids) for username, ids in sorted(entries.items())},
        "passed": edition.proposals.filter(state=ProposalState.PASSED).count(),
        "codes": list(Award.objects.values_list("verification_code", flat=True)[:20]),
    }


if __name__ == "__main__":
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        result = prepare(int(sys.argv[1]), int(sys.argv[2]))
    print(json.dumps(result))
