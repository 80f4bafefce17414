"""Every HTML page a role reaches has what keyboard and screen-reader users rely on (issue 7, item 3 and 4):
a specific, unique title "Page — KOVABLIK Portal", `<html lang>` in the active language, the skip link first,
the landmarks and exactly one `<main>` and one `<h1>`.

The pages are the authorization matrix's: every GET row that answers 200 to some role, requested as that role in
the matrix's world."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests import test_authorization_matrix as matrix_tests
from tests.authz_matrix import ANONYMOUS, MATRIX, OK, ROLES

# The matrix's world (built once for this module) and its per-test fixture.
world = matrix_tests.world
matrix_world = matrix_tests.matrix_world
close_file_of = matrix_tests.close_file_of

SUFFIX = " — KOVABLIK Portal"


def html_pages() -> list[tuple[str, str]]:
    """(row id, the first role it answers 200) of every GET row some role reaches."""
    pages = []
    for row in MATRIX:
        role = next((role for role in ROLES if row.get.get(role) == OK), None)
        if role is not None:
            pages.append((row, role))
    return pages


PAGES = html_pages()


class PageOutline(HTMLParser):
    """What the test reads from a page: its title, lang, landmarks, headings and the first focusable element."""

    FOCUSABLE = {"a", "button", "input", "select", "textarea"}

    def __init__(self):
        super().__init__()
        self.lang = None
        self.title = ""
        self.tags: dict[str, int] = {}
        self.main_ids: list[str] = []
        self.nav_labels: list[str | None] = []
        self.first_focusable: dict | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title" and not self.title:
            self._in_title = True  # the document's title, not an SVG chart's
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))
        elif tag == "nav":
            self.nav_labels.append(attrs.get("aria-label") or attrs.get("aria-labelledby"))
        if (
            self.first_focusable is None
            and tag in self.FOCUSABLE
            and attrs.get("type") != "hidden"
            and (tag != "a" or "href" in attrs)
        ):
            self.first_focusable = {"tag": tag, **attrs}

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def outline(response) -> PageOutline:
    parser = PageOutline()
    parser.feed(response.content.decode())
    parser.title = " ".join(parser.title.split())
    return parser


def fetch(row, role, world, *, language: str | None = None):
    client = Client(raise_request_exception=False)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    with transaction.atomic():
        response = client.get(reverse(row.name, kwargs=row.kwargs(world)))
        close_file_of(response)
        transaction.set_rollback(True)
    return response


def is_html(response) -> bool:
    return response.status_code == OK and response["Content-Type"].startswith("text/html")


def structure_problems(page: PageOutline, language: str) -> list[str]:
    problems = []
    if not page.title.endswith(SUFFIX) or not page.title[: -len(SUFFIX)].strip():
        problems.append(f"title {page.title!r} is not 'Page — KOVABLIK Portal'")
    if page.lang != language:
        problems.append(f"<html lang={page.lang!r}>, expected {language!r}")
    if page.tags.get("main") != 1 or page.main_ids != ["main"]:
        problems.append(f"{page.tags.get('main', 0)} <main> (ids {page.main_ids}), expected one with id 'main'")
    if page.tags.get("h1") != 1:
        problems.append(f"{page.tags.get('h1', 0)} <h1>, expected one")
    if not page.tags.get("header") or not page.tags.get("footer"):
        problems.append("no <header> or <footer> landmark")
    if not page.nav_labels or None in page.nav_labels:
        problems.append(f"every <nav> needs an aria-label: {page.nav_labels}")
    first = page.first_focusable or {}
    if first.get("href") != "#main" or "skip-link" not in first.get("class", ""):
        problems.append(f"the first focusable element is {first}, not the skip link to #main")
    return problems


def test_every_page_has_a_specific_title_lang_landmarks_and_one_h1(matrix_world):
    titles: dict[str, str] = {}
    problems = []
    for row, role in PAGES:
        response = fetch(row, role, matrix_world)
        if not is_html(response):
            continue  # downloads: CSV, JSON, PDF, spreadsheets
        page = outline(response)
        problems += [f"{row.id} as {role}: {problem}" for problem in structure_problems(page, "id")]
        titles.setdefault(page.title, row.id)
        if titles[page.title] != row.id:
            problems.append(f"{row.id} as {role}: same title {page.title!r} as {titles[page.title]}")

    assert len(titles) > 80, "the matrix's HTML pages were not reached"
    assert problems == [], "\n".join(problems)


def test_every_page_speaks_english_after_switching(matrix_world):
    problems = []
    for row, role in PAGES:
        response = fetch(row, role, matrix_world, language="en")
        if not is_html(response):
            continue
        page = outline(response)
        if page.lang != "en" or not page.title.endswith(SUFFIX):
            problems.append(f"{row.id} as {role}: lang {page.lang!r}, title {page.title!r}")

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["id", "en"])
def test_error_pages_have_the_same_structure(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert structure_problems(outline(response), language) == []


def get_as(world, role, name, kwargs=None, *, language="en"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client.get(reverse(name, kwargs=kwargs))


def test_statistics_charts_have_text_alternatives_and_their_tables(matrix_world):
    from tests.test_form_errors import parse

    response = get_as(matrix_world, ANONYMOUS, "publication:statistics")

    elements = list(parse(response).iter())
    by_id = {element.attrs["id"]: element for element in elements if "id" in element.attrs}
    charts = [element for element in elements if element.tag == "svg"]
    assert len(charts) == 4
    for chart in charts:
        title_id, desc_id = chart.attrs["aria-labelledby"].split()
        assert (chart.attrs["role"], by_id[title_id].tag, by_id[desc_id].tag) == ("img", "title", "desc")
        assert by_id[title_id].parent is chart and by_id[title_id].text()
        assert by_id[desc_id].text().endswith("The table below the chart gives the same numbers.")
    assert len([element for element in elements if element.tag == "table"]) == 4


def test_form_steps_announce_the_current_step(matrix_world):
    world = matrix_world

    response = get_as(world, "admin_a", "proposals:edit_step", {"pk": world.draft_a.pk, "step": "basics"})

    html = response.content.decode()
    current = re.findall(r'<li class="[^"]*step-current[^"]*" aria-current="step">(.*?)</li>', html, re.S)
    assert html.count('aria-current="step"') == 1
    # The step's state comes first for a screen reader, as the tick does for the eye.
    assert " ".join(re.sub(r"<[^>]+>", " ", current[0]).split()) == "Complete: 1. Basics (step 1 of 5)"


def test_progress_bars_say_what_they_count(matrix_world):
    response = get_as(matrix_world, "judge_assigned", "judging:my_entries", language="id")

    html = response.content.decode()
    bar = re.search(r'<progress id="(progress-\d+)"[^>]*aria-valuetext="([^"]+)"', html)
    assert bar.group(2) == "0 dari 1 diajukan"
    assert f'<label for="{bar.group(1)}"' in html
