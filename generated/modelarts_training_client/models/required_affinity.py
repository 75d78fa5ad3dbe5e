from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="RequiredAffinity")


@_attrs_define
class RequiredAffinity:
    """Table 57 "RequiredAffinity" of the page.

    Attributes:
        affinity_type (str | Unset): Affinity scheduling policy. Possible values are as follows:
            - cabinet: strong cabinet scheduling
            - hyperinstance: supernode affinity scheduling
        affinity_group_size (int | Unset): Affinity group size. This parameter is mandatory when affinity_type is set to
            hyperinstance. In this case, the system schedules tasks specified by affinity_group_size to a supernode to form
            an affinity group. When a user delivers a training job to the supernode resource pool, if the affinity group
            size is not set, the system sets the value to 1 by default. Default: 1.
    """

    affinity_type: str | Unset = UNSET
    affinity_group_size: int | Unset = 1
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        affinity_type = self.affinity_type

        affinity_group_size = self.affinity_group_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if affinity_type is not UNSET:
            field_dict["affinity_type"] = affinity_type
        if affinity_group_size is not UNSET:
            field_dict["affinity_group_size"] = affinity_group_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            affinity_type = check(d.pop("affinity_type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "affinity_type") from None

        try:
            affinity_group_size = check(d.pop("affinity_group_size", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "affinity_group_size") from None

        required_affinity = cls(
            affinity_type=affinity_type,
            affinity_group_size=affinity_group_size,
        )

        required_affinity.additional_properties = d
        return required_affinity

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
