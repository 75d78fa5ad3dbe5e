from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.billing_info import BillingInfo
    from ..models.flavor_info_response import FlavorInfoResponse
    from ..models.flavor_response_attributes import FlavorResponseAttributes


T = TypeVar("T", bound="FlavorResponse")


@_attrs_define
class FlavorResponse:
    """Table 40 "FlavorResponse" of the page.

    Attributes:
        flavor_id (str | Unset): ID of the resource flavor.
        flavor_name (str | Unset): Name of the resource flavor.
        max_num (int | Unset): Maximum number of nodes in a resource flavor.
        flavor_type (str | Unset): Resource flavor type. Options:
            - CPU
            - GPU
        billing (BillingInfo | Unset): Table 46 "BillingInfo" of the page.
        flavor_info (FlavorInfoResponse | Unset): Table 41 "FlavorInfoResponse" of the page.
        attributes (FlavorResponseAttributes | Unset): Other specification attributes.
    """

    flavor_id: str | Unset = UNSET
    flavor_name: str | Unset = UNSET
    max_num: int | Unset = UNSET
    flavor_type: str | Unset = UNSET
    billing: BillingInfo | Unset = UNSET
    flavor_info: FlavorInfoResponse | Unset = UNSET
    attributes: FlavorResponseAttributes | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        flavor_id = self.flavor_id

        flavor_name = self.flavor_name

        max_num = self.max_num

        flavor_type = self.flavor_type

        billing: dict[str, Any] | Unset = UNSET
        if not isinstance(self.billing, Unset):
            billing = self.billing.to_dict()

        flavor_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.flavor_info, Unset):
            flavor_info = self.flavor_info.to_dict()

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if flavor_id is not UNSET:
            field_dict["flavor_id"] = flavor_id
        if flavor_name is not UNSET:
            field_dict["flavor_name"] = flavor_name
        if max_num is not UNSET:
            field_dict["max_num"] = max_num
        if flavor_type is not UNSET:
            field_dict["flavor_type"] = flavor_type
        if billing is not UNSET:
            field_dict["billing"] = billing
        if flavor_info is not UNSET:
            field_dict["flavor_info"] = flavor_info
        if attributes is not UNSET:
            field_dict["attributes"] = attributes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing_info import BillingInfo  # noqa: PLC0415
        from ..models.flavor_info_response import FlavorInfoResponse  # noqa: PLC0415
        from ..models.flavor_response_attributes import FlavorResponseAttributes  # noqa: PLC0415

        d = dict(src_dict)
        try:
            flavor_id = check(d.pop("flavor_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_id") from None

        try:
            flavor_name = check(d.pop("flavor_name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_name") from None

        try:
            max_num = check(d.pop("max_num", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "max_num") from None

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
            flavor_info: FlavorInfoResponse | Unset
            if isinstance(_flavor_info, Unset):
                flavor_info = UNSET
            else:
                flavor_info = FlavorInfoResponse.from_dict(_flavor_info)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_info") from None

        try:
            _attributes = d.pop("attributes", UNSET)
            attributes: FlavorResponseAttributes | Unset
            if isinstance(_attributes, Unset):
                attributes = UNSET
            else:
                attributes = FlavorResponseAttributes.from_dict(_attributes)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "attributes") from None

        flavor_response = cls(
            flavor_id=flavor_id,
            flavor_name=flavor_name,
            max_num=max_num,
            flavor_type=flavor_type,
            billing=billing,
            flavor_info=flavor_info,
            attributes=attributes,
        )

        flavor_response.additional_properties = d
        return flavor_response

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
