"""Browser test fixtures: Playwright driving Debian's chromium against pytest-django's live server.

Tests using `browser_page` need `@pytest.mark.browser` and `@pytest.mark.django_db(transaction=True)` (the live server
runs in another thread and must see committed data). Playwright is started per test, so its event loop never
outlives the test and the rest of the suite runs outside any loop. No browser is downloaded: chromium comes from
the system package.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = os.environ.get("KOVABLIK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
TIMEOUT_MS = 10_000


@pytest.fixture
def browser_page(live_server, settings, monkeypatch):
    """A fresh chromium page whose relative URLs go to the live server, in English, with a 10 s timeout."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server speaks plain HTTP: no redirect to HTTPS, no Secure-only cookies.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    reload_middleware(live_server)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = _new_page(browser, live_server.url)
        try:
            yield page
        finally:
            browser.close()
            # Code run while Playwright's sync API is active sees its own contextvars, hence its own database
            # connections; close them here or PostgreSQL refuses to drop the test database ("other session").
            connections.close_all()


def _new_page(browser, base_url: str):
    context = browser.new_context(base_url=base_url, locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base_url}])
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def another_page(page, base_url: str):
    """A page like `page` (relative URLs to `base_url`, the live server's) in a browser context of its own, with its
    own cookies and session: another person at another computer. It closes with the browser at the end of the test,
    or earlier with `page.context.close()`."""
    return _new_page(page.context.browser, base_url)


def reload_middleware(live_server) -> None:
    """The live server is started once per session and its middleware read the settings then (SecurityMiddleware
    keeps SECURE_SSL_REDIRECT); load them again so that this test's settings apply."""
    from django.core.handlers.base import BaseHandler

    application = live_server.thread.httpd.get_app()
    while application is not None:
        if isinstance(application, BaseHandler):
            application.load_middleware()
        application = getattr(application, "application", None)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/<name>.png (for people reviewing the UI); slashes in
    `name` make subfolders (e.g. "journey/01-edition-created")."""
    parts = [re.sub(r"[^a-z0-9_-]+", "-", part.lower()) for part in name.split("/") if part]
    path = SCREENSHOTS.joinpath(*parts).with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/dashboard/"))


def log_out(page) -> None:
    """Sign out through the navigation bar's button (a POST form)."""
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_load_state()


def file_payload(name: str, content: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def upload(page, kind: str, name: str, content: bytes, mime: str) -> None:
    """Upload a file in one attachment section of the proposal form's attachments step."""
    section = page.locator(f"#attachment-{kind}")
    section.locator("input[type=file]").set_input_files(file_payload(name, content, mime))
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()


def ranked_titles(page) -> list[str]:
    """The entries' titles in the order of the organizer's stage ranking table."""
    return page.locator("#ranking-table > tbody > tr > td > strong").all_inner_texts()
