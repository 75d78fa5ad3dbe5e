from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParameterConstraint")


@_attrs_define
class ParameterConstraint:
    """Table 12 "constraint" of the page.

    Attributes:
        type_ (str | Unset): Parameter type.
        editable (bool | Unset): Whether the parameter is editable.
        required (bool | Unset): Whether the parameter is mandatory.
        sensitive (bool | Unset): Whether the parameter is sensitive This function is not implemented currently.
        valid_type (str | Unset): Valid type.
        valid_range (list[str] | Unset): Valid range.
    """

    type_: str | Unset = UNSET
    editable: bool | Unset = UNSET
    required: bool | Unset = UNSET
    sensitive: bool | Unset = UNSET
    valid_type: str | Unset = UNSET
    valid_range: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        editable = self.editable

        required = self.required

        sensitive = self.sensitive

        valid_type = self.valid_type

        valid_range: list[str] | Unset = UNSET
        if not isinstance(self.valid_range, Unset):
            valid_range = self.valid_range

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if editable is not UNSET:
            field_dict["editable"] = editable
        if required is not UNSET:
            field_dict["required"] = required
        if sensitive is not UNSET:
            field_dict["sensitive"] = sensitive
        if valid_type is not UNSET:
            field_dict["valid_type"] = valid_type
        if valid_range is not UNSET:
            field_dict["valid_range"] = valid_range

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            type_ = check(d.pop("type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "type") from None

        try:
            editable = check(d.pop("editable", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "editable") from None

        try:
            required = check(d.pop("required", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "required") from None

        try:
            sensitive = check(d.pop("sensitive", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "sensitive") from None

        try:
            valid_type = check(d.pop("valid_type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "valid_type") from None

        try:
            valid_range = cast(list[str], check_list(d.pop("valid_range", UNSET), str))

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "valid_range") from None

        parameter_constraint = cls(
            type_=type_,
            editable=editable,
            required=required,
            sensitive=sensitive,
            valid_type=valid_type,
            valid_range=valid_range,
        )

        parameter_constraint.additional_properties = d
        return parameter_constraint

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
