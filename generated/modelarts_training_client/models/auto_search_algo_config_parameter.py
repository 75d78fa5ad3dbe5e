from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="AutoSearchAlgoConfigParameter")


@_attrs_define
class AutoSearchAlgoConfigParameter:
    """Table 19 "AutoSearchAlgoConfigParameter" of the page.

    Attributes:
        key (str | Unset): Parameter key.
        value (str | Unset): Parameter value.
        type_ (str | Unset): Parameter type.
    """

    key: str | Unset = UNSET
    value: str | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value = self.value

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if key is not UNSET:
            field_dict["key"] = key
        if value is not UNSET:
            field_dict["value"] = value
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            key = check(d.pop("key", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "key") from None

        try:
            value = check(d.pop("value", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "value") from None

        try:
            type_ = check(d.pop("type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "type") from None

        auto_search_algo_config_parameter = cls(
            key=key,
            value=value,
            type_=type_,
        )

        auto_search_algo_config_parameter.additional_properties = d
        return auto_search_algo_config_parameter

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
