from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.filter_operator import FilterOperator
from ..parsing import ResponseParseError, check, check_list, enum_value, parse_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="Filter")


@_attrs_define
class Filter:
    """Table 3 "Filter" of the page.

    Attributes:
        key (str | Unset): Key of the grouping condition.
        operator (FilterOperator | str | Unset): Grouping condition key operators. The options are between, like, in,
            and not.
        value (list[str] | Unset): Value of the grouping condition key.
    """

    key: str | Unset = UNSET
    operator: FilterOperator | str | Unset = UNSET
    value: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        operator: str | Unset = UNSET
        if not isinstance(self.operator, Unset):
            operator = enum_value(self.operator)

        value: list[str] | Unset = UNSET
        if not isinstance(self.value, Unset):
            value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if key is not UNSET:
            field_dict["key"] = key
        if operator is not UNSET:
            field_dict["operator"] = operator
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            key = check(d.pop("key", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "key") from None

        try:
            _operator = d.pop("operator", UNSET)
            operator: FilterOperator | str | Unset
            if isinstance(_operator, Unset):
                operator = UNSET
            else:
                operator = parse_enum(FilterOperator, _operator)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "operator") from None

        try:
            value = cast(list[str], check_list(d.pop("value", UNSET), str))

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "value") from None

        filter_ = cls(
            key=key,
            operator=operator,
            value=value,
        )

        filter_.additional_properties = d
        return filter_

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
