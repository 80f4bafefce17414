"""The accessibility audit: every HTML page the authorization matrix lets a role reach, as that role, at 1366 px
and at 390 px, in Chromium: axe-core's WCAG 2.1 A/AA rules (serious and critical violations fail), no horizontal
scrolling on a phone, primary actions at least 44 px tall, and a full-page screenshot per page, role and width
under var/screenshots/<role>/<page>-<width>.png for reviewers.

The page list is derived from tests/authz_matrix.py (GET rows whose outcome for a role is 200 and which answer
HTML), so a page added to the matrix is audited without touching this file. The pages are visited with the
matrix's own world of objects. axe-core comes from node_modules (a test-only asset, never served).
"""

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.authz_matrix import ANONYMOUS, MATRIX, OK, ROLES, build_world
from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, reload_middleware

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TOUCH_TARGET_PX = 44
# To look at a few pages while fixing them (the full audit runs when unset): a comma-separated list of roles and a
# regular expression searched in the row ids, e.g. KOVABLIK_AUDIT_ROLES=organizer KOVABLIK_AUDIT_PAGES=judging.
ONLY_ROLES = [role for role in os.environ.get("KOVABLIK_AUDIT_ROLES", "").split(",") if role]
ONLY_PAGES = os.environ.get("KOVABLIK_AUDIT_PAGES", "")
# Primary actions: the buttons and links a page exists for (Bootstrap's primary buttons and every main-content
# submit button that is not a small or link-styled one).
PRIMARY_ACTIONS = "main .btn-primary:not(.btn-sm), main button[type=submit]:not(.btn-sm):not(.btn-link)"

NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

# The visible primary actions: how many, and the ones smaller than `minimum` px in either direction.
SMALL_TARGETS = """([selector, minimum]) => {
  const shown = [...document.querySelectorAll(selector)].filter((el) => el.offsetParent !== null);
  const small = shown.map((el) => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.height < minimum || box.width < minimum)
    .map(([el, box]) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${el.innerText.trim().slice(0, 40)}"`
      + ` ${Math.round(box.width)}×${Math.round(box.height)}`);
  return {count: shown.length, small};
}"""

# What sticks out of a phone's viewport, for the overflow message: the widest elements reaching past 390 px.
WIDEST = """(limit) => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > limit + 1)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > limit + 1))
  .slice(0, 3)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.classList.length ? "." +
    [...el.classList].join(".") : ""} (right edge ${Math.round(el.getBoundingClientRect().right)})`)"""


@dataclass(frozen=True)
class AuditedPage:
    row_id: str
    url: str

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9_-]+", "-", self.row_id.lower()).strip("-")


def html_pages(world) -> dict[str, list[AuditedPage]]:
    """Role → the pages to audit: each GET row whose outcome for the role is 200, kept when it answers HTML (a
    CSV, XLSX, PDF or JSON download is not a page). The content type is asked once per row, as its first role."""
    pages: dict[str, list[AuditedPage]] = {role: [] for role in ROLES}
    for row in MATRIX:
        roles = [role for role in ROLES if row.get.get(role) == OK and (not ONLY_ROLES or role in ONLY_ROLES)]
        if not roles or (ONLY_PAGES and not re.search(ONLY_PAGES, row.id)):
            continue
        url = reverse(row.name, kwargs=row.kwargs(world))
        client = Client()
        if roles[0] != ANONYMOUS:
            client.force_login(world.users[roles[0]])
        response = client.get(url)
        response.close()  # a download holds its file open
        if response.status_code != OK or not response.headers.get("Content-Type", "").startswith("text/html"):
            continue
        for role in roles:
            pages[role].append(AuditedPage(row.id, url))
    return pages


def session_cookie(user, base_url: str) -> list[dict]:
    """The session of a force-logged-in client, as a browser cookie: signing in without the login form."""
    if user is None:
        return []
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]


