"""The cycle of an edition as one story: where it stands, what each step waits for, and the organizer's cockpit."""
