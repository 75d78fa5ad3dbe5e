"""The mock's data set and its search semantics: a seeded, deterministic list of training jobs
that conforms to the contract, and the filtering, ordering and paging the page describes.

Kept free of HTTP so that tests can compare the server's answers with a brute-force reference
over the same jobs.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Sequence
from typing import Any

from .._deferred import dataclass

Job = dict[str, Any]

PHASES = (
    "Creating",
    "Pending",
    "Running",
    "Failed",
    "Completed",
    "Terminating",
    "Terminated",
    "Abnormal",
)
SECONDARY = {
    "Creating": "Creating",
    "Pending": "Queuing",
    "Running": "Running",
    "Failed": "Failed",
    "Completed": "Completed",
    "Terminating": "Terminating",
    "Terminated": "Terminated",
    "Abnormal": "CreateFailed",
}
JOB_ENGINES = (
    ("pytorch-cp36-1.4.0-v2", "PyTorch", "PyTorch-1.4.0-python3.6-v2"),
    ("tensorflow-2.1.0-cp37", "TensorFlow", "TensorFlow-2.1.0-python3.7"),
    ("mindspore-1.8.1-cp37", "MindSpore", "MindSpore-1.8.1-python3.7"),
)
ALGORITHMS = ("resnet50", "bert-base", "yolov5", "mnist-cnn", "llama-sft")
USERS = ("alice", "bob", "carol", "dave")
#: 2021-11-09, the page example's creation date, in milliseconds.
EPOCH_MS = 1636447346315


class SearchError(Exception):
    """A search the service would refuse: carries the ModelArts error code and HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def make_jobs(count: int, seed: int, *, drift: bool = False) -> list[Job]:
    """``count`` jobs drawn from ``random.Random(seed)``: the same arguments always give the same
    jobs. With ``drift``, some jobs carry fields and values the page does not document, the way
    the live service sends them."""
    rng = random.Random(seed)
    return [_job(rng, i, drift) for i in range(count)]


def _job(rng: random.Random, index: int, drift: bool) -> Job:
    phase = rng.choice(PHASES)
    created = EPOCH_MS + index * 3_600_000 + rng.randrange(3_600_000)
    started = created + rng.randrange(1, 600_000)
    duration = rng.randrange(0, 86_400_000) if phase != "Creating" else 0
    algorithm = rng.choice(ALGORITHMS)
    engine_id, engine_name, engine_version = rng.choice(JOB_ENGINES)
    nodes = rng.randint(1, 4)
    job_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    name = f"trainjob-{algorithm}-{index:05d}"
    job: Job = {
        "kind": "job",
        "metadata": {
            "id": job_id,
            "name": name,
            "description": rng.choice(["", "nightly run", "hyperparameter sweep"]),
            "create_time": created,
            "workspace_id": "0",
            "user_name": rng.choice(USERS),
            "annotations": {"fault-tolerance/job-retry-num": str(rng.randint(0, 3))},
        },
        "status": {
            "phase": phase,
            "secondary_phase": SECONDARY[phase],
            "duration": duration,
            "start_time": started,
            "node_count_metrics": [[started, 0], [started + 9_000, nodes]],
            "tasks": [f"worker-{n}" for n in range(nodes)],
            "task_statuses": [
                {"task": f"worker-{n}", "exit_code": 0, "message": ""} for n in range(nodes)
            ],
        },
        "algorithm": {
            "name": algorithm,
            "code_dir": f"obs://bucket/{algorithm}/code/",
            "boot_file": f"obs://bucket/{algorithm}/code/train.py",
            "parameters": [{"name": "epochs", "value": str(rng.randint(1, 100))}],
            "inputs": [
                {
                    "name": "data_url",
                    "local_dir": "/home/ma-user/modelarts/inputs/data_url_0",
                    "remote": {"obs": {"obs_url": f"/bucket/{algorithm}/data/"}},
                }
            ],
            "outputs": [
                {
                    "name": "train_url",
                    "local_dir": "/home/ma-user/modelarts/outputs/train_url_0",
                    "remote": {"obs": {"obs_url": f"/bucket/{algorithm}/output/"}},
                }
            ],
            "engine": {
                "engine_id": engine_id,
                "engine_name": engine_name,
                "engine_version": engine_version,
            },
        },
        "spec": {
            "resource": {
                "policy": "regular",
                "flavor_id": "modelarts.vm.gpu.pnt1",
                "flavor_name": "Computing GPU(Pnt1) instance",
                "node_count": nodes,
                "flavor_detail": {
                    "flavor_type": "GPU",
                    "billing": {"code": "modelarts.vm.gpu.pnt1", "unit_num": 1},
                    "flavor_info": {
                        "cpu": {"arch": "x86", "core_num": 8},
                        "gpu": {"unit_num": 1, "product_name": "GP-Pnt1", "memory": "8GB"},
                        "memory": {"size": 64, "unit": "GB"},
                    },
                },
            }
        },
    }
    if drift and index % 3 == 0:
        job["metadata"]["training_experiment_reference"] = {"id": job_id, "name": "default"}
        job["status"]["retention_time"] = 30
        job["spec"]["resource"]["pool_name"] = "public-pool"
    if drift and index % 5 == 0:
        job["kind"] = "autosearch_job"
        job["spec"]["resource"]["flavor_detail"]["flavor_type"] = "Ascend"
    return job


