from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remote import Remote


T = TypeVar("T", bound="AlgorithmOutput")


@_attrs_define
class AlgorithmOutput:
    """Table 36 "AlgorithmOutput" of the page.

    Attributes:
        name (str | Unset): Name of the data output channel.
        local_dir (str | Unset): Local directory of the container to which the data output channel is mapped.
        remote (Remote | Unset): Table 37 "Remote" of the page.
        mode (str | Unset): Data transmission mode. The default value is upload_periodically. Default:
            'upload_periodically'.
        period (str | Unset): Data transmission period. The default value is 30s. Default: '30s'.
    """

    name: str | Unset = UNSET
    local_dir: str | Unset = UNSET
    remote: Remote | Unset = UNSET
    mode: str | Unset = "upload_periodically"
    period: str | Unset = "30s"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        local_dir = self.local_dir

        remote: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remote, Unset):
            remote = self.remote.to_dict()

        mode = self.mode

        period = self.period

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if local_dir is not UNSET:
            field_dict["local_dir"] = local_dir
        if remote is not UNSET:
            field_dict["remote"] = remote
        if mode is not UNSET:
            field_dict["mode"] = mode
        if period is not UNSET:
            field_dict["period"] = period

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remote import Remote  # noqa: PLC0415

        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            local_dir = check(d.pop("local_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "local_dir") from None

        try:
            _remote = d.pop("remote", UNSET)
            remote: Remote | Unset
            if isinstance(_remote, Unset):
                remote = UNSET
            else:
                remote = Remote.from_dict(_remote)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "remote") from None

        try:
            mode = check(d.pop("mode", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "mode") from None

        try:
            period = check(d.pop("period", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "period") from None

        algorithm_output = cls(
            name=name,
            local_dir=local_dir,
            remote=remote,
            mode=mode,
            period=period,
        )

        algorithm_output.additional_properties = d
        return algorithm_output

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
