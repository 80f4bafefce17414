"""Dates written out in Indonesian for official documents (certificates, the truthfulness declaration), whatever
the reader's language: "7 Desember 2026", "7 Desember 2026 pukul 19.40 WIB"."""

from django.utils import timezone

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_id(moment) -> str:
    if moment is None:
        return ""
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def datetime_id(moment) -> str:
    local = timezone.localtime(moment)
    return f"{date_id(local)} pukul {local:%H.%M} WIB"
