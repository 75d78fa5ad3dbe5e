from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_algorithm_response import JobAlgorithmResponse
    from ..models.job_endpoints_resp import JobEndpointsResp
    from ..models.job_metadata import JobMetadata
    from ..models.spec_response import SpecResponse
    from ..models.status import Status
    from ..models.task_response import TaskResponse


T = TypeVar("T", bound="JobResponse")


@_attrs_define
class JobResponse:
    """Table 5 "JobResponse" of the page.

    Attributes:
        kind (str | Unset): Training job type, which is job by default. Options:
            - job: training job Default: 'job'.
        metadata (JobMetadata | Unset): Table 6 "JobMetadata" of the page.
        status (Status | Unset): Table 7 "Status" of the page.
        algorithm (JobAlgorithmResponse | Unset): Table 10 "JobAlgorithmResponse" of the page.
        tasks (list[TaskResponse] | Unset): List of tasks in heterogeneous training jobs.
        spec (SpecResponse | Unset): Table 43 "SpecResponce" of the page.
        endpoints (JobEndpointsResp | Unset): Table 58 "JobEndpointsResp" of the page.
    """

    kind: str | Unset = "job"
    metadata: JobMetadata | Unset = UNSET
    status: Status | Unset = UNSET
    algorithm: JobAlgorithmResponse | Unset = UNSET
    tasks: list[TaskResponse] | Unset = UNSET
    spec: SpecResponse | Unset = UNSET
    endpoints: JobEndpointsResp | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        algorithm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.algorithm, Unset):
            algorithm = self.algorithm.to_dict()

        tasks: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tasks, Unset):
            tasks = []
            for tasks_item_data in self.tasks:
                tasks_item = tasks_item_data.to_dict()
                tasks.append(tasks_item)

        spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.spec, Unset):
            spec = self.spec.to_dict()

        endpoints: dict[str, Any] | Unset = UNSET
        if not isinstance(self.endpoints, Unset):
            endpoints = self.endpoints.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if kind is not UNSET:
            field_dict["kind"] = kind
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if status is not UNSET:
            field_dict["status"] = status
        if algorithm is not UNSET:
            field_dict["algorithm"] = algorithm
        if tasks is not UNSET:
            field_dict["tasks"] = tasks
        if spec is not UNSET:
            field_dict["spec"] = spec
        if endpoints is not UNSET:
            field_dict["endpoints"] = endpoints

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_algorithm_response import JobAlgorithmResponse  # noqa: PLC0415
        from ..models.job_endpoints_resp import JobEndpointsResp  # noqa: PLC0415
        from ..models.job_metadata import JobMetadata  # noqa: PLC0415
        from ..models.spec_response import SpecResponse  # noqa: PLC0415
        from ..models.status import Status  # noqa: PLC0415
        from ..models.task_response import TaskResponse  # noqa: PLC0415

        d = dict(src_dict)
        try:
            kind = check(d.pop("kind", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "kind") from None

        try:
            _metadata = d.pop("metadata", UNSET)
            metadata: JobMetadata | Unset
            if isinstance(_metadata, Unset):
                metadata = UNSET
            else:
                metadata = JobMetadata.from_dict(_metadata)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "metadata") from None

        try:
            _status = d.pop("status", UNSET)
            status: Status | Unset
            if isinstance(_status, Unset):
                status = UNSET
            else:
                status = Status.from_dict(_status)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "status") from None

        try:
            _algorithm = d.pop("algorithm", UNSET)
            algorithm: JobAlgorithmResponse | Unset
            if isinstance(_algorithm, Unset):
                algorithm = UNSET
            else:
                algorithm = JobAlgorithmResponse.from_dict(_algorithm)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "algorithm") from None

        try:
            _tasks = check_list(d.pop("tasks", UNSET), None)
            tasks: list[TaskResponse] | Unset = UNSET
            if _tasks is not UNSET:
                tasks = []
                for _tasks_item_index, tasks_item_data in enumerate(_tasks):
                    try:
                        tasks_item = TaskResponse.from_dict(tasks_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(error, _tasks_item_index) from None
                    tasks.append(tasks_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "tasks") from None

        try:
            _spec = d.pop("spec", UNSET)
            spec: SpecResponse | Unset
            if isinstance(_spec, Unset):
                spec = UNSET
            else:
                spec = SpecResponse.from_dict(_spec)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "spec") from None

        try:
            _endpoints = d.pop("endpoints", UNSET)
            endpoints: JobEndpointsResp | Unset
            if isinstance(_endpoints, Unset):
                endpoints = UNSET
            else:
                endpoints = JobEndpointsResp.from_dict(_endpoints)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "endpoints") from None

        job_response = cls(
            kind=kind,
            metadata=metadata,
            status=status,
            algorithm=algorithm,
            tasks=tasks,
            spec=spec,
            endpoints=endpoints,
        )

        job_response.additional_properties = d
        return job_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
