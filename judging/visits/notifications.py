"""Mail to agencies about their field visit: planned (on publication), changed, cancelled. One core.outbox delivery
per agency admin under a key naming the visit's time, so a visit is never announced twice at the same time."""

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse

from competitions.models import Stage
from core.outbox import mail_renderer, queue_mail
from proposals.notifications import agency_admins, portal_url

from ..models import FieldVisit

TEMPLATES = ("visit_planned", "visit_changed", "visit_cancelled")


def queue_visit_mail(visit: FieldVisit, *, template: str) -> int:
    """Inside the service's transaction: one mail per admin of the visit's agency. Returns the mails queued.
    A cancellation carries what the mail must say, since the visit is gone when it is sent."""
    if template not in TEMPLATES:
        raise ValueError(f"No visit mail {template!r}")
    proposal = visit.entry.proposal
    params = {
        "visit": visit.pk,
        "template": template,
        "title": proposal.title,
        "starts_at": visit.starts_at.isoformat(),
        "stage": visit.entry.stage_id,
    }
    queued = 0
    for admin in agency_admins(proposal.agency_id):
        queued += bool(
            queue_mail(
                key=f"field-visit:{template}:{visit.pk}:{visit.starts_at:%Y%m%d%H%M}:{admin.pk}",
                renderer=render_visit_mail,
                recipient=admin,
                params=params,
            )
        )
    return queued


@mail_renderer
def render_visit_mail(delivery) -> tuple[str, str] | None:
    """Written when sent, from the visit as it is then (a planned or changed visit removed meanwhile is not sent)."""
    template = delivery.params["template"]
    visit = (
        FieldVisit.objects.select_related("entry__proposal", "entry__stage__edition")
        .prefetch_related("judges__user")
        .filter(pk=delivery.params["visit"])
        .first()
    )
    if visit is None and template != "visit_cancelled":
        return None
    stage = visit.entry.stage if visit else Stage.objects.select_related("edition").get(pk=delivery.params["stage"])
    context = {
        "recipient": delivery.recipient,
        "visit": visit,
        "stage": stage,
        "edition": stage.edition,
        "title": visit.entry.proposal.title if visit else delivery.params["title"],
        "starts_at": visit.starts_at if visit else dt.datetime.fromisoformat(delivery.params["starts_at"]),
        "visits_url": portal_url(reverse("judging:agency_visits")),
    }
    subject = " ".join(render_to_string(f"judging/visits/emails/{template}_subject.txt", context).split())
    return subject, render_to_string(f"judging/visits/emails/{template}_body.txt", context)
