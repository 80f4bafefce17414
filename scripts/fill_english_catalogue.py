"""English is the source language of the code, so the English catalogue maps every message to itself.

Run by `make messages` after makemessages, so the English catalogue is always complete.
"""

import sys
from pathlib import Path

import polib

path = Path(sys.argv[1] if len(sys.argv) > 1 else "locale/en/LC_MESSAGES/django.po")
catalogue = polib.pofile(str(path))
for entry in catalogue:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save(str(path))
print(f"{path}: {len(catalogue)} messages")
