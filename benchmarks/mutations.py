"""The violations and drift that the benchmark's capture generator injects, each with the finding
it must cause.

A ``Mutation`` changes one exchange (``Traffic``) in place and says what a validator of the
contract has to report for it: severity (``error`` for a violation, ``warning`` for drift), kind
(the names of ``modelarts_validators.Kind``), side and the RFC 6901 pointer into the
body. Each mutation touches its own field, so mutations combine without masking one another;
an ``exclusive`` one (truncated JSON, an undocumented status) hides the rest of the body, and is
applied alone.

Jobs of a page share nested objects with the generator's pool: a mutation copies the job it
changes first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any, Literal

import orjson

Severity = Literal["error", "warning"]
Needs = Literal["search", "page", "error"]
JSON = "application/json;charset=UTF-8"


@dataclass(slots=True)
class Traffic:
    """One exchange before it is written. ``request``/``response`` are JSON values (a
    ``str`` response is sent as text); ``raw`` replaces the response body's bytes."""

    method: str
    url: str
    request: Any
    status: int
    response: Any
    content_type: str = JSON
    raw: bytes | None = None
    base64: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Injected:
    name: str
    severity: Severity
    kind: str
    side: str
    pointer: str
    exclusive: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "severity": self.severity,
            "kind": self.kind,
            "side": self.side,
            "pointer": self.pointer,
        }


Change = Callable[[Traffic, Random], str]  # changes the exchange; the pointer of the finding


@dataclass(frozen=True, slots=True)
class Mutation:
    name: str
    severity: Severity
    kind: str
    side: Literal["request", "response"]
    needs: Needs
    change: Change
    exclusive: bool = False

    def fits(self, traffic: Traffic) -> bool:
        if self.needs == "error":
            return traffic.status >= 400
        if self.needs == "page":
            return traffic.status == 200 and bool(traffic.response.get("items"))
        return True

    def apply(self, traffic: Traffic, rng: Random) -> Injected:
        pointer = self.change(traffic, rng)
        traffic.notes.append(self.name)
        return Injected(self.name, self.severity, self.kind, self.side, pointer, self.exclusive)


def _set_request(key: str, value: Any) -> Change:
    def change(traffic: Traffic, rng: Random) -> str:
        traffic.request[key] = value
        return f"/{key}"

    return change


def _set_response(key: str, value: Any) -> Change:
    def change(traffic: Traffic, rng: Random) -> str:
        traffic.response[key] = value
        return f"/{key}"

    return change


def _set_job(path: str, value: Any) -> Change:
    """Set ``path`` (``/``-separated, array indices as digits) in one job of the page, copied."""
    steps: list[str | int] = [int(p) if p.isdigit() else p for p in path.split("/")]

    def change(traffic: Traffic, rng: Random) -> str:
        items = traffic.response["items"]
        k = rng.randrange(len(items))
        job = items[k] = orjson.loads(orjson.dumps(items[k]))
        node = job
        for step in steps[:-1]:
            node = node[step]
        node[steps[-1]] = value
        return f"/items/{k}/{path}"

    return change


def _operator(traffic: Traffic, rng: Random) -> str:
    traffic.request["filters"][0]["operator"] = "eq"
    return "/filters/0/operator"


def _content_type(traffic: Traffic, rng: Random) -> str:
    traffic.content_type = "text/html;charset=UTF-8"
    return ""


