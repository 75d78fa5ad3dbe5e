from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_search_algo_config import AutoSearchAlgoConfig
    from ..models.auto_search_reward_attr import AutoSearchRewardAttr
    from ..models.auto_search_search_param import AutoSearchSearchParam


T = TypeVar("T", bound="AutoSearch")


@_attrs_define
class AutoSearch:
    """Table 15 "auto_search" of the page.

    Attributes:
        skip_search_params (str | Unset): Hyperparameter parameters that need to be skipped.
        reward_attrs (list[AutoSearchRewardAttr] | Unset): List of search metrics.
        search_params (list[AutoSearchSearchParam] | Unset): Search parameters.
        algo_configs (list[AutoSearchAlgoConfig] | Unset): Search algorithm configurations.
    """

    skip_search_params: str | Unset = UNSET
    reward_attrs: list[AutoSearchRewardAttr] | Unset = UNSET
    search_params: list[AutoSearchSearchParam] | Unset = UNSET
    algo_configs: list[AutoSearchAlgoConfig] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        skip_search_params = self.skip_search_params

        reward_attrs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reward_attrs, Unset):
            reward_attrs = []
            for reward_attrs_item_data in self.reward_attrs:
                reward_attrs_item = reward_attrs_item_data.to_dict()
                reward_attrs.append(reward_attrs_item)

        search_params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.search_params, Unset):
            search_params = []
            for search_params_item_data in self.search_params:
                search_params_item = search_params_item_data.to_dict()
                search_params.append(search_params_item)

        algo_configs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.algo_configs, Unset):
            algo_configs = []
            for algo_configs_item_data in self.algo_configs:
                algo_configs_item = algo_configs_item_data.to_dict()
                algo_configs.append(algo_configs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if skip_search_params is not UNSET:
            field_dict["skip_search_params"] = skip_search_params
        if reward_attrs is not UNSET:
            field_dict["reward_attrs"] = reward_attrs
        if search_params is not UNSET:
            field_dict["search_params"] = search_params
        if algo_configs is not UNSET:
            field_dict["algo_configs"] = algo_configs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_search_algo_config import AutoSearchAlgoConfig  # noqa: PLC0415
        from ..models.auto_search_reward_attr import AutoSearchRewardAttr  # noqa: PLC0415
        from ..models.auto_search_search_param import AutoSearchSearchParam  # noqa: PLC0415

        d = dict(src_dict)
        try:
            skip_search_params = check(d.pop("skip_search_params", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "skip_search_params") from None

        try:
            _reward_attrs = check_list(d.pop("reward_attrs", UNSET), None)
            reward_attrs: list[AutoSearchRewardAttr] | Unset = UNSET
            if _reward_attrs is not UNSET:
                reward_attrs = []
                for _reward_attrs_item_index, reward_attrs_item_data in enumerate(
                    _reward_attrs
                ):
                    try:
                        reward_attrs_item = AutoSearchRewardAttr.from_dict(
                            reward_attrs_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _reward_attrs_item_index
                        ) from None
                    reward_attrs.append(reward_attrs_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "reward_attrs") from None

        try:
            _search_params = check_list(d.pop("search_params", UNSET), None)
            search_params: list[AutoSearchSearchParam] | Unset = UNSET
            if _search_params is not UNSET:
                search_params = []
                for _search_params_item_index, search_params_item_data in enumerate(
                    _search_params
                ):
                    try:
                        search_params_item = AutoSearchSearchParam.from_dict(
                            search_params_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _search_params_item_index
                        ) from None
                    search_params.append(search_params_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "search_params") from None

        try:
            _algo_configs = check_list(d.pop("algo_configs", UNSET), None)
            algo_configs: list[AutoSearchAlgoConfig] | Unset = UNSET
            if _algo_configs is not UNSET:
                algo_configs = []
                for _algo_configs_item_index, algo_configs_item_data in enumerate(
                    _algo_configs
                ):
                    try:
                        algo_configs_item = AutoSearchAlgoConfig.from_dict(
                            algo_configs_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _algo_configs_item_index
                        ) from None
                    algo_configs.append(algo_configs_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "algo_configs") from None

        auto_search = cls(
            skip_search_params=skip_search_params,
            reward_attrs=reward_attrs,
            search_params=search_params,
            algo_configs=algo_configs,
        )

        auto_search.additional_properties = d
        return auto_search

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
