"""Non-2XX answers as a typed exception carrying the ModelArts error body.

ModelArts and the API gateway in front of it answer errors with a JSON body, ``{"error_code":
"ModelArts.2807", "error_msg": "...", "error_solution": "..."}`` (the gateway: ``"APIG.0301"`` and
``request_id``); the spec's 4XX/5XX responses reference it as ``ModelArtsError``. The generated
``sync_detailed(...).parsed`` is already that model for a well-formed error body, but it raises
(``json.JSONDecodeError``, ``KeyError``) when a proxy answers with HTML or the body lacks a required
field. ``ModelArtsApiError`` is what the convenience calls raise instead: it always carries the status
and raw content, and the typed body whenever there is one.

(Hand-written: copied into the generated package from openapi/client-extras/ by scripts/generate.py.)
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from .models.model_arts_error import ModelArtsError
from .types import Unset

__all__ = ["ModelArtsApiError", "parse_error_body"]


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
    return ModelArtsError.from_dict(data)


class ModelArtsApiError(Exception):
    """The service answered with a status other than the documented 200.

    Attributes:
        status_code: The HTTP status.
        error: The ModelArts error body, or None when the answer did not carry one (a proxy's HTML
            page, an empty body, an undocumented 2XX or 3XX status).
        content: The raw response body.
        headers: The response headers.
    """

    status_code: int
    error: ModelArtsError | None
    content: bytes
    headers: httpx.Headers

    def __init__(
        self,
        status_code: int,
        error: ModelArtsError | None,
        content: bytes = b"",
        headers: httpx.Headers | None = None,
    ) -> None:
        self.status_code = status_code
        self.error = error
        self.content = content
        self.headers = headers if headers is not None else httpx.Headers()
        if error is not None:
            message = f"HTTP {status_code}: {error.error_code}: {error.error_msg}"
        else:
            message = f"HTTP {status_code} without a ModelArts error body"
        super().__init__(message)

    @classmethod
    def from_response(cls, response: httpx.Response) -> ModelArtsApiError:
        """The exception for an httpx response whose status is not 200."""
        return cls(
            response.status_code,
            parse_error_body(response.content),
            response.content,
            response.headers,
        )

    @property
    def error_code(self) -> str | None:
        """``error_code`` of the body, for example ``ModelArts.2807`` or ``APIG.0301``."""
        return self.error.error_code if self.error is not None else None

    @property
    def error_msg(self) -> str | None:
        """``error_msg`` of the body."""
        return self.error.error_msg if self.error is not None else None

    @property
    def error_solution(self) -> str | None:
        """``error_solution`` of the body (service errors carry it)."""
        return _set_or_none(self.error.error_solution) if self.error is not None else None

    @property
    def request_id(self) -> str | None:
        """``request_id`` of the body (gateway errors carry it)."""
        return _set_or_none(self.error.request_id) if self.error is not None else None


def _set_or_none(value: str | Unset) -> str | None:
    return None if isinstance(value, Unset) else value
