from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_search_algo_config_parameter import AutoSearchAlgoConfigParameter


T = TypeVar("T", bound="AutoSearchAlgoConfig")


@_attrs_define
class AutoSearchAlgoConfig:
    """Table 18 "algo_configs" of the page.

    Attributes:
        name (str | Unset): Name of the search algorithm.
        params (list[AutoSearchAlgoConfigParameter] | Unset): Search algorithm parameters.
    """

    name: str | Unset = UNSET
    params: list[AutoSearchAlgoConfigParameter] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = []
            for params_item_data in self.params:
                params_item = params_item_data.to_dict()
                params.append(params_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_search_algo_config_parameter import (
            AutoSearchAlgoConfigParameter,  # noqa: PLC0415
        )

        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            _params = check_list(d.pop("params", UNSET), None)
            params: list[AutoSearchAlgoConfigParameter] | Unset = UNSET
            if _params is not UNSET:
                params = []
                for _params_item_index, params_item_data in enumerate(_params):
                    try:
                        params_item = AutoSearchAlgoConfigParameter.from_dict(
                            params_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(error, _params_item_index) from None
                    params.append(params_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "params") from None

        auto_search_algo_config = cls(
            name=name,
            params=params,
        )

        auto_search_algo_config.additional_properties = d
        return auto_search_algo_config

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
