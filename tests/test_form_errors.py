"""Form errors a screen-reader user can find (issue 7, item 3): a summary at the top of the form with a link to each
field in error, and each field marked aria-invalid and described (aria-describedby) by its own error message."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from judging.models import Score
from proposals.models import Proposal
from tests import test_authorization_matrix as matrix_tests
from tests.authz_matrix import formset

world = matrix_tests.world
matrix_world = matrix_tests.matrix_world

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list = []

    def text(self) -> str:
        parts = [child if isinstance(child, str) else child.text() for child in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Element("#document", [], None)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response) -> Element:
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


def error_problems(document: Element) -> tuple[list[str], list[str]]:
    """(problems, ids of the fields in error). Checks the summary comes before every invalid field, links each of
    them, and that each invalid field is described by an element holding its error message."""
    elements = list(document.iter())
    by_id = {element.attrs["id"]: element for element in elements if "id" in element.attrs}
    summary = by_id.get("form-errors")
    invalid = [element for element in elements if element.attrs.get("aria-invalid") == "true"]
    problems = []
    if summary is None:
        return ["no error summary (#form-errors)"], []
    if summary.attrs.get("role") != "alert" or summary.attrs.get("tabindex") != "-1":
        problems.append("the summary is not an alert that can take the focus")
    links = {link.attrs.get("href", "")[1:] for link in summary.iter() if link.tag == "a"}
    for field in invalid:
        field_id = field.attrs.get("id")
        if elements.index(field) < elements.index(summary):
            problems.append(f"{field_id} comes before the summary")
        if field_id not in links and (field.parent.attrs.get("id") not in links):
            problems.append(f"the summary does not link {field_id} (links: {sorted(links)})")
        described = [by_id.get(ref) for ref in field.attrs.get("aria-describedby", "").split()]
        if not any(ref is not None and ref.attrs.get("id", "").endswith("_error") and ref.text() for ref in described):
            problems.append(f"{field_id} is not described by its error message")
    for target in links:
        if target not in by_id:
            problems.append(f"the summary links #{target}, which is not on the page")
    return problems, [field.attrs.get("id") for field in invalid]


def post_as(world, role, url, data, *, language="en"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.users[role])
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def test_proposal_form_errors_are_summarized_and_linked(matrix_world):
    world = matrix_world
    before = Proposal.objects.count()

    response = post_as(world, "admin_a", reverse("proposals:create"), {"title": "", "innovator_email": "nope"})

    document = parse(response)
    problems, invalid = error_problems(document)
    assert response.status_code == 200
    assert problems == []
    assert set(invalid) == {"id_title", "id_category", "id_group", "id_innovator_email"}
    summary = next(element for element in document.iter() if element.attrs.get("id") == "form-errors")
    assert summary.text().startswith("The form could not be accepted. Please correct the following:")
    assert "Enter a valid email address." in summary.text()
    assert Proposal.objects.count() == before


def test_score_form_errors_are_summarized_and_linked(matrix_world):
    world = matrix_world
    criteria = list(world.desk.criteria.all())
    data = {"version": 0, "overall_note": "", **{f"score_{criterion.pk}": 80 for criterion in criteria}}
    data[f"score_{criteria[0].pk}"] = 150  # above the maximum

    response = post_as(world, "judge_assigned", reverse("judging:score", args=[world.entry_a.pk]), data)

    problems, invalid = error_problems(parse(response))
    assert response.status_code == 200
    assert problems == []
    assert invalid == [f"id_score_{criteria[0].pk}"]
    assert not Score.objects.filter(sheet__assignment=world.assignment).exists()


def test_formset_row_errors_are_summarized_and_linked_in_indonesian(matrix_world):
    world = matrix_world
    categories = list(world.edition.categories.all())
    rows = [{"id": category.pk, "name": category.name, "description": ""} for category in categories]
    rows[0]["name"] = ""  # a saved category needs a name
    data = formset("categories", rows)

    response = post_as(
        world,
        "organizer",
        reverse("competitions:org_edition_categories", args=[world.edition.year]),
        data,
        language="id",
    )

    document = parse(response)
    problems, invalid = error_problems(document)
    assert response.status_code == 200
    assert problems == []
    assert invalid == ["id_categories-0-name"]
    summary = next(element for element in document.iter() if element.attrs.get("id") == "form-errors")
    assert "Nama, baris 1" in summary.text()
    assert sorted(world.edition.categories.values_list("name", flat=True)) == sorted(c.name for c in categories)


def test_refused_upload_is_summarized_and_linked(matrix_world):
    world = matrix_world
    url = reverse("proposals:attachment_upload", args=[world.draft_a.pk, "service_standard"])
    fake = SimpleUploadedFile("standar.pdf", b"this is not a PDF", "application/pdf")
    before = world.draft_a.attachments.count()

    response = post_as(world, "admin_a", url, {"service_standard-file": fake})

    problems, invalid = error_problems(parse(response))
    assert response.status_code == 200
    assert problems == []
    assert invalid == ["id_service_standard-file"]
    assert world.draft_a.attachments.count() == before


def test_login_error_is_in_the_summary_once(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Please enter a correct username and password.") == 1
    assert html.index('id="form-errors"') < html.index("Please enter a correct username and password.")


# Templates that render form fields inside a POST form but never show a bound form with errors: their forms post
# to another view, which renders a page of its own with the summary.
POSTS_ELSEWHERE = {
    "judging/panels/entry_judges.html",  # the add-judge form posts to entry_judge_add, which redirects
    "proposals/agency/drafters.html",  # the add-drafter form posts to drafter_add (drafter_add.html)
    "judging/judge/submit_confirm.html",  # only hidden fields repeating the saved version
    "proposals/attachments/panel.html",  # included by proposals/agency/steps/attachments.html, which has it
}
RENDERS_FIELDS = re.compile(r"\|crispy\b|as_crispy_field|_fields\.html|\{\{ *field *\}\}|\{\{ *form\.\w+ *\}\}")


@pytest.mark.parametrize("root", ["templates", "competitions", "proposals", "judging", "publication"])
def test_every_template_with_a_post_form_shows_the_error_summary(root):
    base = Path(settings.BASE_DIR) / root
    missing = []
    for path in sorted(base.rglob("*.html")):
        relative = path.relative_to(base).as_posix().removeprefix("templates/")
        text = path.read_text()
        posts = re.search(r"<form[^>]*method=\"post\"", text)
        if (
            posts
            and RENDERS_FIELDS.search(text)
            and "includes/form_errors.html" not in text
            and relative not in POSTS_ELSEWHERE
        ):
            missing.append(relative)

    assert missing == []