def test_every_reachable_page_passes_axe_and_fits_a_phone(live_server, settings, monkeypatch, capsys):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    reload_middleware(live_server)
    world = build_world()
    pages = html_pages(world)
    cookies = {role: session_cookie(world.users[role], live_server.url) for role in ROLES}
    axe_source = AXE.read_text(encoding="utf-8")

    violations, overflows, small_targets, report = [], [], [], []
    audited = primary_actions = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for role in ROLES:
                context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, reduced_motion="reduce")
                context.add_cookies(cookies[role])
                context.set_default_timeout(15_000)
                page = context.new_page()
                folder = SCREENSHOTS / role
                folder.mkdir(parents=True, exist_ok=True)
                for audited_page in pages[role]:
                    audited += 1
                    for viewport in (DESKTOP, PHONE):
                        width = viewport["width"]
                        where = f"{audited_page.row_id} ({audited_page.url}) as {role} at {width}px"
                        page.set_viewport_size(viewport)
                        page.evaluate(NEXT_FRAMES)  # let resize observers and layout settle at the new width
                        if viewport is DESKTOP:
                            response = page.goto(audited_page.url)
                            assert response.status == OK, f"{where}: {response.status}"
                            page.evaluate(axe_source)  # DevTools evaluation: the page's CSP does not apply to it
                        found = page.evaluate(RUN_AXE, WCAG_21_AA)
                        for violation in found:
                            report.append({"page": audited_page.row_id, "role": role, "width": width, **violation})
                            if violation["impact"] in FAILING_IMPACTS:
                                targets = "; ".join(violation["targets"][:5])
                                more = len(violation["targets"]) - 5
                                targets += f"; … {more} more" if more > 0 else ""
                                violations.append(f"{where}: {violation['id']} ({violation['impact']}): {targets}")
                        if viewport is PHONE:
                            scroll_width = page.evaluate("document.documentElement.scrollWidth")
                            if scroll_width > width:
                                widest = ", ".join(page.evaluate(WIDEST, width))
                                overflows.append(f"{where}: scrollWidth {scroll_width}: {widest}")
                            targets = page.evaluate(SMALL_TARGETS, [PRIMARY_ACTIONS, TOUCH_TARGET_PX])
                            primary_actions += targets["count"]
                            small_targets += [f"{where}: {target}" for target in targets["small"]]
                        page.screenshot(path=str(folder / f"{audited_page.slug}-{width}.png"), full_page=True)
                context.close()
            browser.close()
    finally:
        connections.close_all()  # Playwright's contextvars opened their own connections (see tests/browser.py)

    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    by_rule: dict[str, int] = {}
    for line in violations:
        rule = line.split(": ")[1].split(" ")[0]
        by_rule[rule] = by_rule.get(rule, 0) + 1
    with capsys.disabled():
        print(
            f"\naccessibility audit: {audited} pages (page × role) at 1366 and 390 px; "
            f"{len(violations)} serious/critical violations {by_rule}, {len(overflows)} overflowing at 390 px, "
            f"{len(small_targets)} of {primary_actions} primary actions under {TOUCH_TARGET_PX} px; "
            f"screenshots in {SCREENSHOTS}"
            + (
                f" (only roles {ONLY_ROLES or 'all'}, pages matching {ONLY_PAGES!r})"
                if ONLY_ROLES or ONLY_PAGES
                else ""
            )
        )
    assert audited > 0 and primary_actions > 0
    problems = violations + [f"overflow: {line}" for line in overflows] + [f"small: {s}" for s in small_targets]
    assert problems == [], f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def in_thumb_reach(page, selector: str) -> dict:
    """Where a control sits on a phone's screen: on screen, in its lower half, and at least 44 px tall and wide."""
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return {
        "on screen": box["y"] >= 0 and box["y"] + box["height"] <= height,
        "lower half": box["y"] >= height / 2,
        "44 px": box["height"] >= TOUCH_TARGET_PX and box["width"] >= TOUCH_TARGET_PX,
    }


REACHABLE = {"on screen": True, "lower half": True, "44 px": True}


def test_scoring_page_and_proposal_form_keep_their_buttons_under_the_thumb_on_a_phone(browser_page, live_server):
    world = build_world()
    page = browser_page
    page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion="reduce")  # Bootstrap scrolls smoothly otherwise: measure where it stops

    page.context.add_cookies(session_cookie(world.users["judge_assigned"], live_server.url))
    page.goto(reverse("judging:score", kwargs={"entry_id": world.entry_a.pk}))
    page.get_by_role("link", name="Go to your scores").click()
    first_score = page.locator("#score-form input[inputmode=numeric]").first
    first_score.fill("80")
    assert in_thumb_reach(page, "#save-draft") == REACHABLE
    assert in_thumb_reach(page, "#review-submit") == REACHABLE
    page.locator("#save-draft").click()
    page.wait_for_url(re.compile(rf"/judge/entries/{world.entry_a.pk}/$"))
    assert page.locator("[data-sheet-status]").get_attribute("data-sheet-status") == "draft"

    page.context.clear_cookies()
    page.context.add_cookies(session_cookie(world.users["admin_a"], live_server.url))
    page.goto(reverse("proposals:edit_step", kwargs={"pk": world.draft_a.pk, "step": "narrative"}))
    page.locator("#main form textarea").first.focus()
    assert in_thumb_reach(page, "#main .form-actions .btn-primary") == REACHABLE
    # Far down the form, the same button is still there.
    page.locator("#main form textarea").last.focus()
    assert in_thumb_reach(page, "#main .form-actions .btn-primary") == REACHABLE
