"""Signals by which the competition tells the apps above it (judging, publication) that something they derive data
from has changed; competitions/ imports none of them."""

from django.dispatch import Signal

# Sent inside the transaction that changed a stage's criteria (weights, maxima, which criteria exist), with
# `stage`. Judging recomputes the stored totals of the stage's score sheets.
criteria_changed = Signal()
