from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.input_dataset import InputDataset
    from ..models.input_obs import InputObs


T = TypeVar("T", bound="InputDataInfo")


@_attrs_define
class InputDataInfo:
    """Table 21 "InputDataInfo" of the page.

    Attributes:
        dataset (InputDataset | Unset): Table 22 "dataset" of the page.
        obs (InputObs | Unset): Table 23 "obs" of the page.
    """

    dataset: InputDataset | Unset = UNSET
    obs: InputObs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dataset: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dataset, Unset):
            dataset = self.dataset.to_dict()

        obs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.obs, Unset):
            obs = self.obs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dataset is not UNSET:
            field_dict["dataset"] = dataset
        if obs is not UNSET:
            field_dict["obs"] = obs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.input_dataset import InputDataset  # noqa: PLC0415
        from ..models.input_obs import InputObs  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _dataset = d.pop("dataset", UNSET)
            dataset: InputDataset | Unset
            if isinstance(_dataset, Unset):
                dataset = UNSET
            else:
                dataset = InputDataset.from_dict(_dataset)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "dataset") from None

        try:
            _obs = d.pop("obs", UNSET)
            obs: InputObs | Unset
            if isinstance(_obs, Unset):
                obs = UNSET
            else:
                obs = InputObs.from_dict(_obs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "obs") from None

        input_data_info = cls(
            dataset=dataset,
            obs=obs,
        )

        input_data_info.additional_properties = d
        return input_data_info

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
