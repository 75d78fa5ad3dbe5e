"""``ContractTransport`` and ``AsyncContractTransport`` on real loopback servers: the generated
client against the mock's drift (the same verdict as the command line on the mock's own HAR),
broken requests refused before they leave, broken responses raised after they are read, and the
bad input a transport meets (bodies that are not JSON, too large, cut off mid-way, a check that
fails), each leaving the caller's response or error as it was."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from modelarts_training_client import AkSkAuth, AuthenticatedClient, Client, iter_training_jobs
from modelarts_training_client.models import JobSearches
from modelarts_validators import (
    AsyncContractTransport,
    Contract,
    ContractTransport,
    ContractViolation,
    ContractWarning,
    Kind,
)
from modelarts_validators.live import Collector
from modelarts_validators.mock import MockServer

from tests.live.conftest import AK, PATH, PROJECT, SK, TOKEN, cli_summary, same_counts
from tests.support.loopback import LoopbackServer, Reply, make_job

OK = {"total": 1, "count": 1, "limit": 10, "offset": 0, "items": [make_job(1)]}


def kinds(transport: ContractTransport | AsyncContractTransport) -> list[str]:
    return [str(f.kind) for f in transport.findings]


def test_the_generated_client_through_the_transport_sees_what_the_cli_sees(
    drift_mock: MockServer, tmp_path: Path
) -> None:
    record = tmp_path / "live.ndjson"
    transport = ContractTransport(mode="warn", record=record)
    search = JobSearches(limit=5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with AuthenticatedClient(
            base_url=drift_mock.url, token=TOKEN, httpx_args={"transport": transport}
        ) as client:
            token_jobs = list(iter_training_jobs(client, PROJECT, search))
        auth = AkSkAuth(AK, SK, PROJECT)
        with Client(
            base_url=drift_mock.url, httpx_args={"auth": auth, "transport": transport}
        ) as client:
            signed_jobs = list(iter_training_jobs(client, PROJECT, search))
    drift_mock.stop()
    assert len(token_jobs) == len(signed_jobs) == 23
    live = transport.collector.summary
    assert live.checked == 10  # 5 pages of 5 (the last short page ends it), twice
    assert live.drift_only > 0
    assert live.with_errors == 0
    contract_warnings = [w.message for w in caught if isinstance(w.message, ContractWarning)]
    assert len(contract_warnings) == live.drift_only  # one per exchange with findings
    assert all(w.findings for w in contract_warnings)
    served = tmp_path / "served.har"
    assert same_counts(cli_summary(served), live.as_json()) == live.as_json()
    # the recording is the same traffic, in the documented NDJSON format, without secrets
    assert same_counts(cli_summary(record), live.as_json()) == live.as_json()
    text = record.read_text()
    assert TOKEN not in text
    assert SK not in text
    assert "Signature=" not in text
    assert all(TOKEN not in str(w) for w in contract_warnings)
    # the transport saw the signed request: AK/SK requests carry an Authorization, redacted
    lines = [json.loads(line) for line in text.splitlines()]
    assert {line["request"]["headers"].get("authorization") for line in lines[5:]} == {"[REDACTED]"}


def test_a_broken_request_is_refused_before_it_is_sent() -> None:
    with LoopbackServer(lambda _r: Reply(200, OK)) as server:
        transport = ContractTransport()
        with httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as client:
            with pytest.raises(ContractViolation) as raised:
                client.post(f"{server.base_url}{PATH}", json={"limit": 51})
            assert server.requests == []
            assert str(raised.value) == "request /limit: 51 is greater than the maximum of 50"
            assert kinds(transport) == ["schema-violation"]
            # not checked when asked not to: it goes out, and the server's answer is judged
            unchecked = ContractTransport(check_requests=False)
            with (
                httpx.Client(transport=unchecked, headers={"X-Auth-Token": TOKEN}) as loose,
                pytest.raises(ContractViolation),
            ):
                loose.post(f"{server.base_url}{PATH}", json={"limit": 51})
            assert len(server.requests) == 1


def test_a_broken_response_raises_after_it_is_read_and_drift_only_when_strict() -> None:
    broken = {**OK, "items": [make_job(1, status={"phase": 7})]}
    drift = {**OK, "surprise": True}
    with LoopbackServer() as server:
        url = f"{server.base_url}{PATH}"
        with httpx.Client(transport=ContractTransport(), headers={"X-Auth-Token": TOKEN}) as client:
            server.responder = lambda _r: Reply(200, broken)
            with pytest.raises(ContractViolation) as raised:
                client.post(url, json={})
            assert raised.value.findings[0].pointer == "/items/0/status/phase"
            server.responder = lambda _r: Reply(200, drift)
            assert client.post(url, json={}).json() == drift  # drift passes
        strict = ContractTransport(strict=True)
        with (
            httpx.Client(transport=strict, headers={"X-Auth-Token": TOKEN}) as client,
            pytest.raises(ContractViolation, match="surprise"),
        ):
            client.post(url, json={})
    assert len(server.requests) == 3


def test_async_transport_refuses_raises_and_collects() -> None:
    async def calls(url: str) -> tuple[AsyncContractTransport, httpx.Response]:
        refusing = AsyncContractTransport()
        async with httpx.AsyncClient(transport=refusing, headers={"X-Auth-Token": TOKEN}) as c:
            with pytest.raises(ContractViolation):
                await c.post(url, json={"limit": 0})
        collecting = AsyncContractTransport(mode="collect")
        async with httpx.AsyncClient(transport=collecting, headers={"X-Auth-Token": TOKEN}) as c:
            response = await c.post(url, json={"limit": 0})
            assert kinds(refusing) == ["schema-violation"]
            return collecting, response

    reply = {**OK, "items": [make_job(1, status={"phase": 7})]}
    with LoopbackServer(lambda _r: Reply(200, reply)) as server:
        collecting, response = asyncio.run(calls(f"{server.base_url}{PATH}"))
    assert len(server.requests) == 1  # the refused request never left
    assert response.json() == reply
    assert kinds(collecting) == ["schema-violation", "schema-violation"]
    assert [f.side for f in collecting.findings] == ["request", "response"]


def test_streaming_body_reaches_the_caller_whole_and_is_judged_once_at_its_end() -> None:
    body = json.dumps({**OK, "items": [make_job(i) for i in range(200)], "count": 200})
    with LoopbackServer(
        lambda _r: Reply(200, body.encode(), {"Content-Type": "application/json"})
    ) as server:
        transport = ContractTransport(mode="collect")
        with (
            httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as client,
            client.stream("POST", f"{server.base_url}{PATH}", json={}) as response,
        ):
            assert transport.collector.summary.checked == 0  # not before the end
            chunks = list(response.iter_bytes(chunk_size=1000))
    assert b"".join(chunks).decode() == body
    assert len(chunks) > 1
    assert transport.collector.summary.checked == 1
    assert transport.findings == []


def test_other_urls_pass_through_untouched() -> None:
    with LoopbackServer(lambda _r: Reply(200, b"not json")) as server:
        transport = ContractTransport()
        with httpx.Client(transport=transport) as client:
            assert (
                client.post(f"{server.base_url}/v2/{PROJECT}/other", content=b"x").text
                == "not json"
            )
            assert client.get(f"{server.base_url}{PATH}").text == "not json"  # not the method
    assert transport.collector.summary.entries == 0


def test_a_body_that_is_not_json_is_a_finding_and_the_caller_still_gets_it() -> None:
    headers = {"Content-Type": "application/json"}
    with LoopbackServer(lambda _r: Reply(200, b"<html>oops", headers)) as server:
        transport = ContractTransport(mode="collect")
        with httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as client:
            assert client.post(f"{server.base_url}{PATH}", json={}).text == "<html>oops"
    assert kinds(transport) == [Kind.INVALID_JSON]


def test_a_body_past_the_limit_streams_whole_and_is_unreadable_not_buffered() -> None:
    body = json.dumps({**OK, "items": [make_job(i) for i in range(50)], "count": 50}).encode()
    with LoopbackServer(
        lambda _r: Reply(200, body, {"Content-Type": "application/json"})
    ) as server:
        transport = ContractTransport(mode="collect", max_body_size=1024)
        with httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as client:
            assert client.post(f"{server.base_url}{PATH}", json={}).content == body
    assert [(f.kind, f.side) for f in transport.findings] == [(Kind.UNREADABLE, "response")]
    assert "larger than 1,024 bytes" in transport.findings[0].message


@pytest.fixture
def cut_off_server() -> Iterator[str]:
    """Answers one request with a Content-Length of 1,000 and 10 bytes, then hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            # the whole request first: closing with unread bytes would reset the connection
            # (a ReadError) instead of cutting the answer short
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            head, _, body = received.partition(b"\r\n\r\n")
            length = next(
                (int(line.split(b":")[1]) for line in head.lower().split(b"\r\n")
                 if line.startswith(b"content-length:")),
                0,
            )  # fmt: skip
            while len(body) < length:
                body += connection.recv(65536)
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"total": '
            )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    thread.join(timeout=5)
    listener.close()


