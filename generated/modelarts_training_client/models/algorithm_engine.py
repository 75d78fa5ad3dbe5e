from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="AlgorithmEngine")


@_attrs_define
class AlgorithmEngine:
    """Table 39 "AlgorithmEngine" of the page.

    Attributes:
        engine_id (str | Unset): Engine ID, for example, caffe-1.0.0-python2.7.
        engine_name (str | Unset): Engine name, for example, Caffe.
        engine_version (str | Unset): Engine version. Engines with the same name have multiple versions, for example,
            Caffe-1.0.0-python2.7 of Python 2.7.
        v1_compatible (bool | Unset): Whether the v1 compatibility mode is used.
        run_user (str | Unset): User UID started by default by the engine.
        image_url (str | Unset): Custom image URL selected for an algorithm.
    """

    engine_id: str | Unset = UNSET
    engine_name: str | Unset = UNSET
    engine_version: str | Unset = UNSET
    v1_compatible: bool | Unset = UNSET
    run_user: str | Unset = UNSET
    image_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        engine_id = self.engine_id

        engine_name = self.engine_name

        engine_version = self.engine_version

        v1_compatible = self.v1_compatible

        run_user = self.run_user

        image_url = self.image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if engine_id is not UNSET:
            field_dict["engine_id"] = engine_id
        if engine_name is not UNSET:
            field_dict["engine_name"] = engine_name
        if engine_version is not UNSET:
            field_dict["engine_version"] = engine_version
        if v1_compatible is not UNSET:
            field_dict["v1_compatible"] = v1_compatible
        if run_user is not UNSET:
            field_dict["run_user"] = run_user
        if image_url is not UNSET:
            field_dict["image_url"] = image_url

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
            v1_compatible = check(d.pop("v1_compatible", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "v1_compatible") from None

        try:
            run_user = check(d.pop("run_user", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "run_user") from None

        try:
            image_url = check(d.pop("image_url", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "image_url") from None

        algorithm_engine = cls(
            engine_id=engine_id,
            engine_name=engine_name,
            engine_version=engine_version,
            v1_compatible=v1_compatible,
            run_user=run_user,
            image_url=image_url,
        )

        algorithm_engine.additional_properties = d
        return algorithm_engine

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
