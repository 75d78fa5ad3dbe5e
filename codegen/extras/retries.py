"""Retrying the search when the service or the network says "not now", sync and async.

``ListTrainingJobs`` is a read-only search, so sending it again is always safe. Huawei's API
gateway throttles with 429 (``APIG.0308``; ModelArts itself answers ``ModelArts.2799``) and
answers 502/503/504 under load; connections get refused or reset while an endpoint restarts.
The official SDK's ``retry_times`` never retries this call (urllib3 leaves POST out of the methods
it retries), which is why the client does it itself.

:class:`RetryPolicy` says what is retried and how long to wait; every client carries one
(``Client(..., retry=RetryPolicy(...))``, default ``RetryPolicy()``), and the generated calls and
the paging helpers all send through :func:`send_with_retries` / :func:`asend_with_retries`.

- Each attempt is a fresh request: ``httpx.Client.request`` builds it again and runs the client's
  auth again, so with ``AkSkAuth`` every attempt carries its own ``X-Sdk-Date`` and signature.
- The wait before attempt ``n + 1`` is the response's ``Retry-After`` (seconds or an HTTP date)
  when it has one, else exponential backoff ``backoff * 2 ** (n - 1)`` capped at ``max_backoff``,
  with up to ``jitter`` of it drawn at random (so that many clients throttled together do not
  come back together). Either is capped by ``max_delay``.
- ``total`` bounds the time from the first attempt to the start of the last one: a retry whose
  wait would end after it is not made. It does not cut an attempt short; the client's timeout
  does that.
- When the attempts run out, the caller gets what the last attempt gave, typed as without
  retries: the response (``ModelArtsApiError.attempts`` tells how many were made) or the httpx
  exception (with a note saying how many attempts were made).

Every attempt logs one debug line, and every retry another, on the ``modelarts_training_client``
logger (see ``logs``), credentials redacted.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from .api_errors import error_fields
from .logs import logger, redact_url

#: ``datetime.UTC`` is Python 3.11+; the same object.
UTC = timezone.utc


def _add_note(error: BaseException, note: str) -> None:
    """``error.add_note(note)``; Python 3.10 has no ``add_note``: the same ``__notes__`` list."""
    if sys.version_info >= (3, 11):
        error.add_note(note)
    else:  # Python 3.10's tracebacks do not print __notes__; the list is there for callers
        setattr(error, "__notes__", [*getattr(error, "__notes__", ()), note])  # noqa: B010


__all__ = [
    "ATTEMPTS_EXTENSION",
    "DEFAULT_RETRY_ERRORS",
    "DEFAULT_RETRY_ERROR_CODES",
    "DEFAULT_RETRY_STATUSES",
    "RetryHook",
    "RetryPolicy",
    "asend_with_retries",
    "attempts_of",
    "send_with_retries",
]

#: Statuses that mean "try again later": throttled, or a gateway that could not reach the service.
DEFAULT_RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Error codes that mean throttling whatever the status: the gateway's flow control, and the
#: service's own "too many requests".
DEFAULT_RETRY_ERROR_CODES = frozenset({"APIG.0308", "APIGW.0308", "ModelArts.2799"})
#: Exceptions after which the request is sent again: the connection could not be made (refused,
#: reset, DNS, connect timeout), broke before an answer, or the answer did not come in time.
DEFAULT_RETRY_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.RemoteProtocolError,
    httpx.ReadTimeout,
)
#: ``httpx.Response.extensions`` key under which the number of attempts made is kept.
ATTEMPTS_EXTENSION = "modelarts_attempts"

#: ``on_retry(attempt, reason, delay)``: attempt ``attempt`` (1-based) failed for ``reason``
#: (``"HTTP 429 APIG.0308"``, ``"ConnectError"``) and the next one starts in ``delay`` seconds.
RetryHook = Callable[[int, str, float], None]


@dataclass(frozen=True)
class RetryPolicy:
    """What is retried, how often, and how long to wait; immutable, shareable between clients.

    Attributes:
        attempts: Attempts in all, the first one included (1: no retry).
        total: Seconds from the first attempt within which a retry may still start.
        backoff: Wait after the first failed attempt, doubled after each further one.
        max_backoff: Upper bound of the exponential backoff.
        jitter: Fraction (0-1) of each backoff drawn at random: the wait is uniform in
            ``[b * (1 - jitter), b]``.
        max_delay: Upper bound of any wait, ``Retry-After`` included.
        statuses: Response statuses that are retried.
        error_codes: ModelArts/APIG ``error_code`` values that are retried whatever the status.
        errors: httpx exceptions that are retried.
        on_retry: Called before each wait; see ``RetryHook``.
    """

    attempts: int = 3
    total: float = 30.0
    backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: float = 0.5
    max_delay: float = 20.0
    statuses: frozenset[int] = DEFAULT_RETRY_STATUSES
    error_codes: frozenset[str] = DEFAULT_RETRY_ERROR_CODES
    errors: tuple[type[Exception], ...] = DEFAULT_RETRY_ERRORS
    on_retry: RetryHook | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be 1 or more, not {self.attempts!r}")
        if not 0 <= self.jitter <= 1:
            raise ValueError(f"jitter must be between 0 and 1, not {self.jitter!r}")
        for name, value in (
            ("total", self.total),
            ("backoff", self.backoff),
            ("max_backoff", self.max_backoff),
            ("max_delay", self.max_delay),
        ):
            if value < 0:
                raise ValueError(f"{name} must not be negative, not {value!r}")

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries: one attempt, whatever happens."""
        return cls(attempts=1)

    def with_hook(self, on_retry: RetryHook | None) -> RetryPolicy:
        """This policy with another ``on_retry``."""
        return replace(self, on_retry=on_retry)

    def response_reason(self, response: httpx.Response) -> str | None:
        """Why ``response`` should be retried, or None when it should not be."""
        code: str | None = None
        if response.status_code >= 400:
            code = error_fields(response.content).error_code
        if response.status_code in self.statuses or (code is not None and code in self.error_codes):
            return f"HTTP {response.status_code}" + (f" {code}" if code else "")
        return None

    def error_reason(self, error: Exception) -> str | None:
        """Why ``error`` should be retried, or None when it should not be."""
        return type(error).__name__ if isinstance(error, self.errors) else None

    def backoff_delay(self, attempt: int) -> float:
        """The wait after failed attempt ``attempt`` (1-based) when the server named none."""
        base = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return min(self.max_delay, base * (1 - self.jitter * random.random()))

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """The wait before the attempt after ``attempt``: ``Retry-After`` or the backoff."""
        if response is not None:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                return min(self.max_delay, retry_after)
        return self.backoff_delay(attempt)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def attempts_of(response: httpx.Response) -> int:
    """How many attempts it took to get ``response`` (1 when it did not go through the retries)."""
    attempts = response.extensions.get(ATTEMPTS_EXTENSION, 1)
    return attempts if isinstance(attempts, int) else 1


