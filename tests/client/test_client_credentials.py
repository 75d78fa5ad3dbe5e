"""Credentials and endpoints the way the official SDK finds them (environment, credentials file,
region table), temporary credentials that renew, and the re-signing after a clock-skew refusal."""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from huaweicloudsdkmodelarts.v1.region.modelarts_region import ModelArtsRegion
from modelarts_training_client import (
    AkSkAuth,
    Client,
    CredentialsError,
    ModelArtsApiError,
    RetryPolicy,
    UnknownRegionError,
    endpoint,
    get_training_job_page,
)
from modelarts_training_client.regions import REGIONS, override_variable
from modelarts_training_client.signing import parse_sdk_date, verify_signature

from tests.support.loopback import LoopbackServer, Recorded, Reply, make_job

AK, SK, TOKEN, PROJECT = "ENVAK", "env-secret", "env-token", "project-env"
PAGE = {"count": 1, "items": [make_job(1)]}
ENV = {
    "HUAWEICLOUD_SDK_AK": AK,
    "HUAWEICLOUD_SDK_SK": SK,
    "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT,
    "HUAWEICLOUD_SDK_SECURITY_TOKEN": TOKEN,
}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer(lambda _request: Reply(200, PAGE)) as running:
        yield running


def _signed_call(server: LoopbackServer, auth: AkSkAuth) -> Recorded:
    with Client(base_url=server.base_url, httpx_args={"auth": auth}) as client:
        get_training_job_page(client, PROJECT)
    return server.requests[-1]


# --- credentials --------------------------------------------------------------------------------


def test_credentials_from_the_environment(server: LoopbackServer) -> None:
    sent = _signed_call(server, AkSkAuth.from_env(ENV))
    assert verify_signature(sent.method, sent.target, sent.headers, sent.body, AK, SK) is None
    assert (sent.header("X-Project-Id"), sent.header("X-Security-Token")) == (PROJECT, TOKEN)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set"),
        ({"HUAWEICLOUD_SDK_AK": AK}, "HUAWEICLOUD_SDK_SK is not set"),
        ({"HUAWEICLOUD_SDK_SK": SK}, "HUAWEICLOUD_SDK_AK is not set"),
    ],
)
def test_missing_environment_credentials_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(CredentialsError, match=message) as raised:
        AkSkAuth.from_env(env)
    assert SK not in str(raised.value)


def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "credentials"
    path.write_text(text, encoding="utf-8")
    return path


def test_credentials_from_the_sdks_profile_file(server: LoopbackServer, tmp_path: Path) -> None:
    path = _profile(
        tmp_path,
        f"[basic]\nak = {AK}\nsk = {SK}\nproject_id = {PROJECT}\n\n[global]\nak = other\nsk = x\n",
    )
    auth = AkSkAuth.from_profile(environ={"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path)})
    sent = _signed_call(server, auth)
    assert verify_signature(sent.method, sent.target, sent.headers, sent.body, AK, SK) is None
    assert sent.header("X-Project-Id") == PROJECT
    assert sent.header("X-Security-Token") is None


def test_the_chain_prefers_the_environment_then_the_file(tmp_path: Path) -> None:
    path = _profile(tmp_path, "[basic]\nak = FILEAK\nsk = file-secret\n")
    file_only = {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path)}
    assert "FILEAK" in repr(AkSkAuth.from_default_chain(file_only))
    assert f"ak={AK!r}" in repr(AkSkAuth.from_default_chain({**file_only, **ENV}))
    with pytest.raises(CredentialsError, match="HUAWEICLOUD_SDK_SK is not set"):
        AkSkAuth.from_default_chain({**file_only, "HUAWEICLOUD_SDK_AK": AK})
    missing = {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(tmp_path / "absent")}
    with pytest.raises(CredentialsError, match=r"are not set, and credentials file .* does not"):
        AkSkAuth.from_default_chain(missing)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[global]\nak = a\nsk = b\n", r"has no \[basic\] section"),
        ("[basic]\nak = a\n", r"\[basic\]: no sk"),
        ("[basic]\n", r"\[basic\]: no ak and no sk"),
        ("not an ini file", "cannot be read"),
    ],
)
def test_incomplete_profile_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CredentialsError, match=message):
        AkSkAuth.from_profile(_profile(tmp_path, text))


def test_the_default_credentials_file_is_the_sdks(monkeypatch: pytest.MonkeyPatch) -> None:
    from modelarts_training_client.credentials import credentials_file

    monkeypatch.setenv("HOME", "/home/someone")
    assert credentials_file({}) == Path("/home/someone/.huaweicloud/credentials")


