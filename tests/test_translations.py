"""Every user-visible string is translatable and both catalogues are complete and current."""

from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def sources() -> list[str]:
    """The project package, every app of the project (not third-party ones) and the project-level folders."""
    from django.apps import apps

    # Directly in the project folder: the virtualenv's third-party apps live below it too.
    project_apps = [config.path for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    return ["kovablik", "templates", "static", *sorted(Path(path).name for path in project_apps)]


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
    # Extract from a scratch tree of links to the sources, so makemessages writes only there (run from the project
    # it would write into the real catalogue), then compare: a new string missing from the catalogue fails here.
    scratch = tmp_path / "tree"
    scratch.mkdir()
    for source in sources():
        (scratch / source).symlink_to(ROOT / source, target_is_directory=True)
    for language in ("id", "en"):
        (scratch / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [scratch / "locale"]
    monkeypatch.chdir(scratch)
    for domain in DOMAINS:
        call_command("makemessages", locale=["id"], domain=domain, symlinks=True, no_location=True, verbosity=0)
        extracted = polib.pofile(str(scratch / "locale" / "id" / "LC_MESSAGES" / f"{domain}.po"))
        missing = message_keys(extracted) - message_keys(catalogue("id", domain))

        assert sorted(missing, key=str) == [], f"run `make messages` and translate ({domain})"
