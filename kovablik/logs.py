"""Logs an operator can search: one JSON line per request, a request id on every line, nothing personal.

- `RequestLogMiddleware` takes the request id from a well-formed incoming `X-Request-ID` (nginx forwards one) or
  makes one, returns it as the `X-Request-ID` response header and keeps it in a context variable for the request's
  duration. In production (DEBUG off) it writes one line per request on the `kovablik.request` logger (method,
  path, status, duration, user id), and settings.LOGGING formats every line as JSON.
- `RequestContextFilter` (on the console handler) stamps every record with that request id and the instance name.
- `PortalJsonFormatter` drops the request object Django attaches to its own records and redacts password reset
  tokens from messages, since `django.request` names the path of a refused request.
- Audit-worthy events are lines of their own on the `kovablik.audit` logger, written by core/audit.py.

This module is loaded by settings.LOGGING before the apps: it imports no model.
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.utils.functional import empty
from pythonjsonlogger.json import JsonFormatter

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("kovablik_request_id", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# What an incoming id may look like: nginx's $request_id (32 hex), a UUID, or a similar short token.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
# Password reset links carry the token in the path: /accounts/password/reset/<uidb64>/<token>/.
RESET_TOKEN = re.compile(r"(/password/reset/[^/\s]+/)(?!set-password/)[^/\s'\"]+")
REDACTED = r"\1[redacted]"

request_logger = logging.getLogger("kovablik.request")


def redact(text: str) -> str:
    return RESET_TOKEN.sub(REDACTED, text)


def incoming_request_id(value: str | None) -> str:
    if value and WELL_FORMED_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestContextFilter(logging.Filter):
    """Adds `request_id` (None outside a request) and `instance` (KOVABLIK_INSTANCE) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.instance = getattr(settings, "KOVABLIK_INSTANCE", "") or None
        return True


class PortalJsonFormatter(JsonFormatter):
    """python-json-logger's formatter, minus the objects Django attaches to records, with tokens redacted."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        # django.request attaches the request (its repr names the full path) and the server's socket.
        log_data.pop("request", None)
        log_data.pop("server_time", None)
        if isinstance(log_data.get("message"), str):
            log_data["message"] = redact(log_data["message"])
        if isinstance(log_data.get("path"), str):
            log_data["path"] = redact(log_data["path"])


class RedactingFormatter(logging.Formatter):
    """The development (DEBUG) format: plain text, tokens redacted all the same."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _user_id(request) -> int | None:
    """The signed-in user's id if the request already loaded the user; never a query of its own."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


class RequestLogMiddleware:
    """Request id in and out, and one access line per request (production only)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.access_log = not settings.DEBUG

    def __call__(self, request):
        request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        # Kept until the request finishes (clear_request_id), not just until this returns: Django's handler logs
        # 4xx/5xx responses ("Not Found: ...") after the middleware chain.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if self.access_log:
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
        return response


def clear_request_id(**kwargs) -> None:
    """`request_finished` receiver: lines logged after the response (or by the next job) carry no stale id."""
    request_id_var.set(None)


request_finished.connect(clear_request_id, dispatch_uid="kovablik.logs.clear_request_id")
