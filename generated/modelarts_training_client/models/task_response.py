from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.flavor_response import FlavorResponse
    from ..models.task_response_algorithm import TaskResponseAlgorithm


T = TypeVar("T", bound="TaskResponse")


@_attrs_define
class TaskResponse:
    """Table 32 "TaskResponse" of the page.

    Attributes:
        role (str | Unset): Task role. This function is not supported currently.
        algorithm (TaskResponseAlgorithm | Unset): Table 33 "TaskResponseAlgorithm" of the page.
        task_resource (FlavorResponse | Unset): Table 40 "FlavorResponse" of the page.
    """

    role: str | Unset = UNSET
    algorithm: TaskResponseAlgorithm | Unset = UNSET
    task_resource: FlavorResponse | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        algorithm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.algorithm, Unset):
            algorithm = self.algorithm.to_dict()

        task_resource: dict[str, Any] | Unset = UNSET
        if not isinstance(self.task_resource, Unset):
            task_resource = self.task_resource.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if role is not UNSET:
            field_dict["role"] = role
        if algorithm is not UNSET:
            field_dict["algorithm"] = algorithm
        if task_resource is not UNSET:
            field_dict["task_resource"] = task_resource

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flavor_response import FlavorResponse  # noqa: PLC0415
        from ..models.task_response_algorithm import TaskResponseAlgorithm  # noqa: PLC0415

        d = dict(src_dict)
        try:
            role = check(d.pop("role", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "role") from None

        try:
            _algorithm = d.pop("algorithm", UNSET)
            algorithm: TaskResponseAlgorithm | Unset
            if isinstance(_algorithm, Unset):
                algorithm = UNSET
            else:
                algorithm = TaskResponseAlgorithm.from_dict(_algorithm)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "algorithm") from None

        try:
            _task_resource = d.pop("task_resource", UNSET)
            task_resource: FlavorResponse | Unset
            if isinstance(_task_resource, Unset):
                task_resource = UNSET
            else:
                task_resource = FlavorResponse.from_dict(_task_resource)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "task_resource") from None

        task_response = cls(
            role=role,
            algorithm=algorithm,
            task_resource=task_resource,
        )

        task_response.additional_properties = d
        return task_response

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