class _Attempts:
    """The bookkeeping of one call: the deadline, the attempt number, the decision to go on."""

    def __init__(self, policy: RetryPolicy, kwargs: dict[str, Any]) -> None:
        self.policy = policy
        self.number = 0
        self._deadline = time.monotonic() + policy.total
        self._target = f"{kwargs.get('method', '?')} {redact_url(str(kwargs.get('url', '')))}"

    def start(self) -> None:
        self.number += 1
        logger.debug("%s: attempt %d of %d", self._target, self.number, self.policy.attempts)

    def answered(self, response: httpx.Response) -> float | None:
        """The wait before retrying after ``response``, or None: return it to the caller."""
        response.extensions[ATTEMPTS_EXTENSION] = self.number
        logger.debug(
            "%s: HTTP %d (%s)",
            self._target,
            response.status_code,
            response.headers.get("X-Request-Id", "no X-Request-Id"),
        )
        reason = self.policy.response_reason(response)
        return None if reason is None else self._next(reason, response)

    def failed(self, error: Exception) -> float | None:
        """The wait before retrying after ``error``, or None: raise it to the caller."""
        reason = self.policy.error_reason(error)
        delay = None if reason is None else self._next(reason, None)
        if delay is None and self.number > 1:
            _add_note(error, f"(after {self.number} attempts)")
        return delay

    def _next(self, reason: str, response: httpx.Response | None) -> float | None:
        if self.number >= self.policy.attempts:
            logger.debug("%s: %s, giving up after %d attempts", self._target, reason, self.number)
            return None
        delay = self.policy.delay(self.number, response)
        if time.monotonic() + delay > self._deadline:
            logger.debug(
                "%s: %s, giving up: a retry in %.2f s would start after the %.1f s cap",
                self._target,
                reason,
                delay,
                self.policy.total,
            )
            return None
        logger.debug(
            "%s: %s, retrying in %.2f s (attempt %d of %d)",
            self._target,
            reason,
            delay,
            self.number + 1,
            self.policy.attempts,
        )
        if self.policy.on_retry is not None:
            self.policy.on_retry(self.number, reason, delay)
        return delay


def send_with_retries(
    http: httpx.Client, policy: RetryPolicy, kwargs: dict[str, Any]
) -> httpx.Response:
    """``http.request(**kwargs)``, again while ``policy`` says so; the last response or error."""
    attempts = _Attempts(policy, kwargs)
    while True:
        attempts.start()
        try:
            response = http.request(**kwargs)
        except Exception as error:
            delay = attempts.failed(error)
            if delay is None:
                raise
        else:
            delay = attempts.answered(response)
            if delay is None:
                return response
        time.sleep(delay)


async def asend_with_retries(
    http: httpx.AsyncClient, policy: RetryPolicy, kwargs: dict[str, Any]
) -> httpx.Response:
    """``send_with_retries`` over an ``httpx.AsyncClient``; waits with ``asyncio.sleep``."""
    attempts = _Attempts(policy, kwargs)
    while True:
        attempts.start()
        try:
            response = await http.request(**kwargs)
        except Exception as error:
            delay = attempts.failed(error)
            if delay is None:
                raise
        else:
            delay = attempts.answered(response)
            if delay is None:
                return response
        await asyncio.sleep(delay)
