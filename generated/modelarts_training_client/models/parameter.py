from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.parameter_constraint import ParameterConstraint
    from ..models.parameter_i18n_description import ParameterI18nDescription


T = TypeVar("T", bound="Parameter")


@_attrs_define
class Parameter:
    """Table 11 "Parameter" of the page.

    Attributes:
        name (str | Unset): Parameter name.
        value (str | Unset): Parameter value.
        description (str | Unset): Parameter description.
        constraint (ParameterConstraint | Unset): Table 12 "constraint" of the page.
        i18n_description (ParameterI18nDescription | Unset): Table 13 "i18n_description" of the page.
    """

    name: str | Unset = UNSET
    value: str | Unset = UNSET
    description: str | Unset = UNSET
    constraint: ParameterConstraint | Unset = UNSET
    i18n_description: ParameterI18nDescription | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        value = self.value

        description = self.description

        constraint: dict[str, Any] | Unset = UNSET
        if not isinstance(self.constraint, Unset):
            constraint = self.constraint.to_dict()

        i18n_description: dict[str, Any] | Unset = UNSET
        if not isinstance(self.i18n_description, Unset):
            i18n_description = self.i18n_description.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if value is not UNSET:
            field_dict["value"] = value
        if description is not UNSET:
            field_dict["description"] = description
        if constraint is not UNSET:
            field_dict["constraint"] = constraint
        if i18n_description is not UNSET:
            field_dict["i18n_description"] = i18n_description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter_constraint import ParameterConstraint  # noqa: PLC0415
        from ..models.parameter_i18n_description import ParameterI18nDescription  # noqa: PLC0415

        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            value = check(d.pop("value", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "value") from None

        try:
            description = check(d.pop("description", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "description") from None

        try:
            _constraint = d.pop("constraint", UNSET)
            constraint: ParameterConstraint | Unset
            if isinstance(_constraint, Unset):
                constraint = UNSET
            else:
                constraint = ParameterConstraint.from_dict(_constraint)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "constraint") from None

        try:
            _i18n_description = d.pop("i18n_description", UNSET)
            i18n_description: ParameterI18nDescription | Unset
            if isinstance(_i18n_description, Unset):
                i18n_description = UNSET
            else:
                i18n_description = ParameterI18nDescription.from_dict(_i18n_description)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "i18n_description") from None

        parameter = cls(
            name=name,
            value=value,
            description=description,
            constraint=constraint,
            i18n_description=i18n_description,
        )

        parameter.additional_properties = d
        return parameter

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
