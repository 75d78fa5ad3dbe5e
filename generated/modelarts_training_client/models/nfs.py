from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="Nfs")


@_attrs_define
class Nfs:
    """Table 54 "Nfs" of the page.

    Attributes:
        nfs_server_path (str | Unset): NFS server path, for example, 10.10.10.10:/example/path.
        local_path (str | Unset): Path for attaching volumes to the training container, for example, /example/path.
        read_only (bool | Unset): Whether the disks attached to the container in NFS mode are read-only.
    """

    nfs_server_path: str | Unset = UNSET
    local_path: str | Unset = UNSET
    read_only: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        nfs_server_path = self.nfs_server_path

        local_path = self.local_path

        read_only = self.read_only

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if nfs_server_path is not UNSET:
            field_dict["nfs_server_path"] = nfs_server_path
        if local_path is not UNSET:
            field_dict["local_path"] = local_path
        if read_only is not UNSET:
            field_dict["read_only"] = read_only

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            nfs_server_path = check(d.pop("nfs_server_path", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "nfs_server_path") from None

        try:
            local_path = check(d.pop("local_path", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "local_path") from None

        try:
            read_only = check(d.pop("read_only", UNSET), bool)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "read_only") from None

        nfs = cls(
            nfs_server_path=nfs_server_path,
            local_path=local_path,
            read_only=read_only,
        )

        nfs.additional_properties = d
        return nfs

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
