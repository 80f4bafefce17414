"""Backup, restore and the removal of files no row points at."""
