"""Calendar files (.ics, RFC 5545, written by the icalendar library): one slot for its agency, every slot of a
judge for the judge. Each event carries the meeting link and a stable UID, so a calendar that imports the file again
updates the event instead of doubling it."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from ..models import PresentationSlot

PRODUCT = "-//Biro Organisasi Setda Provinsi Jawa Timur//KOVABLIK Portal//ID"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _event(slot: PresentationSlot, *, summary: str) -> Event:
    session = slot.session
    event = Event()
    event.add("uid", f"kovablik-slot-{slot.pk}@{settings.PORTAL_URL.split('//')[-1] or 'kovablik'}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", summary)
    location = session.meeting_url or session.room
    if location:
        event.add("location", location)
    if session.meeting_url:
        event.add("url", session.meeting_url)
    lines = [
        f"{_('Entry')}: {slot.entry.proposal.title}",
        f"{_('Panel')}: {session.panel.name}",
    ]
    if session.room and session.meeting_url:
        lines.append(f"{_('Room')}: {session.room}")
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -dt.timedelta(minutes=30))
    event.add_component(alarm)
    return event


def agency_slot_calendar(slot: PresentationSlot) -> bytes:
    calendar = _calendar()
    stage = slot.session.stage
    calendar.add_component(
        _event(
            slot,
            summary=_("KOVABLIK %(stage)s: %(title)s")
            % {"stage": stage.get_kind_display(), "title": slot.entry.proposal.title},
        )
    )
    return calendar.to_ical()


def judge_calendar(slots) -> bytes:
    calendar = _calendar()
    for slot in slots:
        calendar.add_component(
            _event(
                slot,
                summary=_("KOVABLIK %(panel)s: %(title)s")
                % {"panel": slot.session.panel.name, "title": slot.entry.proposal.title},
            )
        )
    return calendar.to_ical()
