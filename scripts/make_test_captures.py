"""Write the hand-made captures of ``tests/data/`` (everything there but the SDK recording,
which ``scripts/record_sdk_har.py`` makes with mitmproxy).

    python scripts/make_test_captures.py            # rewrites tests/data/traffic/** and secrets/

Each capture imitates what one tool writes (Chrome's DevTools export, Playwright, Charles, an
NDJSON log) and holds the cases its name says; ``tests/data/README.md`` lists them. Output is
deterministic: running this again changes nothing. The expected reports next to the invalid
captures are written by the tests (``UPDATE_EXPECTED=1 pytest tests/test_cli_data.py``), not here.
"""

from __future__ import annotations

import base64
import gzip
import json
from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
PROJECT = "0b3c1f9e2d4a45f6a7b8c9d0e1f2a3b4"
HOST = "modelarts.cn-north-4.myhuaweicloud.com"
URL = f"https://{HOST}/v2/{PROJECT}/training-job-searches"
OTHER = f"https://{HOST}/v1/{PROJECT}/services"
JSON = "application/json"

_examples = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["examples"]
REQUEST: dict[str, Any] = _examples["ListTrainingJobsRequest"]["value"]
RESPONSE: dict[str, Any] = _examples["ListTrainingJobsResponse"]["value"]
ERROR = {"error_code": "ModelArts.2950", "error_msg": "Internal error.", "error_solution": "Retry."}

#: Secrets planted in tests/data/secrets/: none of them may appear in any output.
SECRETS = {
    "authorization": "SDK-HMAC-SHA256 Access=AKSECRETPLANTED000001, SignedHeaders=host;x-sdk-date, "
    "Signature=5ec12e7a11ce5ec12e7a11ce5ec12e7a11ce5ec12e7a11ce5ec12e7a11ce5ec1",
    "x-auth-token": "MIIPLANTEDIAMTOKEN-xyz987",
    "x-security-token": "PLANTEDSECURITYTOKEN-abc123",
    "cookie": "SESSION=PLANTEDCOOKIE42; theme=dark",
    "set-cookie": "SESSION=PLANTEDSETCOOKIE77; Path=/; HttpOnly",
}
SECRET_QUERY = (
    "token=PLANTEDQUERYTOKEN1&access_token=PLANTEDACCESSTOKEN2&sig=PLANTEDSIG3"
    "&X-Amz-Signature=PLANTEDAMZSIG4&password=PLANTEDPASSWORD5&key=PLANTEDKEY6"
    "&ak=PLANTEDAK7&sk=PLANTEDSK8&limit=1"
)


#: The credential a recorded call carries (an IAM token; the validators look for its presence).
AUTH = {"X-Auth-Token": "MIIEXAMPLE-IAM-TOKEN"}


def text(value: Any) -> str:
    return json.dumps(value, indent=1)


def headers(pairs: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in pairs.items()]


