from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.auto_search_search_param_param_type import AutoSearchSearchParamParamType
from ..parsing import ResponseParseError, check, check_list, enum_value, parse_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="AutoSearchSearchParam")


@_attrs_define
class AutoSearchSearchParam:
    """Table 17 "search_params" of the page.

    Attributes:
        name (str | Unset): Hyperparameter name.
        param_type (AutoSearchSearchParamParamType | str | Unset): Parameter type.
            - continuous: The hyperparameter is of the continuous type. When an algorithm is used in a training job,
            continuous hyperparameters are displayed as text boxes on the console.
            - discrete: The hyperparameter is of the discrete type. When an algorithm is used in a training job, discrete
            hyperparameters are displayed as drop-down lists on the console.
        lower_bound (str | Unset): Lower bound of the hyperparameter.
        upper_bound (str | Unset): Upper bound of the hyperparameter.
        discrete_points_num (str | Unset): Number of discrete points of a continuous hyperparameter.
        discrete_values (list[str] | Unset): List of discrete hyperparameter values.
    """

    name: str | Unset = UNSET
    param_type: AutoSearchSearchParamParamType | str | Unset = UNSET
    lower_bound: str | Unset = UNSET
    upper_bound: str | Unset = UNSET
    discrete_points_num: str | Unset = UNSET
    discrete_values: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        param_type: str | Unset = UNSET
        if not isinstance(self.param_type, Unset):
            param_type = enum_value(self.param_type)

        lower_bound = self.lower_bound

        upper_bound = self.upper_bound

        discrete_points_num = self.discrete_points_num

        discrete_values: list[str] | Unset = UNSET
        if not isinstance(self.discrete_values, Unset):
            discrete_values = self.discrete_values

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if param_type is not UNSET:
            field_dict["param_type"] = param_type
        if lower_bound is not UNSET:
            field_dict["lower_bound"] = lower_bound
        if upper_bound is not UNSET:
            field_dict["upper_bound"] = upper_bound
        if discrete_points_num is not UNSET:
            field_dict["discrete_points_num"] = discrete_points_num
        if discrete_values is not UNSET:
            field_dict["discrete_values"] = discrete_values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            _param_type = d.pop("param_type", UNSET)
            param_type: AutoSearchSearchParamParamType | str | Unset
            if isinstance(_param_type, Unset):
                param_type = UNSET
            else:
                param_type = parse_enum(AutoSearchSearchParamParamType, _param_type)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "param_type") from None

        try:
            lower_bound = check(d.pop("lower_bound", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "lower_bound") from None

        try:
            upper_bound = check(d.pop("upper_bound", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "upper_bound") from None

        try:
            discrete_points_num = check(d.pop("discrete_points_num", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "discrete_points_num") from None

        try:
            discrete_values = cast(
                list[str], check_list(d.pop("discrete_values", UNSET), str)
            )

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "discrete_values") from None

        auto_search_search_param = cls(
            name=name,
            param_type=param_type,
            lower_bound=lower_bound,
            upper_bound=upper_bound,
            discrete_points_num=discrete_points_num,
            discrete_values=discrete_values,
        )

        auto_search_search_param.additional_properties = d
        return auto_search_search_param

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
