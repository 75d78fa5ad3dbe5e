"""A refused signature says what differs in terms a user can act on: the signed header list,
a signed header that arrived with another value than was signed (a ``Host`` rewritten by a
proxy, found by trying the value the proxy says it forwarded), the date's distance from the
server clock; never the SK, a token or the expected signature."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from modelarts_training_client.signing import sign_request, verify_signature
from modelarts_validators import Contract
from modelarts_validators.mock import MockConfig, MockServer

AK, SK = "MISMATCHACCESSKEY001", "mismatch-secret-key-value"
TOKEN = "tok-3f9a8b7c6d5e4f3a2b1c0d9e"
PROJECT = "0123456789abcdef0123456789abcdef"
PATH = f"/v2/{PROJECT}/training-job-searches"
SIGNED_HOST = "modelarts.cn-north-4.myhuaweicloud.com"
NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
BODY = b'{"limit": 5}'


def signed(
    *, security_token: str | None = None, when: datetime = NOW
) -> tuple[list[tuple[str, str]], str]:
    headers = [("Content-Type", "application/json"), ("X-Project-Id", PROJECT)]
    if security_token:
        headers.append(("X-Security-Token", security_token))
    result = sign_request("POST", f"https://{SIGNED_HOST}{PATH}", headers, BODY, when, AK, SK)
    return result.headers, result.signature


def replace(headers: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    return [(n, value if n.lower() == name else v) for n, v in headers]


def assert_no_secret(reason: str, signature: str) -> None:
    for secret in (SK, TOKEN, signature):
        assert secret not in reason


def test_a_host_rewritten_by_a_proxy_is_named_with_both_values() -> None:
    headers, signature = signed()
    proxied = [*replace(headers, "host", "127.0.0.1:8443"), ("X-Forwarded-Host", SIGNED_HOST)]
    now = NOW + timedelta(seconds=42)
    reason = verify_signature("POST", PATH, proxied, BODY, AK, SK, now=now)
    assert reason is not None
    assert reason.startswith("signature mismatch")
    assert "\n" not in reason
    assert "signed headers content-type;host;x-project-id;x-sdk-date" in reason
    assert f"host arrived as '127.0.0.1:8443' but was signed as '{SIGNED_HOST}'" in reason
    assert "X-Sdk-Date is 42s behind the server clock" in reason
    assert_no_secret(reason, signature)


def test_without_a_forwarded_host_the_received_host_is_shown_for_comparison() -> None:
    headers, signature = signed()
    reason = verify_signature(
        "POST", PATH, replace(headers, "host", "internal-gateway"), BODY, AK, SK, now=NOW
    )
    assert reason is not None
    assert "host 'internal-gateway' as received" in reason
    assert "method, path, query, a signed header's value, the body or the SK" in reason
    assert "X-Sdk-Date is 0s behind the server clock" in reason
    assert_no_secret(reason, signature)


def test_a_changed_security_token_is_named_without_its_value() -> None:
    headers, signature = signed(security_token=TOKEN)
    forged = replace(headers, "x-security-token", TOKEN + "x")
    reason = verify_signature("POST", PATH, forged, BODY, AK, SK, now=NOW)
    assert reason is not None
    assert "x-security-token" in reason
    assert TOKEN[:8] not in reason
    assert_no_secret(reason, signature)


def test_a_date_ahead_of_the_server_clock_says_ahead() -> None:
    headers, _ = signed(when=NOW + timedelta(minutes=3))
    reason = verify_signature("POST", PATH, headers, b"{}", AK, SK, now=NOW)
    assert reason is not None
    assert "X-Sdk-Date is 3m0s ahead of the server clock" in reason


def test_the_mock_answers_a_proxied_request_with_the_rewritten_host() -> None:
    config = MockConfig(jobs=2, seed=1, credentials=(AK, SK))
    with MockServer(config, Contract.load()) as server, httpx.Client(trust_env=False) as http:
        authority = server.url.removeprefix("http://")
        # The mock checks the date against its own clock: sign now, for this test.
        fresh, signature = signed(when=datetime.now(UTC))
        sent = [*replace(fresh, "host", authority), ("X-Forwarded-Host", SIGNED_HOST)]
        answer = http.post(f"{server.url}{PATH}", headers=sent, content=BODY)
    assert answer.status_code == 401
    message = answer.json()["error_msg"]
    assert f"host arrived as '{authority}' but was signed as '{SIGNED_HOST}'" in message
    assert_no_secret(message, signature)
