from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_volume import JobVolume
    from ..models.log_export_path import LogExportPath
    from ..models.resource import Resource
    from ..models.schedule_policy import SchedulePolicy


T = TypeVar("T", bound="SpecResponse")


@_attrs_define
class SpecResponse:
    """Table 43 "SpecResponce" of the page.

    Attributes:
        resource (Resource | Unset): Table 44 "Resource" of the page.
        volumes (list[JobVolume] | Unset): Volumes attached for a training job.
        log_export_path (LogExportPath | Unset): Table 55 "LogExportPath" of the page.
        schedule_policy (SchedulePolicy | Unset): Table 56 "SchedulePolicy" of the page.
    """

    resource: Resource | Unset = UNSET
    volumes: list[JobVolume] | Unset = UNSET
    log_export_path: LogExportPath | Unset = UNSET
    schedule_policy: SchedulePolicy | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.resource, Unset):
            resource = self.resource.to_dict()

        volumes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.volumes, Unset):
            volumes = []
            for volumes_item_data in self.volumes:
                volumes_item = volumes_item_data.to_dict()
                volumes.append(volumes_item)

        log_export_path: dict[str, Any] | Unset = UNSET
        if not isinstance(self.log_export_path, Unset):
            log_export_path = self.log_export_path.to_dict()

        schedule_policy: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schedule_policy, Unset):
            schedule_policy = self.schedule_policy.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if resource is not UNSET:
            field_dict["resource"] = resource
        if volumes is not UNSET:
            field_dict["volumes"] = volumes
        if log_export_path is not UNSET:
            field_dict["log_export_path"] = log_export_path
        if schedule_policy is not UNSET:
            field_dict["schedule_policy"] = schedule_policy

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_volume import JobVolume  # noqa: PLC0415
        from ..models.log_export_path import LogExportPath  # noqa: PLC0415
        from ..models.resource import Resource  # noqa: PLC0415
        from ..models.schedule_policy import SchedulePolicy  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _resource = d.pop("resource", UNSET)
            resource: Resource | Unset
            if isinstance(_resource, Unset):
                resource = UNSET
            else:
                resource = Resource.from_dict(_resource)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "resource") from None

        try:
            _volumes = check_list(d.pop("volumes", UNSET), None)
            volumes: list[JobVolume] | Unset = UNSET
            if _volumes is not UNSET:
                volumes = []
                for _volumes_item_index, volumes_item_data in enumerate(_volumes):
                    try:
                        volumes_item = JobVolume.from_dict(volumes_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _volumes_item_index
                        ) from None
                    volumes.append(volumes_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "volumes") from None

        try:
            _log_export_path = d.pop("log_export_path", UNSET)
            log_export_path: LogExportPath | Unset
            if isinstance(_log_export_path, Unset):
                log_export_path = UNSET
            else:
                log_export_path = LogExportPath.from_dict(_log_export_path)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "log_export_path") from None

        try:
            _schedule_policy = d.pop("schedule_policy", UNSET)
            schedule_policy: SchedulePolicy | Unset
            if isinstance(_schedule_policy, Unset):
                schedule_policy = UNSET
            else:
                schedule_policy = SchedulePolicy.from_dict(_schedule_policy)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "schedule_policy") from None

        spec_response = cls(
            resource=resource,
            volumes=volumes,
            log_export_path=log_export_path,
            schedule_policy=schedule_policy,
        )

        spec_response.additional_properties = d
        return spec_response

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
