from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.billing_info import BillingInfo
    from ..models.flavor_info import FlavorInfo


T = TypeVar("T", bound="FlavorDetail")


@_attrs_define
class FlavorDetail:
    """Table 45 "FlavorDetail" of the page.

    Attributes:
        flavor_type (str | Unset): Resource flavor type. The options are as follows:
            - CPU
            - GPU
        billing (BillingInfo | Unset): Table 46 "BillingInfo" of the page.
        flavor_info (FlavorInfo | Unset): Table 47 "FlavorInfo" of the page.
    """

    flavor_type: str | Unset = UNSET
    billing: BillingInfo | Unset = UNSET
    flavor_info: FlavorInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        flavor_type = self.flavor_type

        billing: dict[str, Any] | Unset = UNSET
        if not isinstance(self.billing, Unset):
            billing = self.billing.to_dict()

        flavor_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.flavor_info, Unset):
            flavor_info = self.flavor_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if flavor_type is not UNSET:
            field_dict["flavor_type"] = flavor_type
        if billing is not UNSET:
            field_dict["billing"] = billing
        if flavor_info is not UNSET:
            field_dict["flavor_info"] = flavor_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing_info import BillingInfo  # noqa: PLC0415
        from ..models.flavor_info import FlavorInfo  # noqa: PLC0415

        d = dict(src_dict)
        try:
            flavor_type = check(d.pop("flavor_type", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_type") from None

        try:
            _billing = d.pop("billing", UNSET)
            billing: BillingInfo | Unset
            if isinstance(_billing, Unset):
                billing = UNSET
            else:
                billing = BillingInfo.from_dict(_billing)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "billing") from None

        try:
            _flavor_info = d.pop("flavor_info", UNSET)
            flavor_info: FlavorInfo | Unset
            if isinstance(_flavor_info, Unset):
                flavor_info = UNSET
            else:
                flavor_info = FlavorInfo.from_dict(_flavor_info)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_info") from None

        flavor_detail = cls(
            flavor_type=flavor_type,
            billing=billing,
            flavor_info=flavor_info,
        )

        flavor_detail.additional_properties = d
        return flavor_detail

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
