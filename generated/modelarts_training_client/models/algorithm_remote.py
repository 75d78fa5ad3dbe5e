from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remote_obs import RemoteObs


T = TypeVar("T", bound="AlgorithmRemote")


@_attrs_define
class AlgorithmRemote:
    """Table 35 "AlgorithmRemote" of the page.

    Attributes:
        obs (RemoteObs | Unset): Table 38 "RemoteObs" of the page.
    """

    obs: RemoteObs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        obs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.obs, Unset):
            obs = self.obs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if obs is not UNSET:
            field_dict["obs"] = obs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remote_obs import RemoteObs  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _obs = d.pop("obs", UNSET)
            obs: RemoteObs | Unset
            if isinstance(_obs, Unset):
                obs = UNSET
            else:
                obs = RemoteObs.from_dict(_obs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "obs") from None

        algorithm_remote = cls(
            obs=obs,
        )

        algorithm_remote.additional_properties = d
        return algorithm_remote

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
