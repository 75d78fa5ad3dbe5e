from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.running_record_start_type import RunningRecordStartType
from ..parsing import ResponseParseError, check, enum_value, parse_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="RunningRecord")


@_attrs_define
class RunningRecord:
    """Table 9 "RunningRecord" of the page.

    Attributes:
        start_at (int | Unset): Unix timestamp of the start time in the current running record, in seconds.
        end_at (int | Unset): Unix timestamp of the end time in the current running record, in seconds.
        start_type (RunningRecordStartType | str | Unset): Startup mode of the current running record.
            - init_or_rescheduled: This startup is the first running after scheduling, including the first startup and the
            running after scheduling recovery.
            - restarted: This startup is not the first running after scheduling but the running after a process restart.
        end_reason (str | Unset): Reason why the current running record ends.
        end_related_task (str | Unset): ID of the task worker that causes the end of the current running record, for
            example, worker-0.
        end_recover (str | Unset): Fault tolerance policy used after the current running record ends. The enums are as
            follows:
            - npu_proc_restart: NPU in-place hot recovery
            - gpu_proc_restart: GPU in-place hot recovery
            - proc_restart: Process in-place recovery
            - pod_reschedule: Pod-level rescheduling
            - job_reschedule: Job-level rescheduling
            - job_reschedule_with_taint: Isolated job-level rescheduling
        end_recover_before_downgrade (str | Unset): Tolerance policy used after the current running record ends and
            before the fault tolerance policy is degraded. The options are the same as those of end_recover.
    """

    start_at: int | Unset = UNSET
    end_at: int | Unset = UNSET
    start_type: RunningRecordStartType | str | Unset = UNSET
    end_reason: str | Unset = UNSET
    end_related_task: str | Unset = UNSET
    end_recover: str | Unset = UNSET
    end_recover_before_downgrade: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_at = self.start_at

        end_at = self.end_at

        start_type: str | Unset = UNSET
        if not isinstance(self.start_type, Unset):
            start_type = enum_value(self.start_type)

        end_reason = self.end_reason

        end_related_task = self.end_related_task

        end_recover = self.end_recover

        end_recover_before_downgrade = self.end_recover_before_downgrade

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if start_at is not UNSET:
            field_dict["start_at"] = start_at
        if end_at is not UNSET:
            field_dict["end_at"] = end_at
        if start_type is not UNSET:
            field_dict["start_type"] = start_type
        if end_reason is not UNSET:
            field_dict["end_reason"] = end_reason
        if end_related_task is not UNSET:
            field_dict["end_related_task"] = end_related_task
        if end_recover is not UNSET:
            field_dict["end_recover"] = end_recover
        if end_recover_before_downgrade is not UNSET:
            field_dict["end_recover_before_downgrade"] = end_recover_before_downgrade

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            start_at = check(d.pop("start_at", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "start_at") from None

        try:
            end_at = check(d.pop("end_at", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "end_at") from None

        try:
            _start_type = d.pop("start_type", UNSET)
            start_type: RunningRecordStartType | str | Unset
            if isinstance(_start_type, Unset):
                start_type = UNSET
            else:
                start_type = parse_enum(RunningRecordStartType, _start_type)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "start_type") from None

        try:
            end_reason = check(d.pop("end_reason", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "end_reason") from None

        try:
            end_related_task = check(d.pop("end_related_task", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "end_related_task") from None

        try:
            end_recover = check(d.pop("end_recover", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "end_recover") from None

        try:
            end_recover_before_downgrade = check(
                d.pop("end_recover_before_downgrade", UNSET), str
            )
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "end_recover_before_downgrade") from None

        running_record = cls(
            start_at=start_at,
            end_at=end_at,
            start_type=start_type,
            end_reason=end_reason,
            end_related_task=end_related_task,
            end_recover=end_recover,
            end_recover_before_downgrade=end_recover_before_downgrade,
        )

        running_record.additional_properties = d
        return running_record

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