def _truncate(traffic: Traffic, rng: Random) -> str:
    text = orjson.dumps(traffic.response)
    traffic.raw = text[: len(text) // 2]
    return ""


def _redirect(traffic: Traffic, rng: Random) -> str:
    traffic.status, traffic.response, traffic.raw = 302, None, b""
    traffic.content_type = "text/html"
    return ""


def _project(traffic: Traffic, rng: Random) -> str:
    # A client that forgot to fill in the path template: the gateway sees "%7Bproject_id%7D".
    head, _, tail = traffic.url.partition("/v2/")
    traffic.url = f"{head}/v2/%7Bproject_id%7D/{tail.split('/', 1)[1]}"
    return ""


def _error_body(traffic: Traffic, rng: Random) -> str:
    del traffic.response["error_msg"]
    return ""


VIOLATIONS: list[Mutation] = [
    Mutation("request-limit-51", "error", "schema-violation", "request", "search",
             _set_request("limit", 51)),
    Mutation("request-offset-negative", "error", "schema-violation", "request", "search",
             _set_request("offset", -1)),
    Mutation("request-order-enum", "error", "schema-violation", "request", "search",
             _set_request("order", "ascending")),
    Mutation("request-sort-by-integer", "error", "schema-violation", "request", "search",
             _set_request("sort_by", 1)),
    Mutation("request-operator-enum", "error", "schema-violation", "request", "search", _operator),
    Mutation("project-id-template", "error", "invalid-path-parameter", "request", "search",
             _project),
    Mutation("response-total-string", "error", "schema-violation", "response", "page",
             _set_response("total", "5059")),
    Mutation("response-limit-0", "error", "schema-violation", "response", "page",
             _set_response("limit", 0)),
    Mutation("job-create-time-string", "error", "schema-violation", "response", "page",
             _set_job("metadata/create_time", "1736000000000")),
    Mutation("job-name-pattern", "error", "schema-violation", "response", "page",
             _set_job("metadata/name", "nightly run #7")),
    Mutation("job-start-type-enum", "error", "schema-violation", "response", "page",
             _set_job("status/running_records/0/start_type", "rescheduled")),
    Mutation("job-node-count-string", "error", "schema-violation", "response", "page",
             _set_job("spec/resource/node_count", "2")),
    Mutation("job-install-packages-string", "error", "schema-violation", "response", "page",
             _set_job("algorithm/engine/install_sys_packages", "true")),
    Mutation("job-npu-unit-num-integer", "error", "schema-violation", "response", "page",
             _set_job("spec/resource/flavor_detail/flavor_info/npu/unit_num", 8)),
    Mutation("job-log-type-enum", "error", "schema-violation", "response", "page",
             _set_job("algorithm/summary/log_type", "tensorbord")),
    Mutation("job-tasks-not-array", "error", "schema-violation", "response", "page",
             _set_job("status/tasks", "worker-0")),
    Mutation("wrong-content-type", "error", "wrong-content-type", "response", "page",
             _content_type),
    Mutation("truncated-json", "error", "invalid-json", "response", "page", _truncate,
             exclusive=True),
    Mutation("status-302", "error", "undocumented-status", "response", "search", _redirect,
             exclusive=True),
    Mutation("error-body-without-message", "error", "schema-violation", "response", "error",
             _error_body),
]  # fmt: skip

DRIFTS: list[Mutation] = [
    Mutation("request-workspace-id", "warning", "undocumented-field", "request", "search",
             _set_request("workspace_id", "0")),
    Mutation("job-train-type", "warning", "undocumented-field", "response", "page",
             _set_job("train_type", "job")),
    Mutation("job-experiment-reference", "warning", "undocumented-field", "response", "page",
             _set_job("metadata/training_experiment_reference", {"id": "exp-1"})),
    Mutation("status-retention-time", "warning", "undocumented-field", "response", "page",
             _set_job("status/retention_time", 7)),
    Mutation("resource-pool-name", "warning", "undocumented-field", "response", "page",
             _set_job("spec/resource/pool_name", "pool-gpu-a")),
    Mutation("kind-autosearch", "warning", "undocumented-value", "response", "page",
             _set_job("kind", "autosearch_job")),
    Mutation("flavor-type-ascend", "warning", "undocumented-value", "response", "page",
             _set_job("spec/resource/flavor_detail/flavor_type", "Ascend")),
    Mutation("end-recover-step-retry", "warning", "undocumented-value", "response", "page",
             _set_job("status/running_records/0/end_recover", "npu_step_retry")),
    Mutation("secondary-phase-scheduling", "warning", "undocumented-value", "response", "page",
             _set_job("status/secondary_phase", "Scheduling")),
    Mutation("exit-code-int32-overflow", "warning", "integer-out-of-range", "response", "page",
             _set_job("status/task_statuses/0/exit_code", 4_294_967_295)),
]  # fmt: skip
