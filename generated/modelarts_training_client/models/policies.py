from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_search import AutoSearch


T = TypeVar("T", bound="Policies")


@_attrs_define
class Policies:
    """Table 14 "policies" of the page.

    Attributes:
        auto_search (AutoSearch | Unset): Table 15 "auto_search" of the page.
    """

    auto_search: AutoSearch | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auto_search: dict[str, Any] | Unset = UNSET
        if not isinstance(self.auto_search, Unset):
            auto_search = self.auto_search.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if auto_search is not UNSET:
            field_dict["auto_search"] = auto_search

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auto_search import AutoSearch  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _auto_search = d.pop("auto_search", UNSET)
            auto_search: AutoSearch | Unset
            if isinstance(_auto_search, Unset):
                auto_search = UNSET
            else:
                auto_search = AutoSearch.from_dict(_auto_search)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "auto_search") from None

        policies = cls(
            auto_search=auto_search,
        )

        policies.additional_properties = d
        return policies

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
