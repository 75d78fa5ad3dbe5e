from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.running_record import RunningRecord
    from ..models.task_statuses import TaskStatuses


T = TypeVar("T", bound="Status")


@_attrs_define
class Status:
    """Table 7 "Status" of the page.

    Attributes:
        phase (str | Unset): Level-1 status of a training job. The options are:
            - Creating: The gateway is being created.
            - Pending: waiting
            - Running
            - Failed: The task fails to be executed.
            - Completed: completed
            - Terminating: The task is being stopped.
            - Terminated: stopped
            - Abnormal: abnormal
        secondary_phase (str | Unset): The level-2 status of a training job is an internal detailed status, which may be
            added, modified, or deleted. Dependency is not recommended. The options are:
            - Creating: The gateway is being created.
            - Queuing: queuing
            - Running
            - Failed: The task fails to be executed.
            - Completed: completed
            - Terminating: The task is being stopped.
            - Terminated: stopped
            - CreateFailed: The creation fails.
            - TerminatedFailed: The service fails to be stopped.
            - Unknown: unknown status
            - Lost: abnormal
        duration (int | Unset): Running duration of a training job, in milliseconds
        node_count_metrics (list[list[int]] | Unset): Node count changes during the training job running period.
        tasks (list[str] | Unset): Tasks of a training job.
        start_time (int | Unset): Start time of a training job. The value is in timestamp format.
        task_statuses (list[TaskStatuses] | Unset): Status of a training job task.
        running_records (list[RunningRecord] | Unset): Running and fault recovery records of a training job
    """

    phase: str | Unset = UNSET
    secondary_phase: str | Unset = UNSET
    duration: int | Unset = UNSET
    node_count_metrics: list[list[int]] | Unset = UNSET
    tasks: list[str] | Unset = UNSET
    start_time: int | Unset = UNSET
    task_statuses: list[TaskStatuses] | Unset = UNSET
    running_records: list[RunningRecord] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phase = self.phase

        secondary_phase = self.secondary_phase

        duration = self.duration

        node_count_metrics: list[list[int]] | Unset = UNSET
        if not isinstance(self.node_count_metrics, Unset):
            node_count_metrics = []
            for node_count_metrics_item_data in self.node_count_metrics:
                node_count_metrics_item = node_count_metrics_item_data

                node_count_metrics.append(node_count_metrics_item)

        tasks: list[str] | Unset = UNSET
        if not isinstance(self.tasks, Unset):
            tasks = self.tasks

        start_time = self.start_time

        task_statuses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.task_statuses, Unset):
            task_statuses = []
            for task_statuses_item_data in self.task_statuses:
                task_statuses_item = task_statuses_item_data.to_dict()
                task_statuses.append(task_statuses_item)

        running_records: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.running_records, Unset):
            running_records = []
            for running_records_item_data in self.running_records:
                running_records_item = running_records_item_data.to_dict()
                running_records.append(running_records_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if phase is not UNSET:
            field_dict["phase"] = phase
        if secondary_phase is not UNSET:
            field_dict["secondary_phase"] = secondary_phase
        if duration is not UNSET:
            field_dict["duration"] = duration
        if node_count_metrics is not UNSET:
            field_dict["node_count_metrics"] = node_count_metrics
        if tasks is not UNSET:
            field_dict["tasks"] = tasks
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if task_statuses is not UNSET:
            field_dict["task_statuses"] = task_statuses
        if running_records is not UNSET:
            field_dict["running_records"] = running_records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.running_record import RunningRecord  # noqa: PLC0415
        from ..models.task_statuses import TaskStatuses  # noqa: PLC0415

        d = dict(src_dict)
        try:
            phase = check(d.pop("phase", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "phase") from None

        try:
            secondary_phase = check(d.pop("secondary_phase", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "secondary_phase") from None

        try:
            duration = check(d.pop("duration", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "duration") from None

        try:
            _node_count_metrics = check_list(d.pop("node_count_metrics", UNSET), None)
            node_count_metrics: list[list[int]] | Unset = UNSET
            if _node_count_metrics is not UNSET:
                node_count_metrics = []
                for (
                    _node_count_metrics_item_index,
                    node_count_metrics_item_data,
                ) in enumerate(_node_count_metrics):
                    try:
                        node_count_metrics_item = cast(
                            list[int],
                            check_list(
                                node_count_metrics_item_data, int, required=True
                            ),
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _node_count_metrics_item_index
                        ) from None
                    node_count_metrics.append(node_count_metrics_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "node_count_metrics") from None

        try:
            tasks = cast(list[str], check_list(d.pop("tasks", UNSET), str))

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "tasks") from None

        try:
            start_time = check(d.pop("start_time", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "start_time") from None

        try:
            _task_statuses = check_list(d.pop("task_statuses", UNSET), None)
            task_statuses: list[TaskStatuses] | Unset = UNSET
            if _task_statuses is not UNSET:
                task_statuses = []
                for _task_statuses_item_index, task_statuses_item_data in enumerate(
                    _task_statuses
                ):
                    try:
                        task_statuses_item = TaskStatuses.from_dict(
                            task_statuses_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _task_statuses_item_index
                        ) from None
                    task_statuses.append(task_statuses_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "task_statuses") from None

        try:
            _running_records = check_list(d.pop("running_records", UNSET), None)
            running_records: list[RunningRecord] | Unset = UNSET
            if _running_records is not UNSET:
                running_records = []
                for _running_records_item_index, running_records_item_data in enumerate(
                    _running_records
                ):
                    try:
                        running_records_item = RunningRecord.from_dict(
                            running_records_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _running_records_item_index
                        ) from None
                    running_records.append(running_records_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "running_records") from None

        status = cls(
            phase=phase,
            secondary_phase=secondary_phase,
            duration=duration,
            node_count_metrics=node_count_metrics,
            tasks=tasks,
            start_time=start_time,
            task_statuses=task_statuses,
            running_records=running_records,
        )

        status.additional_properties = d
        return status

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
