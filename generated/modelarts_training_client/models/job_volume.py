from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.nfs import Nfs


T = TypeVar("T", bound="JobVolume")


@_attrs_define
class JobVolume:
    """Table 53 "JobVolume" of the page.

    Attributes:
        nfs (Nfs | Unset): Table 54 "Nfs" of the page.
    """

    nfs: Nfs | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        nfs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.nfs, Unset):
            nfs = self.nfs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if nfs is not UNSET:
            field_dict["nfs"] = nfs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nfs import Nfs  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _nfs = d.pop("nfs", UNSET)
            nfs: Nfs | Unset
            if isinstance(_nfs, Unset):
                nfs = UNSET
            else:
                nfs = Nfs.from_dict(_nfs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "nfs") from None

        job_volume = cls(
            nfs=nfs,
        )

        job_volume.additional_properties = d
        return job_volume

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