def entry(
    request_body: str | None,
    response: dict[str, Any] | None,
    *,
    method: str = "POST",
    url: str = URL,
    request_headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One HAR entry, as browsers and proxies write it."""
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers(
            request_headers
            if request_headers is not None
            else {"Host": HOST, "Content-Type": "application/json;charset=utf-8", **AUTH}
        ),
        "queryString": [],
        "headersSize": -1,
        "bodySize": len(request_body or ""),
    }
    if request_body is not None:
        request["postData"] = {"mimeType": JSON, "text": request_body}
    result = {
        "startedDateTime": "2026-11-20T09:30:00.000Z",
        "time": 41.5,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {
            "blocked": -1,
            "dns": -1,
            "connect": -1,
            "send": 0.1,
            "wait": 40.2,
            "receive": 1.2,
        },
    }
    result.update(extra or {})
    return result


def response(
    status: int,
    body: str | None,
    *,
    mime: str = JSON,
    encoding: str | None = None,
    more_headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    content: dict[str, Any] = {"size": len(body or ""), "mimeType": mime}
    if body is not None:
        content["text"] = body
    if encoding:
        content["encoding"] = encoding
    return {
        "status": status,
        "statusText": "",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers({"Content-Type": mime, **(more_headers or {})}),
        "content": content,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": len(body or ""),
    }


def har(entries: list[Any], *, creator: str, version: str = "1.2", pages: bool = False) -> str:
    log: dict[str, Any] = {"version": version, "creator": {"name": creator, "version": "1.0"}}
    if pages:
        log["pages"] = [
            {
                "startedDateTime": "2026-11-20T09:29:59.000Z",
                "id": "page_1",
                "title": "ModelArts console",
                "pageTimings": {"onContentLoad": 350.2, "onLoad": 612.9},
            }
        ]
    log["entries"] = entries
    return json.dumps({"log": log}, indent=2, ensure_ascii=False) + "\n"


def chrome_base64() -> str:
    """Chrome DevTools "Save all as HAR": HTTP/2 pseudo-headers, ``_``-prefixed extras, a
    base64 response body, a CORS preflight and another API call (both unmatched)."""
    h2 = {
        ":authority": HOST,
        ":method": "POST",
        ":path": f"/v2/{PROJECT}/training-job-searches",
        ":scheme": "https",
        "content-type": JSON,
        "x-auth-token": "MIIconsoletoken",
    }
    encoded = base64.b64encode(text(RESPONSE).encode()).decode()
    chrome = {"_initiator": {"type": "script"}, "_priority": "High", "_resourceType": "fetch"}
    return har(
        [
            entry(None, response(204, ""), method="OPTIONS", extra=chrome),
            entry(
                text(REQUEST),
                response(200, encoded, encoding="base64"),
                request_headers=h2,
                extra={**chrome, "serverIPAddress": "100.125.1.1"},
            ),
            entry(None, response(200, '{"services": []}'), method="GET", url=OTHER, extra=chrome),
        ],
        creator="WebInspector",
        version="1.2",
        pages=True,
    )


def playwright() -> bytes:
    """Playwright's ``record_har_path``, gzip-compressed (``.har.gz``); HAR 1.3 as some tools
    declare it; a 5XX answered with the ModelArts error body (documented)."""
    jobs = deepcopy(RESPONSE)
    return gzip.compress(
        har(
            [
                entry(json.dumps({"limit": 10, "offset": 0}), response(200, json.dumps(jobs))),
                entry(json.dumps({"limit": 10, "offset": 1}), response(500, json.dumps(ERROR))),
            ],
            creator="Playwright",
            version="1.3",
        ).encode(),
        mtime=0,
    )


def ndjson_log() -> str:
    """The NDJSON shape: headers as an object and as pairs, body text and body_base64,
    an unmatched exchange, blank lines."""
    lines: list[dict[str, Any]] = [
        {
            "request": {
                "method": "POST",
                "url": URL,
                "headers": {"Content-Type": JSON, **AUTH},
                "body": json.dumps(REQUEST),
            },
            "response": {
                "status": 200,
                "headers": [["Content-Type", JSON]],
                "body": json.dumps(RESPONSE),
            },
            "time_ms": 41,
        },
        {
            "request": {
                "method": "POST",
                "url": URL,
                "headers": [
                    ["Content-Type", "application/json;charset=utf-8"],
                    ["X-Auth-Token", AUTH["X-Auth-Token"]],
                ],
                "body_base64": base64.b64encode(b'{"limit": 2}').decode(),
            },
            "response": {
                "status": 200,
                "headers": {"content-type": JSON},
                "body_base64": base64.b64encode(json.dumps(RESPONSE).encode()).decode(),
            },
        },
        {
            "request": {"method": "GET", "url": OTHER},
            "response": {"status": 200, "headers": {"Content-Type": JSON}, "body": "{}"},
        },
        {
            "request": {
                "method": "POST",
                "url": URL,
                "headers": {"Content-Type": JSON, **AUTH},
                "body": "",
            },
            "response": {
                "status": 429,
                "headers": {"Content-Type": JSON},
                "body": json.dumps(
                    {"error_code": "ModelArts.2799", "error_msg": "Too many requests."}
                ),
            },
        },
    ]
    out = [json.dumps(line) for line in lines]
    return "\n".join([out[0], "", out[1], out[2], "   ", out[3]]) + "\n"


def violations() -> str:
    """One HAR, one case per entry (see tests/data/README.md)."""
    bad_count = deepcopy(RESPONSE)
    bad_count["count"] = "1"
    drift = deepcopy(RESPONSE)
    drift["items"][0]["status"]["phase"] = "Runing"
    ok = text(RESPONSE)
    entries: list[Any] = [
        entry(json.dumps({"limit": 51, "order": "up"}), response(200, ok)),
        entry(json.dumps({"limit": 1}), response(200, text(bad_count))),
        entry(json.dumps({"limit": 1}), response(200, "<html>busy</html>", mime="text/html")),
        entry(json.dumps({"limit": 1}), response(200, '{"total": ')),
        entry(json.dumps({"limit": 1}), response(200, None)),
        entry(
            json.dumps({"limit": 1}),
            {
                "status": 0,
                "statusText": "",
                "headers": [],
                "content": {"size": 0, "mimeType": "x-unknown"},
                "_error": "net::ERR_BLOCKED_BY_CLIENT",
            },
        ),
        entry(json.dumps({"limit": 1}), response(302, "", more_headers={"Location": "/login"})),
        entry(json.dumps({"limit": 1}), response(500, json.dumps(ERROR))),
        "not an entry",
        {"startedDateTime": "2026-11-20T09:30:00.000Z", "response": response(200, ok)},
        entry(json.dumps({"limit": 1}), response(200, "%%%not base64%%%", encoding="base64")),
        entry(
            json.dumps({"limit": 1}),
            response(200, ok),
            url=f"https://{HOST}/v2/proj_ect!/training-job-searches",
        ),
        entry(None, response(200, "[]"), method="GET", url=OTHER),
        entry(json.dumps({"limit": 1}), response(200, text(drift))),
        entry(
            json.dumps({"limit": 1}),
            response(200, ok),
            request_headers={"Host": HOST, "Content-Type": "application/json;charset=utf-8"},
        ),
    ]
    return har(entries, creator="Charles Proxy", version="1.2")


def malformed_ndjson() -> bytes:
    good: dict[str, Any] = {
        "request": {
            "method": "POST",
            "url": URL,
            "headers": {"Content-Type": JSON, **AUTH},
            "body": "{}",
        },
        "response": {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": json.dumps(RESPONSE),
        },
    }
    violating = deepcopy(good)
    violating["request"]["body"] = '{"offset": -1}'
    parsed_body = deepcopy(good)
    parsed_body["request"]["body"] = {"limit": 1}
    bad_base64 = deepcopy(good)
    del bad_base64["response"]["body"]
    bad_base64["response"]["body_base64"] = "%%%"
    no_status = deepcopy(good)
    del no_status["response"]["status"]
    lines = [
        json.dumps(good).encode(),
        b'{"request": {"method": "POST", "url": ',
        b"\x00\x9f\x92\x96\xff\xfe binary \x00\x01",
        b"[1, 2, 3]",
        json.dumps({"response": good["response"]}).encode(),
        json.dumps(parsed_body).encode(),
        json.dumps(bad_base64).encode(),
        json.dumps(no_status).encode(),
        b"",
        json.dumps(violating).encode(),
    ]
    return b"\n".join(lines) + b"\n"


def secrets_har() -> str:
    """Every kind of credential, on entries that do produce findings (so their URL is echoed)."""
    entries = [
        entry(
            json.dumps({"limit": 51}),
            response(
                200, "<html/>", mime="text/html", more_headers={"Set-Cookie": SECRETS["set-cookie"]}
            ),
            url=f"https://user:PLANTEDURLPASSWORD9@{HOST}/v2/{PROJECT}/training-job-searches?{SECRET_QUERY}",
            request_headers={
                "Host": HOST,
                "Content-Type": JSON,
                **{k.title(): v for k, v in SECRETS.items() if k != "set-cookie"},
            },
        ),
        entry(json.dumps({"order": "up"}), None, url=f"{URL}?{SECRET_QUERY}"),
        {
            "request": {
                "method": "POST",
                "url": f"{URL}?{SECRET_QUERY}",
                "headers": "PLANTEDHEADERS",
            }
        },
    ]
    return har(entries, creator="secrets")


def secrets_ndjson() -> str:
    record = {
        "request": {
            "method": "POST",
            "url": f"{URL}?{SECRET_QUERY}",
            "headers": {k: v for k, v in SECRETS.items() if k != "set-cookie"},
            "body": '{"limit": 0}',
        },
        "response": {
            "status": 401,
            "headers": {"Set-Cookie": SECRETS["set-cookie"]},
            "body": '{"error_code": "ModelArts.0203"}',
        },
    }
    return json.dumps(record) + "\n"


def unusable() -> dict[str, bytes]:
    two = har([entry(json.dumps({"limit": 1}), response(200, text(RESPONSE)))] * 3, creator="cut")
    cut = two.encode()[: len(two) * 5 // 6]
    whole = har([entry(json.dumps({"limit": 1}), response(200, text(RESPONSE)))] * 3, creator="gz")
    gz = gzip.compress(whole.encode(), mtime=0)
    return {
        "not-json.har": b"This is not JSON: <html><body>502 Bad Gateway</body></html>\n",
        "binary.ndjson": bytes(range(128, 256)) * 4,
        "truncated.har": cut,
        "truncated.har.gz": gz[: len(gz) - 60],  # breaks off in the third entry
        "no-entries.har": b'{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}}}\n',
        "log-not-object.har": b'{"log": "entries"}\n',
        "empty.har": b"",
        "array.har": b'[{"request": {"method": "POST", "url": "/v2/p/training-job-searches"}}]\n',
        "trailing-garbage.har": b'{"log": {"entries": []}}\n{"log": {"entries": []}}\n',
        "har-named-ndjson.ndjson": whole.encode(),
    }


def main() -> None:
    traffic = DATA / "traffic"
    files: dict[Path, bytes] = {
        traffic / "valid" / "chrome-base64.har": chrome_base64().encode(),
        traffic / "valid" / "playwright.har.gz": playwright(),
        traffic / "valid" / "log.ndjson": ndjson_log().encode(),
        DATA / "gate" / "empty.har": har([], creator="empty").encode(),
        traffic / "invalid" / "violations.har": violations().encode(),
        traffic / "invalid" / "malformed.ndjson": malformed_ndjson(),
        DATA / "secrets" / "secrets.har": secrets_har().encode(),
        DATA / "secrets" / "secrets.ndjson": secrets_ndjson().encode(),
    }
    files.update({traffic / "unusable" / name: data for name, data in unusable().items()})
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
