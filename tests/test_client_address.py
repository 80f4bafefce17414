"""Login throttling behind nginx: the client's address comes from X-Forwarded-For, as deep as the proxies go."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kovablik.auth import client_ip_address


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "", "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),  # no proxy: a client's header is ignored
        (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),  # nginx's X-Forwarded-For $remote_addr
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a spoofed entry before nginx's own
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),  # balancer, then nginx
        (1, "127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_is_the_entry_the_nearest_proxy_appended(settings, count, remote, forwarded, expected):
    settings.KOVABLIK_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)

    assert client_ip_address(request) == expected


@pytest.mark.django_db
def test_a_lockout_behind_nginx_locks_the_attacker_not_everyone(client, settings, agency_admin):
    settings.AXES_ENABLED = True
    settings.KOVABLIK_PROXY_COUNT = 1
    login = reverse("login")
    for _attempt in range(5):
        client.post(
            login, {"username": "admin.a", "password": "wrong"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
        )

    attacker = client.post(
        login,
        {"username": "admin.a", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    owner = client.post(
        login,
        {"username": "admin.a", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert attacker.status_code == 429
    assert owner.status_code == 302