def test_temporary_credentials_are_fetched_again_before_they_expire(
    server: LoopbackServer,
) -> None:
    now = [datetime(2025, 1, 1, tzinfo=UTC)]
    issued: list[int] = []

    def fetch() -> tuple[str, str, str]:
        issued.append(len(issued) + 1)
        return f"TMPAK{len(issued)}", f"tmp-secret-{len(issued)}", f"tmp-token-{len(issued)}"

    auth = AkSkAuth.temporary(fetch, PROJECT, lifetime=timedelta(minutes=15), clock=lambda: now[0])
    assert issued == []
    assert "tmp-secret" not in repr(auth)
    server.responder = lambda _request: Reply(200, PAGE)

    def verified(sent: Recorded, n: int) -> bool:
        at = parse_sdk_date(sent.header("X-Sdk-Date") or "")  # signed with the test's clock
        reason = verify_signature(
            sent.method,
            sent.target,
            sent.headers,
            sent.body,
            f"TMPAK{n}",
            f"tmp-secret-{n}",
            now=at,
        )
        return reason is None and sent.header("X-Security-Token") == f"tmp-token-{n}"

    assert verified(_signed_call(server, auth), 1)
    now[0] += timedelta(minutes=13)  # still valid for 2 minutes: kept
    assert verified(_signed_call(server, auth), 1)
    now[0] += timedelta(minutes=1, seconds=30)  # within the 1-minute margin: renewed
    assert verified(_signed_call(server, auth), 2)
    assert issued == [1, 2]


def test_a_temporary_source_that_returns_too_little_is_refused(server: LoopbackServer) -> None:
    auth = AkSkAuth.temporary(lambda: ("AK", "", "token"))
    with pytest.raises(CredentialsError, match="no sk"):
        _signed_call(server, auth)
    assert server.requests == []  # never an unsigned request


# --- regions ------------------------------------------------------------------------------------


def test_the_region_table_is_the_official_sdks() -> None:
    sdk = {name: region.endpoints[0] for name, region in ModelArtsRegion.static_fields.items()}
    assert dict(REGIONS) == sdk
    assert all(endpoint(name, {}) == url for name, url in sdk.items())


def test_hosts_that_differ_from_the_spec_servers_template() -> None:
    # The README names these; the spec's servers entry is modelarts.{region}.myhuaweicloud.com.
    differing = {
        name
        for name, url in REGIONS.items()
        if url != f"https://modelarts.{name}.myhuaweicloud.com"
    }
    assert differing == {"ap-southeast-1"}


def test_the_sdks_override_variable_wins() -> None:
    variable = override_variable("cn-north-4")
    assert variable == "HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4"
    env = {variable: "https://proxy.example:8443, https://second.example"}
    assert endpoint("cn-north-4", env) == "https://proxy.example:8443"
    assert endpoint("xx-private-1", {override_variable("xx-private-1"): "http://10.0.0.1"}) == (
        "http://10.0.0.1"
    )


def test_an_unknown_region_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownRegionError, match="unknown region 'mars-1': known regions are af-"):
        endpoint("mars-1", {})
    with pytest.raises(UnknownRegionError) as raised:
        endpoint("mars-1", {})
    assert "cn-north-4" in str(raised.value)


# --- clock skew ---------------------------------------------------------------------------------

SKEW = timedelta(hours=2)


def gateway_with_a_clock_ahead(server: LoopbackServer) -> None:
    """Answers like the API gateway whose clock is SKEW ahead of ours: an X-Sdk-Date more than 15
    minutes off its clock is refused with 401 APIG.0301 (the gateway's one code for a refused
    AK/SK signature) and its own Date header; a good signature gets the page."""

    def respond(sent: Recorded) -> Reply:
        gateway_now = datetime.now(UTC) + SKEW
        date = email.utils.format_datetime(gateway_now, usegmt=True)
        reason = verify_signature(
            sent.method, sent.target, sent.headers, sent.body, AK, SK, now=gateway_now
        )
        if reason is not None:
            body = {
                "error_code": "APIG.0301",
                "error_msg": "Incorrect IAM authentication information: verify aksk signature fail",
                "request_id": "skew-1",
            }
            return Reply(401, body, {"Date": date})
        return Reply(200, PAGE, {"Date": date})

    server.responder = respond


def test_a_clock_skew_refusal_is_signed_again_with_the_gateways_offset(
    server: LoopbackServer,
) -> None:
    gateway_with_a_clock_ahead(server)
    auth = AkSkAuth(AK, SK, PROJECT)
    client = Client(base_url=server.base_url, httpx_args={"auth": auth}, retry=RetryPolicy.none())
    with client:
        assert get_training_job_page(client, PROJECT).to_dict() == PAGE
        assert [r.header("Authorization") is not None for r in server.requests] == [True, True]
        assert abs(auth.clock_offset - SKEW) < timedelta(seconds=5)
        get_training_job_page(client, PROJECT)  # the offset is remembered: one request
    assert len(server.requests) == 3


def test_a_wrong_key_is_not_signed_again(server: LoopbackServer) -> None:
    gateway_with_a_clock_ahead(server)
    auth = AkSkAuth(AK, "wrong-secret", PROJECT, clock=lambda: datetime.now(UTC) + SKEW)
    client = Client(base_url=server.base_url, httpx_args={"auth": auth}, retry=RetryPolicy.none())
    with client, pytest.raises(ModelArtsApiError, match=r"APIG\.0301"):
        get_training_job_page(client, PROJECT)
    assert len(server.requests) == 1
    assert auth.clock_offset == timedelta(0)
