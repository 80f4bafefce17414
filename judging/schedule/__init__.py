"""Presentations and interviews as events: the panel's sessions, the finalists' slots in them, and the agency's
answer to its slot (judging.models PresentationSession, PresentationSlot, SlotMoveRequest, UnavailableDay)."""
