from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobEngine")


@_attrs_define
class JobEngine:
    """Table 26 "JobEngine" of the page.

    Attributes:
        engine_id (str | Unset): Engine ID selected for a training job. The value can be engine_id, engine_name +
            engine_version, or image_url.
        engine_name (str | Unset): Name of the engine selected for a training job. If engine_id has been set, you do not
            need to set this parameter. If you use a preset framework and custom image to create a training job, you must
            set both this parameter and image_url.
        engine_version (str | Unset): Version of the engine selected for a training job. If engine_id has been set, you
            do not need to set this parameter.
        image_url (str | Unset): Custom image URL selected for a training job. The URL is obtained from SWR. You can
            select an image or enter an image in the format of "Organization name/Image name:tag".
        install_sys_packages (bool | Unset): Whether to install the MoXing version specified by the training platform.
            Value true means to install the specified MoXing version. This parameter is available only when engine_name,
            engine_version, and image_url are set.
    """

    engine_id: str | Unset = UNSET
    engine_name: str | Unset = UNSET
    engine_version: str | Unset = UNSET
    image_url: str | Unset = UNSET
    install_sys_packages: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        engine_id = self.engine_id

        engine_name = self.engine_name

        engine_version = self.engine_version

        image_url = self.image_url

        install_sys_packages = self.install_sys_packages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if engine_id is not UNSET:
            field_dict["engine_id"] = engine_id
        if engine_name is not UNSET:
            field_dict["engine_name"] = engine_name
        if engine_version is not UNSET:
            field_dict["engine_version"] = engine_version
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if install_sys_packages is not UNSET:
            field_dict["install_sys_packages"] = install_sys_packages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            engine_id = check(d.pop("engine_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "engine_id") from None

        try:
            engine_name = check(d.pop("engine_name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "engine_name") from None

        try:
            engine_version = check(d.pop("engine_version", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "engine_version") from None

        try:
            image_url = check(d.pop("image_url", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "image_url") from None

        try:
            install_sys_packages = check(d.pop("install_sys_packages", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "install_sys_packages") from None

        job_engine = cls(
            engine_id=engine_id,
            engine_name=engine_name,
            engine_version=engine_version,
            image_url=image_url,
            install_sys_packages=install_sys_packages,
        )

        job_engine.additional_properties = d
        return job_engine

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
