import datetime as dt

import pytest
from django.db import DatabaseError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core import views as errors


def test_unknown_page_is_404_in_the_portal_look(client, db):
    response = client.get("/tidak-ada/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert "Portal KOVABLIK" in html


def test_server_error_page_renders_without_touching_the_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise DatabaseError("database is down")

    monkeypatch.setattr("competitions.rules.roles_of", no_database)
    monkeypatch.setattr("competitions.context_processors.roles_of", no_database)

    with translation.override("id"):
        response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "31 Juli 2026"), ("en", "31 July 2026")], ids=["indonesian", "english"]
)
def test_dates_are_written_in_the_active_language(language, expected):
    template = Template('{{ day|date:"DATE_FORMAT" }}')

    with translation.override(language):
        rendered = template.render(Context({"day": dt.date(2026, 7, 31)}))

    assert rendered == expected


def test_times_use_the_indonesian_dot_separator():
    template = Template('{{ moment|date:"DATETIME_FORMAT" }}')
    moment = dt.datetime(2026, 7, 31, 7, 30, tzinfo=dt.UTC)  # 14.30 WIB

    with translation.override("id"):
        rendered = template.render(Context({"moment": moment}))

    assert rendered == "31 Juli 2026, 14.30"
