"""httpx transports that check every exchange of the operation against the contract, where the
traffic happens: ``ContractTransport`` and ``AsyncContractTransport``.

They wrap another transport (httpx's own by default) and see what goes on the wire: the request
after the client's auth has signed it, the response as the server sent it. Requests to other
URLs pass through untouched. The response body streams through to the caller as it arrives
(read once, from the server); the transport keeps a copy up to the record limit and judges the
exchange when the body has ended. A transport error (a connection dropped mid-body) reaches the
caller unchanged, and the exchange is not counted: nothing false is recorded. A body the caller
closes before its end is not judged either.

Modes: ``raise`` refuses a request that breaks the contract with ``ContractViolation`` before it
is sent (unless ``check_requests=False``) and raises it for a response that breaks it once the
body has been read; ``warn`` issues one ``ContractWarning`` per exchange with findings;
``collect`` only gathers. Every mode counts everything in ``collector``. Drift is a warning
unless ``strict`` (or a strict ``contract``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx

from ..capture.records import MAX_RECORD_SIZE
from ..contract.contract import Contract
from ..contract.findings import Finding
from ..contract.model import Exchange, Request
from ..contract.violations import ContractViolation
from .collector import Collector
from .exchange import Tap, decoded, request_of, response_of
from .judge import MODES, Mode, contract_for, failed_check, judge, request_errors, settle


class _Checker:
    """What both transports share: the contract, the collector, the mode, and the judging."""

    def __init__(
        self,
        mode: Mode,
        check_requests: bool,
        strict: bool,
        contract: Contract | None,
        collector: Collector | None,
        record: str | Path | None,
        max_body_size: int,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}, expected one of {', '.join(MODES)}")
        if collector is not None and record is not None:
            raise ValueError("record= belongs to the collector when one is given")
        contract = contract or (collector.contract if collector is not None else None)
        if contract is not None and strict and not contract.strict:
            raise ValueError("strict=True with a contract (or a collector's) that is not strict")
        self.contract = contract or contract_for(strict)
        self.collector = collector or Collector(self.contract, record=record)
        self._owns_collector = collector is None
        self.mode: Mode = mode
        self.check_requests = check_requests
        self.max_body_size = max_body_size

    def matches(self, request: httpx.Request) -> bool:
        try:
            return self.contract.match(request.method, str(request.url)) is not None
        except Exception:
            return False  # a URL the router cannot read is not this operation's

    def before(self, request: httpx.Request, body: bytes) -> Request:
        """The request as checked; in ``raise`` mode, refuse it when it breaks the contract."""
        checked = request_of(request, body)
        if self.mode == "raise" and self.check_requests:
            exchange = Exchange(checked, None)
            errors = request_errors(self.contract, exchange)
            if errors:
                raise ContractViolation(self.collector.add(exchange, errors, record=False))
        return checked

    def after(self, request: Request, response: httpx.Response, tap: Tap) -> None:
        """Judge the whole exchange once the body has ended."""
        raw = tap.body()
        exchange = Exchange(request, response_of(response, None))
        overflow = None
        try:
            if raw is None:
                overflow = tap.limit
            else:
                exchange.response.body = decoded(response.headers, raw)  # type: ignore[union-attr]
            findings = judge(self.contract, exchange, overflow=overflow)
        except Exception as error:
            findings = [failed_check("response", error, exchange.origin)]
        settle(self.mode, self.collector, exchange, findings)

    def close(self) -> None:
        if self._owns_collector:
            self.collector.close()


class _CheckedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, tap: Tap, done: Callable[[], None]):
        self._inner, self._tap, self._done = inner, tap, done

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            self._tap.take(chunk)
            yield chunk
        self._done()

    def close(self) -> None:
        self._inner.close()


class _AsyncCheckedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, tap: Tap, done: Callable[[], None]):
        self._inner, self._tap, self._done = inner, tap, done

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            self._tap.take(chunk)
            yield chunk
        self._done()

    async def aclose(self) -> None:
        await self._inner.aclose()


def _wrapped(
    response: httpx.Response,
    stream: httpx.SyncByteStream | httpx.AsyncByteStream,
    request: httpx.Request,
) -> httpx.Response:
    return httpx.Response(
        status_code=response.status_code,
        headers=response.headers,
        stream=stream,
        extensions=response.extensions,
        request=request,
    )


class _Checking:
    """What both transports say of their checks."""

    _checker: _Checker

    @property
    def collector(self) -> Collector:
        return self._checker.collector

    @property
    def findings(self) -> list[Finding]:
        """Every finding so far, in order (the collector's)."""
        return self._checker.collector.findings


class ContractTransport(_Checking, httpx.BaseTransport):
    """A sync httpx transport that checks each exchange of the operation against the contract.

    ``transport``: the one that sends (default ``httpx.HTTPTransport()``); ``mode``: ``raise``,
    ``warn`` or ``collect``; ``check_requests``: whether ``raise`` mode refuses a broken request
    before sending it; ``strict``: drift is an error; ``contract``: another compiled contract
    (its ``servers`` decide which URLs are the operation's); ``collector``: a shared one (a test
    session's); ``record``: a path every checked exchange is appended to as redacted NDJSON;
    ``max_body_size``: the largest response body kept for the check (a larger one still
    streams to the caller whole, and is an ``unreadable`` finding)."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        mode: Mode = "raise",
        check_requests: bool = True,
        strict: bool = False,
        contract: Contract | None = None,
        collector: Collector | None = None,
        record: str | Path | None = None,
        max_body_size: int = MAX_RECORD_SIZE,
    ) -> None:
        self._checker = _Checker(
            mode, check_requests, strict, contract, collector, record, max_body_size
        )
        self._transport = transport if transport is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        checker = self._checker
        if not checker.matches(request):
            return self._transport.handle_request(request)
        checked = checker.before(request, request.read())
        response = self._transport.handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        tap = Tap(checker.max_body_size)
        stream = _CheckedStream(response.stream, tap, lambda: checker.after(checked, response, tap))
        return _wrapped(response, stream, request)

    def close(self) -> None:
        self._transport.close()
        self._checker.close()


class AsyncContractTransport(_Checking, httpx.AsyncBaseTransport):
    """``ContractTransport`` for ``httpx.AsyncClient`` (the same options; the default inner
    transport is ``httpx.AsyncHTTPTransport()``)."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        mode: Mode = "raise",
        check_requests: bool = True,
        strict: bool = False,
        contract: Contract | None = None,
        collector: Collector | None = None,
        record: str | Path | None = None,
        max_body_size: int = MAX_RECORD_SIZE,
    ) -> None:
        self._checker = _Checker(
            mode, check_requests, strict, contract, collector, record, max_body_size
        )
        self._transport = transport if transport is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        checker = self._checker
        if not checker.matches(request):
            return await self._transport.handle_async_request(request)
        checked = checker.before(request, await request.aread())
        response = await self._transport.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        tap = Tap(checker.max_body_size)
        stream = _AsyncCheckedStream(
            response.stream, tap, lambda: checker.after(checked, response, tap)
        )
        return _wrapped(response, stream, request)

    async def aclose(self) -> None:
        await self._transport.aclose()
        self._checker.close()
