"""Mail to agencies about their presentation slot: published, moved, a change refused, a reminder to confirm, and
the day before. One core.outbox delivery per agency admin under a key naming the slot's time, so a slot is never
announced twice at the same time (publishing again after changes mails only the slots that changed)."""

from django.template.loader import render_to_string
from django.urls import reverse

from core.outbox import mail_renderer, queue_mail
from proposals.notifications import agency_admins, portal_url

from ..models import PresentationSlot, SlotMoveRequest

TEMPLATES = ("slot_published", "slot_moved", "slot_move_refused", "slot_unconfirmed", "slot_tomorrow")


def queue_slot_mail(
    slot: PresentationSlot, *, template: str, request: SlotMoveRequest | None = None, key: str = ""
) -> int:
    """Inside the service's transaction: one mail per admin of the slot's agency. Returns the mails queued."""
    if template not in TEMPLATES:
        raise ValueError(f"No slot mail {template!r}")
    moment = key or (f"r{request.pk}" if request else slot.starts_at.strftime("%Y%m%d%H%M"))
    queued = 0
    for admin in agency_admins(slot.entry.proposal.agency_id):
        queued += bool(
            queue_mail(
                key=f"presentation-slot:{template}:{slot.pk}:{moment}:{admin.pk}",
                renderer=render_slot_mail,
                recipient=admin,
                params={"slot": slot.pk, "template": template, "request": request.pk if request else None},
            )
        )
    return queued


@mail_renderer
def render_slot_mail(delivery) -> tuple[str, str] | None:
    """Written when sent, from the slot as it is then (nothing is sent for a slot removed meanwhile)."""
    slot = (
        PresentationSlot.objects.select_related(
            "session__panel", "session__stage__edition", "session__stage__round", "entry__proposal"
        )
        .filter(pk=delivery.params["slot"])
        .first()
    )
    if slot is None:
        return None
    template = delivery.params["template"]
    if template == "slot_unconfirmed" and slot.is_confirmed:
        return None  # confirmed between the reminder and its sending
    request = SlotMoveRequest.objects.filter(pk=delivery.params.get("request")).first()
    context = {
        "recipient": delivery.recipient,
        "slot": slot,
        "session": slot.session,
        "stage": slot.session.stage,
        "edition": slot.session.stage.edition,
        "proposal": slot.entry.proposal,
        "request": request,
        "move_requests_until": slot.session.stage.round.move_requests_until,
        "slots_url": portal_url(reverse("judging:agency_slots")),
        "calendar_url": portal_url(reverse("judging:agency_slot_calendar", args=[slot.pk])),
    }
    subject = " ".join(render_to_string(f"judging/schedule/emails/{template}_subject.txt", context).split())
    return subject, render_to_string(f"judging/schedule/emails/{template}_body.txt", context)
