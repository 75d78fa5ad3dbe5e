from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.required_affinity import RequiredAffinity


T = TypeVar("T", bound="SchedulePolicy")


@_attrs_define
class SchedulePolicy:
    """Table 56 "SchedulePolicy" of the page.

    Attributes:
        required_affinity (RequiredAffinity | Unset): Table 57 "RequiredAffinity" of the page.
        priority (int | Unset): Priority of the training job.
        preemptible (bool | Unset): Whether preemption is allowed
    """

    required_affinity: RequiredAffinity | Unset = UNSET
    priority: int | Unset = UNSET
    preemptible: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        required_affinity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.required_affinity, Unset):
            required_affinity = self.required_affinity.to_dict()

        priority = self.priority

        preemptible = self.preemptible

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if required_affinity is not UNSET:
            field_dict["required_affinity"] = required_affinity
        if priority is not UNSET:
            field_dict["priority"] = priority
        if preemptible is not UNSET:
            field_dict["preemptible"] = preemptible

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.required_affinity import RequiredAffinity  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _required_affinity = d.pop("required_affinity", UNSET)
            required_affinity: RequiredAffinity | Unset
            if isinstance(_required_affinity, Unset):
                required_affinity = UNSET
            else:
                required_affinity = RequiredAffinity.from_dict(_required_affinity)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "required_affinity") from None

        try:
            priority = check(d.pop("priority", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "priority") from None

        try:
            preemptible = check(d.pop("preemptible", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "preemptible") from None

        schedule_policy = cls(
            required_affinity=required_affinity,
            priority=priority,
            preemptible=preemptible,
        )

        schedule_policy.additional_properties = d
        return schedule_policy

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
