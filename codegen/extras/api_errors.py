"""Non-2XX answers as a typed exception carrying the ModelArts error body.

ModelArts and the API gateway in front of it answer errors with a JSON body, ``{"error_code":
"ModelArts.2807", "error_msg": "...", "error_solution": "..."}`` (the gateway: ``"APIG.0301"`` and
``request_id``); the spec's 4XX/5XX responses reference it as ``ModelArtsError``. The generated
``sync_detailed(...).parsed`` is already that model for a well-formed error body, but it raises
(``json.JSONDecodeError``, ``KeyError``) when a proxy answers with HTML or the body lacks a required
field. ``ModelArtsApiError`` is what the convenience calls raise instead: it always carries the status
and raw content, and the typed body whenever there is one.

It reads error bodies the way the official SDK's ``DefaultExceptionHandler`` does: besides
``error_code``/``error_msg``, the shapes ``errorCode``/``errorMsg`` and ``code``/``message``, and
any of them nested one object deeper (``{"error": {"code": ..., "message": ...}}``); the request id
falls back to the ``X-Request-Id`` header, which the gateway sets on every answer.

(Hand-written: copied into the generated package from codegen/extras/ by codegen/generate.py.)
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import httpx

from .models.model_arts_error import ModelArtsError
from .types import Unset

__all__ = ["ErrorFields", "ModelArtsApiError", "error_fields", "parse_error_body"]

#: The ``(code, message)`` key pairs of error bodies, in the order the official SDK tries them.
_ERROR_KEYS = (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message"))
#: How deep nested error objects are searched (the SDK recurses without a bound).
_MAX_NESTING = 4


class ErrorFields(NamedTuple):
    """What an error body says, whatever its shape; None for what it does not say."""

    error_code: str | None = None
    error_msg: str | None = None
    request_id: str | None = None


def error_fields(content: bytes) -> ErrorFields:
    """The code, message and request id of an error body in any shape the SDK accepts.

    Never raises: a body that is not JSON, not an object, or names no code gives empty fields.
    """
    try:
        data: Any = json.loads(content)
    except ValueError:  # not JSON, or not UTF-8
        return ErrorFields()
    return _fields_of(data, _MAX_NESTING) if isinstance(data, dict) else ErrorFields()


def _fields_of(data: dict[str, Any], depth: int) -> ErrorFields:
    request_id = data.get("request_id")
    request_id = request_id if isinstance(request_id, str) else None
    for code_key, message_key in _ERROR_KEYS:
        if code_key in data and message_key in data:
            code, message = data[code_key], data[message_key]
            return ErrorFields(
                None if code is None else str(code),
                None if message is None else str(message),
                request_id,
            )
    if depth > 0:
        for value in data.values():
            if isinstance(value, dict):
                nested = _fields_of(value, depth - 1)
                if nested.error_code is not None:
                    return nested._replace(request_id=nested.request_id or request_id)
    return ErrorFields(request_id=request_id)


def parse_error_body(content: bytes) -> ModelArtsError | None:
    """The ModelArts error body in ``content``, or None when it is not one.

    Extra fields are kept in ``additional_properties``, as everywhere in the generated models.
    """
    try:
        data: Any = json.loads(content)
    except ValueError:  # not JSON, or not UTF-8
        return None
    if not isinstance(data, dict):
        return None
    if not isinstance(data.get("error_code"), str) or not isinstance(data.get("error_msg"), str):
        return None
    try:
        return ModelArtsError.from_dict(data)
    except ValueError:  # a documented field of the wrong type: read through error_fields
        return None


class ModelArtsApiError(Exception):
    """The service answered with a status other than the documented 200.

    Attributes:
        status_code: The HTTP status.
        error: The ModelArts error body (``error_code``/``error_msg``), or None when the answer did
            not carry one (another body shape, a proxy's HTML page, an empty body, an undocumented
            2XX or 3XX status).
        content: The raw response body.
        headers: The response headers.
        attempts: How many attempts were made before this answer was given up on (see ``retries``).
    """

    status_code: int
    error: ModelArtsError | None
    content: bytes
    headers: httpx.Headers
    attempts: int

    def __init__(
        self,
        status_code: int,
        error: ModelArtsError | None,
        content: bytes = b"",
        headers: httpx.Headers | None = None,
        attempts: int = 1,
    ) -> None:
        self.status_code = status_code
        self.error = error
        self.content = content
        self.headers = headers if headers is not None else httpx.Headers()
        self.attempts = attempts
        self._fields = (
            ErrorFields(error.error_code, error.error_msg, _set_or_none(error.request_id))
            if error is not None
            else error_fields(content)
        )
        if self._fields.error_code is not None:
            message = f"HTTP {status_code}: {self._fields.error_code}: {self._fields.error_msg}"
        else:
            message = f"HTTP {status_code} without a ModelArts error body"
        if attempts > 1:
            message += f" (after {attempts} attempts)"
        super().__init__(message)

    @classmethod
    def from_response(cls, response: httpx.Response) -> ModelArtsApiError:
        """The exception for an httpx response whose status is not 200."""
        attempts = response.extensions.get("modelarts_attempts", 1)
        return cls(
            response.status_code,
            parse_error_body(response.content),
            response.content,
            response.headers,
            attempts if isinstance(attempts, int) else 1,
        )

    @property
    def error_code(self) -> str | None:
        """The body's error code (``ModelArts.2807``, ``APIG.0301``), in any shape the SDK reads."""
        return self._fields.error_code

    @property
    def error_msg(self) -> str | None:
        """The body's error message, in any shape the SDK reads."""
        return self._fields.error_msg

    @property
    def error_solution(self) -> str | None:
        """``error_solution`` of the body (service errors carry it)."""
        return _set_or_none(self.error.error_solution) if self.error is not None else None

    @property
    def request_id(self) -> str | None:
        """``request_id`` of the body (gateway errors carry it), else the ``X-Request-Id`` header."""
        return self._fields.request_id or self.headers.get("X-Request-Id")


def _set_or_none(value: str | Unset) -> str | None:
    return None if isinstance(value, Unset) else value