@dataclass(frozen=True)
class Search:
    """A request body reduced to what the mock acts on."""

    offset: int = 0
    limit: int = 10
    order: str = "desc"
    filters: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Search:
        sort_by = body.get("sort_by", "create_time")
        if sort_by != "create_time":
            raise SearchError(400, "ModelArts.2790", f"sort_by {sort_by!r} is not supported")
        filters = []
        for index, item in enumerate(body.get("filters") or ()):
            key, operator = item.get("key"), item.get("operator")
            if key is None:
                raise SearchError(400, "ModelArts.2807", f"filter {index} has no key")
            if operator is None:
                raise SearchError(400, "ModelArts.2808", f"filter {index} has no operator")
            if key not in SUPPORTED:
                raise SearchError(400, "ModelArts.2807", f"filter key {key!r} is not supported")
            if operator not in SUPPORTED[key]:
                raise SearchError(
                    400, "ModelArts.2808", f"operator {operator!r} is not supported for {key!r}"
                )
            values = tuple(item.get("value") or ())
            wrong = [v for v in values if v and not _MILLISECONDS.fullmatch(v)]
            if key == "create_time" and wrong:
                raise SearchError(
                    400,
                    "ModelArts.2809",
                    f"create_time values must be milliseconds (ASCII digits), not {wrong[0]!r}",
                )
            filters.append((key, operator, values))
        return cls(
            offset=_whole(body, "offset", 0),
            limit=_whole(body, "limit", 10),
            order=body.get("order", "desc"),
            filters=tuple(filters),
        )


#: A ``create_time`` bound: ASCII digits only (``str.isdigit`` accepts ``"²"``, which ``int``
#: refuses), at most 19 of them (an int64 of milliseconds; ``int`` refuses over 4,300 digits).
_MILLISECONDS = re.compile(r"[0-9]{1,19}")


def _whole(body: dict[str, Any], name: str, default: int) -> int:
    """An integer field as an ``int``: JSON Schema counts ``5.0`` and ``1e20`` as integers,
    and the contract lets them through, but a float cannot index a page."""
    value = body.get(name, default)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise SearchError(400, "ModelArts.2787", f"{name} must be a whole number")


#: The filter keys the page's example uses, with the operators the mock implements for them.
#: ``user_id`` and ``runtime_type`` appear in the page's example with placeholder values only;
#: with such values they filter nothing, as empty values do for every key.
SUPPORTED: dict[str, frozenset[str]] = {
    "name": frozenset({"like"}),
    "algorithm_name": frozenset({"like"}),
    "phase": frozenset({"in", "not"}),
    "kind": frozenset({"in", "not"}),
    "create_time": frozenset({"between"}),
    "user_id": frozenset({"in"}),
    "runtime_type": frozenset({"in"}),
}


def _field(job: Job, key: str) -> str | int | None:
    if key == "name":
        return str(job["metadata"]["name"])
    if key == "algorithm_name":
        return str(job["algorithm"].get("name", ""))
    if key == "phase":
        return str(job["status"]["phase"])
    if key == "kind":
        return str(job["kind"])
    if key == "create_time":
        return int(job["metadata"]["create_time"])
    return None


def matches(job: Job, filters: Sequence[tuple[str, str, tuple[str, ...]]]) -> bool:
    """Whether ``job`` passes every filter. A filter with no non-empty value passes everything;
    ``between`` takes ``[from, to]`` in milliseconds, either side may be empty."""
    for key, operator, raw in filters:
        values = [v for v in raw if v]
        value = _field(job, key)
        if not values or value is None:
            continue
        if operator == "like" and not any(v in str(value) for v in values):
            return False
        if operator == "in" and str(value) not in values:
            return False
        if operator == "not" and str(value) in values:
            return False
        if operator == "between":
            low = int(raw[0]) if raw[0] else None
            high = int(raw[1]) if len(raw) > 1 and raw[1] else None
            if (low is not None and int(value) < low) or (high is not None and int(value) > high):
                return False
    return True


def search(jobs: Sequence[Job], body: dict[str, Any]) -> dict[str, Any]:
    """The response body for a (contract-valid) search ``body`` over ``jobs``: filtered,
    ordered by ``create_time``, page ``offset`` (0-based) of ``limit`` jobs."""
    query = Search.from_body(body)
    selected = [job for job in jobs if matches(job, query.filters)]
    selected.sort(
        key=lambda job: int(job["metadata"]["create_time"]), reverse=query.order == "desc"
    )
    start = query.offset * query.limit
    return {
        "total": len(jobs),
        "count": len(selected),
        "limit": query.limit,
        "offset": query.offset,
        "sort_by": "create_time",
        "order": query.order,
        "group_by": body.get("group_by", ""),
        "workspace_id": "0",
        "ai_project": "default-ai-project",
        "items": selected[start : start + query.limit],
    }
