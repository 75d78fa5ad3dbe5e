from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pfs_summary import PFSSummary


T = TypeVar("T", bound="LogDir")


@_attrs_define
class LogDir:
    """Table 28 "LogDir" of the page.

    Attributes:
        pfs (PFSSummary | Unset): Table 29 "PFSSummary" of the page.
    """

    pfs: PFSSummary | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pfs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pfs, Unset):
            pfs = self.pfs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pfs is not UNSET:
            field_dict["pfs"] = pfs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pfs_summary import PFSSummary  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _pfs = d.pop("pfs", UNSET)
            pfs: PFSSummary | Unset
            if isinstance(_pfs, Unset):
                pfs = UNSET
            else:
                pfs = PFSSummary.from_dict(_pfs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "pfs") from None

        log_dir = cls(
            pfs=pfs,
        )

        log_dir.additional_properties = d
        return log_dir

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
