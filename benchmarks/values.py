"""Plausible, fully populated bodies of training-job-searches, built by walking the spec.

The benchmark's capture generator (``capture``) needs realistic traffic: responses whose
jobs carry every documented field (the worst case for a validator, and what a busy project's
console pages look like), with values a reader would believe (UUIDs, OBS paths, flavor ids,
millisecond timestamps), and never an accidental violation or drift, so that the capture's
ground truth is exact.

``Bodies`` walks ``openapi/training-job-searches.yaml`` once per seed: every property of every
object schema is present; an array holds one item (``node_count_metrics`` three samples); a map
holds its typical keys. Strings take a value by ``Schema.property``, then by property name, then
a generic one; closed enumerations and documented values of open ones are drawn from their
lists. The schemas are walked with the validators' own reader (``strategies.walk.Schemas``, as
the Hypothesis strategies and the tests' bodies walk them): only the leaves are chosen here.
Building a job by walking costs ~0.2 ms, so ``Bodies`` builds a pool of distinct jobs once
and hands out copies with their own identity (id, name, times, status): ~20x faster, and pages
still differ job by job.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from modelarts_validators.contract.pointers import Location
from modelarts_validators.strategies.walk import Schemas

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
POOL_SIZE = 64
BASE_TIME_MS = 1_736_000_000_000  # early January 2025

Rng = random.Random
Maker = Callable[[Rng], Any]

WORDS = ["resnet", "bert", "yolo", "llama", "vit", "gpt", "unet", "t5", "mnist", "asr", "ocr"]
JOB_ENGINES = [
    ("pytorch-cp38-2.1.0", "PyTorch", "PyTorch-2.1.0-python3.8"),
    ("mindspore-cp39-2.2.0", "MindSpore", "MindSpore-2.2.0-python3.9"),
    ("tensorflow-cp37-2.6.0", "TensorFlow", "TensorFlow-2.6.0-python3.7"),
]
FLAVORS = [
    ("modelarts.vm.gpu.p100", "GPU: 1*NVIDIA-P100(16GB) | CPU: 8 vCPUs 64GB"),
    ("modelarts.vm.cpu.8u", "CPU: 8 vCPUs 32GB"),
    ("modelarts.bm.npu.arm.8snt9b3.d", "Ascend: 8*ascend-snt9b(64GB) | ARM: 192 vCPUs 1536GB"),
]


def _hex(rng: Rng, n: int) -> str:
    return "".join(rng.choices("0123456789abcdef", k=n))


def _uuid(rng: Rng) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _bucket(rng: Rng) -> str:
    return f"/ml-{rng.choice(WORDS)}-{rng.randrange(100):02d}/"


def _obs(rng: Rng) -> str:
    return f"obs:/{_bucket(rng)}{rng.choice(['data', 'train', 'code'])}/{rng.choice(WORDS)}/"


def _token(rng: Rng) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=32))


def _job_name(rng: Rng) -> str:
    return f"trainjob-{rng.choice(WORDS)}-{rng.randrange(10_000):04d}"


#: Strings by ``Schema.property``, then by property name.
STRINGS: dict[str, Maker] = {
    "JobMetadata.id": _uuid,
    "JobMetadata.name": _job_name,
    "JobMetadata.workspace_id": lambda r: "0",
    "JobMetadata.description": lambda r: f"Fine-tune {r.choice(WORDS)} on the nightly snapshot",
    "JobMetadata.user_name": lambda r: f"ma_user_{r.randrange(100):02d}",
    "JobAlgorithmResponse.id": _uuid,
    "JobAlgorithmResponse.name": lambda r: f"algo-{r.choice(WORDS)}-v{r.randrange(1, 9)}",
    "JobAlgorithmResponse.command": lambda r: "python train.py --epochs 30",
    "JobAlgorithmResponse.autosearch_config_path": lambda r: _obs(r) + "autosearch.yaml",
    "JobAlgorithmResponse.autosearch_framework_path": lambda r: _obs(r) + "framework/",
    "InputDataset.id": _uuid,
    "InputDataset.version_id": lambda r: _hex(r, 20),
    "JobSummary.job_id": _uuid,
    "TaskStatuses.task": lambda r: f"worker-{r.randrange(8)}",
    "TaskStatuses.message": lambda r: r.choice(["", "exit normally", "OOM killed"]),
    "TaskUrls.task": lambda r: f"worker-{r.randrange(8)}",
    "TaskUrls.url": lambda r: f"ssh://192.168.{r.randrange(256)}.{r.randrange(256)}:30022",
    "Parameter.name": lambda r: r.choice(["learning_rate", "batch_size", "epochs"]),
    "Parameter.value": lambda r: r.choice(["0.001", "64", "30"]),
    "Parameter.description": lambda r: "Hyperparameter of the training script",
    "ParameterConstraint.type": lambda r: r.choice(["Float", "Integer", "String"]),
    "ParameterConstraint.valid_type": lambda r: "None",
    "ParameterI18nDescription.language": lambda r: r.choice(["en-us", "zh-cn"]),
    "ParameterI18nDescription.description": lambda r: "Learning rate",
    "AutoSearchRewardAttr.name": lambda r: "accuracy",
    "AutoSearchRewardAttr.regex": lambda r: "accuracy=([0-9.]+)",
    "AutoSearchSearchParam.name": lambda r: "learning_rate",
    "AutoSearchAlgoConfig.name": lambda r: r.choice(["bayes_opt_search", "tpe_search"]),
    "AutoSearchAlgoConfigParameter.type": lambda r: "Integer",
    "Input.name": lambda r: "data_url",
    "Input.description": lambda r: "Training data",
    "Input.local_dir": lambda r: "/home/ma-user/modelarts/inputs/data_url_0",
    "InputRemoteConstraint.data_type": lambda r: r.choice(["obs", "dataset"]),
    "Output.name": lambda r: "train_url",
    "Output.description": lambda r: "Model output",
    "Output.local_dir": lambda r: "/home/ma-user/modelarts/outputs/train_url_0",
    "AlgorithmInput.name": lambda r: "data_url",
    "AlgorithmInput.local_dir": lambda r: "/home/ma-user/modelarts/inputs/data_url_0",
    "AlgorithmOutput.name": lambda r: "train_url",
    "AlgorithmOutput.local_dir": lambda r: "/home/ma-user/modelarts/outputs/train_url_0",
    "AlgorithmOutput.mode": lambda r: "upload_periodically",
    "AlgorithmOutput.period": lambda r: "30s",
    "AlgorithmEngine.run_user": lambda r: "1000",
    "TaskResponse.role": lambda r: r.choice(["learner", "worker"]),
    "Cpu.arch": lambda r: r.choice(["x86", "arm"]),
    "Gpu.product_name": lambda r: "NVIDIA-V100",
    "Gpu.memory": lambda r: "32GB",
    "Npu.unit_num": lambda r: r.choice(["1", "8"]),
    "Npu.product_name": lambda r: "Ascend-snt9b",
    "Npu.memory": lambda r: "64GB",
    "Memory.unit": lambda r: "GB",
    "Disk.size": lambda r: r.choice(["100", "500"]),
    "Disk.unit": lambda r: "GB",
    "DiskResponse.unit": lambda r: "GB",
    "BillingInfo.code": lambda r: "modelarts.vm.gpu.p100",
    "Resource.pool_id": lambda r: f"pool-{_hex(r, 8)}",
    "Nfs.nfs_server_path": lambda r: f"192.168.{r.randrange(256)}.10:/sfsturbo/",
    "Nfs.local_path": lambda r: "/home/ma-user/work/nfs",
    "LogExportPath.host_path": lambda r: "/var/log/modelarts",
    "PFSSummary.pfs_path": lambda r: _obs(r) + "logs/",
    "JupyterLab.url": lambda r: f"https://authoring.example.modelarts/lab/{_hex(r, 8)}",
    "code_dir": _obs,
    "boot_file": lambda r: _obs(r) + "train.py",
    "local_code_dir": lambda r: "/home/ma-user/modelarts/user-job-dir",
    "working_dir": lambda r: "/home/ma-user/modelarts/user-job-dir/code",
    "subscription_id": _uuid,
    "item_version_id": _uuid,
    "skip_search_params": lambda r: "",
    "lower_bound": lambda r: "0.0001",
    "upper_bound": lambda r: "0.1",
    "discrete_points_num": lambda r: "10",
    "obs_url": _obs,
    "engine_id": lambda r: r.choice(JOB_ENGINES)[0],
    "engine_name": lambda r: r.choice(JOB_ENGINES)[1],
    "engine_version": lambda r: r.choice(JOB_ENGINES)[2],
    "image_url": lambda r: (
        f"swr.cn-north-4.myhuaweicloud.com/ml-team/{r.choice(WORDS)}:v{r.randrange(9)}"
    ),
    "flavor_id": lambda r: r.choice(FLAVORS)[0],
    "flavor_name": lambda r: r.choice(FLAVORS)[1],
    "end_reason": lambda r: r.choice(["", "process exited", "node fault"]),
    "end_related_task": lambda r: f"worker-{r.randrange(8)}",
    "url": lambda r: f"https://tensorboard.example.modelarts/{_hex(r, 12)}/",
    "token": _token,
    "key": lambda r: "max_trials",
    "value": lambda r: "20",
    "name": lambda r: r.choice(WORDS),
}

#: Typical keys of the string maps.
MAPS: dict[str, list[tuple[str, str]]] = {
    "annotations": [("fault-tolerance/job-retry-num", "3"), ("tensorboard/enable", "true")],
    "attributes": [("pool_type", "dedicated"), ("gpu_type", "v100")],
    "environments": [("MA_NUM_GPUS", "8"), ("NCCL_DEBUG", "WARN")],
}


def load_schemas(spec: Path = SPEC) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(spec.read_text(encoding="utf-8"))
    schemas: dict[str, Any] = document["components"]["schemas"]
    return schemas


class Bodies:
    """Request and response bodies for one seed; see the module docstring."""

    def __init__(self, rng: Rng, schemas: dict[str, Any] | None = None) -> None:
        self.rng = rng
        self.schemas = load_schemas() if schemas is None else schemas
        # the validators' reader of the spec's schemas ($ref followed, keywords checked), shared
        # with the Hypothesis strategies and the tests' bodies: only the leaves are chosen here
        self._walk = Schemas({"components": {"schemas": self.schemas}})
        self.pool = [self.walk("JobResponse") for _ in range(POOL_SIZE)]

    def walk(self, name: str) -> Any:
        """A fully populated value of the component schema ``name``."""
        return self._value(("components", "schemas", name), name, "")

    def _value(self, location: Location, owner: str, prop: str) -> Any:
        rng = self.rng
        schema = self._walk.compile(location)
        node = schema.node
        if len(schema.location) == 3:  # a component, reached through its $ref: its own name
            owner = schema.location[2]
        if "enum" in node:
            return rng.choice(node["enum"])
        if "x-documented-values" in node:
            return rng.choice(node["x-documented-values"])
        if schema.type == "object":
            if schema.values is not None:
                return dict(MAPS.get(prop, [("key", "value")]))
            return {key: self._value(sub, owner, key) for key, sub in schema.properties.items()}
        if schema.type == "array":
            if prop == "node_count_metrics":
                start = BASE_TIME_MS + rng.randrange(10**9)
                return [[start + i * 60_000, rng.randrange(1, 5)] for i in range(3)]
            assert schema.items is not None
            return [self._value(schema.items, owner, prop)]
        if schema.type == "integer":
            return self._integer(node, prop)
        if schema.type == "boolean":
            return rng.random() < 0.5
        make = STRINGS.get(f"{owner}.{prop}") or STRINGS.get(prop)
        return make(rng) if make else f"{prop}-{rng.randrange(1000)}"

    def _integer(self, schema: dict[str, Any], prop: str) -> int:
        rng = self.rng
        if prop in ("start_at", "end_at"):
            return BASE_TIME_MS // 1000 + rng.randrange(10**6)
        if schema.get("format") == "int64":
            return BASE_TIME_MS + rng.randrange(10**9)
        low, high = schema.get("minimum", 0), schema.get("maximum", 64)
        return rng.randint(low, min(high, max(low, 64)))

    def job(self, created: int) -> dict[str, Any]:
        """A copy of a pooled job with its own identity and status. Nested objects other than
        ``metadata`` and ``status`` are shared with the pool: never mutate them in place (use
        ``copy.deepcopy`` on a job before injecting a violation into it)."""
        rng = self.rng
        job = dict(rng.choice(self.pool))
        job["metadata"] = {
            **job["metadata"],
            "id": _uuid(rng),
            "name": _job_name(rng),
            "create_time": created,
        }
        status = self.schemas["Status"]["properties"]
        job["status"] = {
            **job["status"],
            "phase": rng.choice(status["phase"]["x-documented-values"]),
            "secondary_phase": rng.choice(status["secondary_phase"]["x-documented-values"]),
            "duration": rng.randrange(10**8),
            "start_time": created + rng.randrange(60_000),
        }
        return job

    def request(self, limit: int, offset: int) -> dict[str, Any]:
        """A search as the console sends it: every field, one or two filters."""
        rng = self.rng
        filters: list[dict[str, Any]] = [
            {"key": "name", "operator": "like", "value": [rng.choice(WORDS)]}
        ]
        if rng.random() < 0.5:
            filters.append({"key": "phase", "operator": "in", "value": ["Running", "Pending"]})
        return {
            "offset": offset,
            "limit": limit,
            "sort_by": "create_time",
            "order": rng.choice(["asc", "desc"]),
            "group_by": "",
            "filters": filters,
        }

    def page(self, search: dict[str, Any], count: int, created: int) -> dict[str, Any]:
        """The 200 body answering ``search`` with ``count`` jobs."""
        total = search["offset"] * search["limit"] + count + self.rng.randrange(200)
        return {
            "total": total,
            "count": total,
            "limit": search["limit"],
            "offset": search["offset"],
            "sort_by": "create_time",
            "order": search["order"],
            "group_by": "",
            "workspace_id": "0",
            "ai_project": "default-ai-project",
            "items": [self.job(created - i * 3_600_000) for i in range(count)],
        }
