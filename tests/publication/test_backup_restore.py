"""Backup and restore: an archive of a judged, published edition restores into an empty database with the same
final ranking, the same attachment bytes and the same public winners."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from competitions.enums import GroupKind, StageKind
from competitions.models import Criterion, Edition
from judging import ranking
from judging.enums import RoundState, SheetStatus
from judging.models import Assignment, Score, ScoreSheet, StageEntry, StageRound
from judging.scoring import store_totals
from proposals.models import Attachment, Proposal
from publication.awards import services
from tests import factories
from tests.publication.data import judged_edition
from tests.publication.test_results import rows

RESULTS = reverse("publication:results", args=[2026])
GROUPS = (GroupKind.GENERAL, GroupKind.REPLICATION, GroupKind.SPECIAL)


def judge_presentation(edition, proposals):
    """Score the entries in the presentation stage too (weights desk 60, presentation 40), rising in creation order,
    so that the final ranking combines two stages and differs from the desk ranking."""
    services_weights = {StageKind.DESK: 60, StageKind.PRESENTATION: 40, StageKind.FIELD: 0}
    from competitions.services import set_stage_weights

    set_stage_weights(edition, weights=services_weights, actor=None)
    stage = edition.stages.get(kind=StageKind.PRESENTATION)
    criteria = list(Criterion.objects.filter(stage=stage))
    judge = factories.JudgeFactory(user__username="presentasi.judge")
    entries = StageEntry.objects.bulk_create(StageEntry(stage=stage, proposal=p) for p in proposals)
    assignments = Assignment.objects.bulk_create(Assignment(entry=entry, judge=judge) for entry in entries)
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, status=SheetStatus.SUBMITTED, version=1, submitted_at=proposals[0].submitted_at)
        for a in assignments
    )
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=criterion, value=40 + (index * 7) % 60)
        for index, sheet in enumerate(sheets)
        for criterion in criteria
    )
    store_totals(ScoreSheet.objects.filter(pk__in=[sheet.pk for sheet in sheets]))
    StageRound.objects.update_or_create(stage=stage, defaults={"state": RoundState.CLOSED})


def final_rankings(edition) -> dict:
    result = {}
    for group in GROUPS:
        for view in (ranking.RAW, ranking.NORMALIZED):
            final = ranking.final_ranking(edition, group, view=view)
            result[(group, view)] = [
                (
                    block.last_stage.kind if block.last_stage else None,
                    [
                        (row.proposal_id, row.title, row.raw, row.normalized, row.placements.get(view))
                        for row in block.rows
                    ],
                )
                for block in final.blocks
            ] + [row.proposal_id for row in final.without_result]
    return result


def attachment_bytes() -> dict:
    return {
        (a.proposal.title, a.kind, a.original_name): Path(a.file.path).read_bytes()
        for a in Attachment.objects.select_related("proposal")
    }


def public_winners(client) -> dict:
    response = client.get(RESULTS)
    assert response.status_code == 200
    html = response.content.decode()
    return {group: rows(html, group) for group in (*GROUPS, "extra")}


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_an_empty_database_gives_the_same_ranking_files_and_winners(client, tmp_path):
    edition = factories.edition_with_defaults(year=2026)
    organizer = factories.OrganizerFactory(user__username="organizer").user
    judged = judged_edition(edition)
    judge_presentation(edition, [p for group in GROUPS for p in judged[group]])
    for index, proposal in enumerate(judged[GroupKind.GENERAL][:3]):
        factories.AttachmentFactory(proposal=proposal, content=b"%PDF-1.4\n" + bytes(range(256)) * (index + 1))
    factories.AttachmentFactory(
        proposal=judged[GroupKind.SPECIAL][0], kind="photo", file_type="png", content=b"\x89PNG\r\n\x1a\n\x00\xff"
    )
    services.prefill_awards(edition, actor=organizer)
    services.add_extra_award(edition, proposal=judged[GroupKind.GENERAL][6], title="Inovasi Favorit", actor=organizer)
    services.publish_results(edition, actor=organizer, override_reason=factories.SKIP_ORDER)
    rankings, files, winners = final_rankings(edition), attachment_bytes(), public_winners(client)
    assert len(files) == 4 and winners[GroupKind.GENERAL]
    archive = tmp_path / "backup" / "portal.tar.gz"

    call_command("backup_portal", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Proposal.objects.exists() and not Path(settings.MEDIA_ROOT).exists()
    assert client.get(RESULTS).status_code == 404

    call_command("restore_portal", str(archive))

    restored = Edition.objects.get(year=2026)
    assert final_rankings(restored) == rankings
    assert attachment_bytes() == files
    assert public_winners(client) == winners


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_database_with_data_is_refused_unless_forced(tmp_path):
    edition = factories.edition_with_defaults(year=2026)
    factories.ProposalFactory(edition=edition, title="Inovasi Cadangan")
    archive = tmp_path / "portal.tar.gz"
    call_command("backup_portal", str(archive))
    Proposal.objects.update(title="Diubah setelah cadangan")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_portal", str(archive))
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Diubah setelah cadangan"]

    call_command("restore_portal", str(archive), force=True)
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Inovasi Cadangan"]


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="Not a portal backup archive"):
        call_command("restore_portal", str(bogus))


@pytest.mark.django_db(transaction=True)
def test_an_archive_made_before_the_audit_log_moved_to_core_restores_its_audit_log_and_mail(tmp_path):
    import json
    import tarfile

    from core.audit import log_action
    from core.models import ActionLog, MailDelivery

    edition = factories.edition_with_defaults(year=2026)
    log_action(edition, "kovablik.edition.updated")
    MailDelivery.objects.create(key="lama:1", renderer="x.y", to_email="lama@example.org", language="id")
    logged = list(ActionLog.objects.order_by("pk").values_list("action_type", flat=True))
    assert "kovablik.edition.updated" in logged
    archive, old_archive = tmp_path / "portal.tar.gz", tmp_path / "old.tar.gz"
    call_command("backup_portal", str(archive))
    # The same archive as an earlier release wrote it: the two models under their old app.
    with tarfile.open(archive) as source, tarfile.open(old_archive, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read() if member.isfile() else None
            if member.name == "data.json":
                rows = json.loads(content)
                for row in rows:
                    row["model"] = {"core.actionlog": "competitions.actionlog"}.get(row["model"], row["model"])
                    row["model"] = {"core.maildelivery": "competitions.maildelivery"}.get(row["model"], row["model"])
                content = json.dumps(rows).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content) if content is not None else None)
    assert b"competitions.actionlog" in gzip_member(old_archive, "data.json")

    call_command("restore_portal", str(old_archive), force=True)

    assert list(ActionLog.objects.order_by("pk").values_list("action_type", flat=True)) == logged
    assert list(MailDelivery.objects.values_list("key", flat=True)) == ["lama:1"]


def gzip_member(path, name: str) -> bytes:
    import tarfile

    with tarfile.open(path) as archive:
        return archive.extractfile(name).read()
