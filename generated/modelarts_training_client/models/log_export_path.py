from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="LogExportPath")


@_attrs_define
class LogExportPath:
    """Table 55 "LogExportPath" of the page.

    Attributes:
        obs_url (str | Unset): OBS path for storing training job logs, for example, obs://example/path.
        host_path (str | Unset): Path of the host where training job logs are stored, for example, /example/path.
    """

    obs_url: str | Unset = UNSET
    host_path: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        obs_url = self.obs_url

        host_path = self.host_path

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if obs_url is not UNSET:
            field_dict["obs_url"] = obs_url
        if host_path is not UNSET:
            field_dict["host_path"] = host_path

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            obs_url = check(d.pop("obs_url", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "obs_url") from None

        try:
            host_path = check(d.pop("host_path", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "host_path") from None

        log_export_path = cls(
            obs_url=obs_url,
            host_path=host_path,
        )

        log_export_path.additional_properties = d
        return log_export_path

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
