from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_remote_constraint_attributes import InputRemoteConstraintAttributes
from ..parsing import ResponseParseError, check, enum_value, parse_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="InputRemoteConstraint")


@_attrs_define
class InputRemoteConstraint:
    """Table 24 "remote_constraint" of the page.

    Attributes:
        data_type (str | Unset): Data input type, including the data storage location and dataset.
        attributes (InputRemoteConstraintAttributes | str | Unset): Attributes if a dataset is used as the data input.
            Options:
            - data_format: Data format
            - data_segmentation: Data segmentation
            - dataset_type: Labeling type
    """

    data_type: str | Unset = UNSET
    attributes: InputRemoteConstraintAttributes | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_type = self.data_type

        attributes: str | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = enum_value(self.attributes)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if data_type is not UNSET:
            field_dict["data_type"] = data_type
        if attributes is not UNSET:
            field_dict["attributes"] = attributes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            data_type = check(d.pop("data_type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "data_type") from None

        try:
            _attributes = d.pop("attributes", UNSET)
            attributes: InputRemoteConstraintAttributes | str | Unset
            if isinstance(_attributes, Unset):
                attributes = UNSET
            else:
                attributes = parse_enum(InputRemoteConstraintAttributes, _attributes)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "attributes") from None

        input_remote_constraint = cls(
            data_type=data_type,
            attributes=attributes,
        )

        input_remote_constraint.additional_properties = d
        return input_remote_constraint

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
