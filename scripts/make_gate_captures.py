"""Write the captures of ``tests/data/gate/``: the cases of ``modelarts-validate`` as a CI gate
(servers, empty runs, baselines, rejected requests). Deterministic, like
``scripts/make_test_captures.py``, whose HAR helpers it uses.

    python scripts/make_gate_captures.py
"""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path
from typing import Any

from make_test_captures import (
    DATA,
    ERROR,
    OTHER,
    PROJECT,
    RESPONSE,
    ROOT,
    entry,
    har,
    response,
    text,
)

GATE = DATA / "gate"
GATEWAY = f"https://gw.example.com/modelarts/v2/{PROJECT}/training-job-searches"


def ok(body: dict[str, Any], url: str | None = None, page: dict[str, Any] | None = None) -> Any:
    """A request answered 200 with ``page`` (the spec's example response by default)."""
    answer = response(200, text(page or RESPONSE))
    return (
        entry(json.dumps(body), answer) if url is None else entry(json.dumps(body), answer, url=url)
    )


def other_traffic() -> str:
    """Calls of another API only: nothing of this operation."""
    return har(
        [
            entry(None, response(200, '{"services": []}'), method="GET", url=OTHER),
            entry("{}", response(200, '{"total": 0}'), url=OTHER.replace("services", "jobs")),
        ],
        creator="other",
    )


def behind_gateway() -> str:
    """The violations of ``limit: 99`` and ``order: up``, recorded behind a gateway that adds
    the path prefix ``/modelarts``: unmatched (and passing) unless ``--server`` names it."""
    return har(
        [ok({"limit": 99}, GATEWAY), ok({"order": "up"}, GATEWAY), ok({"limit": 5}, GATEWAY)],
        creator="gateway",
    )


def drifting(extra: bool) -> str:
    """Responses with the drift the live service sends; ``extra`` adds one new field."""
    page = deepcopy(RESPONSE)
    job = page["items"][0]
    job["status"]["retention_time"] = 3600
    job["metadata"]["training_experiment_reference"] = {"id": "exp-1"}
    job["status"]["phase"] = "Runing"
    if extra:
        job["spec"]["runtime_type"] = "standard"
    return har(
        [ok({"limit": 10}, page=page), ok({"limit": 10, "workspace_id": "0"}, page=page)],
        creator="drift",
    )


def rejected() -> str:
    """A negative test: bad requests the service rejects (400), and one it accepted (200)."""
    error = text({**ERROR, "error_code": "ModelArts.2807", "error_msg": "Invalid filter key."})
    return har(
        [
            entry(json.dumps({"limit": 0}), response(400, error)),
            entry(json.dumps({"order": "sideways"}), response(400, error)),
            entry(json.dumps({"limit": 51}), response(200, text(RESPONSE))),
        ],
        creator="negative-tests",
    )


def main() -> None:
    files: dict[Path, bytes] = {
        GATE / "other-traffic.har": other_traffic().encode(),
        GATE / "behind-gateway.har": behind_gateway().encode(),
        GATE / "drift-before.har": drifting(False).encode(),
        GATE / "drift-after.har": drifting(True).encode(),
        GATE / "rejected.har": rejected().encode(),
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
