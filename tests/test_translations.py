"""Every user-visible string is translatable and both catalogues are complete and current."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
IGNORED = [".venv", "node_modules", "var", "tests"]
DOMAINS = ["django"]  # JavaScript reads its words from data attributes the templates translate


def catalogue(language, domain="django"):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def message_keys(po):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language, domain):
    po = catalogue(language, domain)

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_catalogues_hold_every_message_of_the_code(tmp_path, settings, monkeypatch):
    # Extract into a scratch locale folder and compare: a new string without a translation fails here.
    scratch = tmp_path / "locale"
    for language in ("id", "en"):
        (scratch / language / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [scratch]
    monkeypatch.chdir(ROOT)
    for domain in DOMAINS:
        call_command(
            "makemessages", locale=["id"], domain=domain, ignore_patterns=IGNORED, no_location=True, verbosity=0
        )
        extracted = polib.pofile(str(scratch / "id" / "LC_MESSAGES" / f"{domain}.po"))
        missing = message_keys(extracted) - message_keys(catalogue("id", domain))

        assert sorted(missing, key=str) == [], f"run `make messages` and translate ({domain})"
    shutil.rmtree(scratch)
