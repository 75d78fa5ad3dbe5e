from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.auto_search_reward_attr_mode import AutoSearchRewardAttrMode
from ..parsing import ResponseParseError, check, enum_value, parse_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="AutoSearchRewardAttr")


@_attrs_define
class AutoSearchRewardAttr:
    """Table 16 "reward_attrs" of the page.

    Attributes:
        name (str | Unset): Metric name.
        mode (AutoSearchRewardAttrMode | str | Unset): Search mode.
            - max: A larger metric value is preferred.
            - min: A smaller metric value is preferred.
        regex (str | Unset): Regular expression of a metric.
    """

    name: str | Unset = UNSET
    mode: AutoSearchRewardAttrMode | str | Unset = UNSET
    regex: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = enum_value(self.mode)

        regex = self.regex

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if mode is not UNSET:
            field_dict["mode"] = mode
        if regex is not UNSET:
            field_dict["regex"] = regex

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            _mode = d.pop("mode", UNSET)
            mode: AutoSearchRewardAttrMode | str | Unset
            if isinstance(_mode, Unset):
                mode = UNSET
            else:
                mode = parse_enum(AutoSearchRewardAttrMode, _mode)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "mode") from None

        try:
            regex = check(d.pop("regex", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "regex") from None

        auto_search_reward_attr = cls(
            name=name,
            mode=mode,
            regex=regex,
        )

        auto_search_reward_attr.additional_properties = d
        return auto_search_reward_attr

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
