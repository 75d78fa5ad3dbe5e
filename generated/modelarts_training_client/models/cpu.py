from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="Cpu")


@_attrs_define
class Cpu:
    """Table 48 "Cpu" of the page.

    Attributes:
        arch (str | Unset): CPU architecture.
        core_num (int | Unset): Number of cores.
    """

    arch: str | Unset = UNSET
    core_num: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        arch = self.arch

        core_num = self.core_num

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if arch is not UNSET:
            field_dict["arch"] = arch
        if core_num is not UNSET:
            field_dict["core_num"] = core_num

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            arch = check(d.pop("arch", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "arch") from None

        try:
            core_num = check(d.pop("core_num", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "core_num") from None

        cpu = cls(
            arch=arch,
            core_num=core_num,
        )

        cpu.additional_properties = d
        return cpu

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
