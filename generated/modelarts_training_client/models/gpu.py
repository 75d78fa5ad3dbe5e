from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="Gpu")


@_attrs_define
class Gpu:
    """Table 49 "Gpu" of the page.

    Attributes:
        unit_num (int | Unset): Number of GPUs.
        product_name (str | Unset): Product name.
        memory (str | Unset): Memory.
    """

    unit_num: int | Unset = UNSET
    product_name: str | Unset = UNSET
    memory: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        unit_num = self.unit_num

        product_name = self.product_name

        memory = self.memory

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if unit_num is not UNSET:
            field_dict["unit_num"] = unit_num
        if product_name is not UNSET:
            field_dict["product_name"] = product_name
        if memory is not UNSET:
            field_dict["memory"] = memory

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            unit_num = check(d.pop("unit_num", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "unit_num") from None

        try:
            product_name = check(d.pop("product_name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "product_name") from None

        try:
            memory = check(d.pop("memory", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "memory") from None

        gpu = cls(
            unit_num=unit_num,
            product_name=product_name,
            memory=memory,
        )

        gpu.additional_properties = d
        return gpu

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