def test_a_connection_error_mid_body_is_the_transports_own_and_records_nothing(
    cut_off_server: str, tmp_path: Path
) -> None:
    record = tmp_path / "record.ndjson"
    transport = ContractTransport(mode="collect", record=record)
    with (
        httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.post(f"{cut_off_server}{PATH}", json={})
    assert transport.collector.summary.entries == 0
    assert record.read_text() == ""


def test_a_check_that_fails_is_a_finding_never_the_callers_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    contract = Contract.load()

    def broken(_exchange: object) -> None:
        raise RuntimeError("engine fell over")

    monkeypatch.setattr(contract, "check_exchange", broken)
    with LoopbackServer(lambda _r: Reply(200, OK)) as server:
        for mode in ("warn", "collect"):
            transport = ContractTransport(mode=mode, contract=contract)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with httpx.Client(transport=transport, headers={"X-Auth-Token": TOKEN}) as c:
                    assert c.post(f"{server.base_url}{PATH}", json={}).json() == OK
            finding = transport.findings[0]
            assert finding.kind is Kind.UNREADABLE
            assert "RuntimeError: engine fell over" in finding.message
            assert len(caught) == (mode == "warn")


def test_options_that_contradict_each_other_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        ContractTransport(mode="loud")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="strict"):
        ContractTransport(strict=True, contract=Contract.load())
    with pytest.raises(ValueError, match="strict"):
        ContractTransport(strict=True, collector=Collector(Contract.load()))
    with pytest.raises(ValueError, match="record"):
        ContractTransport(collector=Collector(), record=tmp_path / "x.ndjson")
