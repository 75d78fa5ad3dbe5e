from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.flavor_detail import FlavorDetail


T = TypeVar("T", bound="Resource")


@_attrs_define
class Resource:
    """Table 44 "Resource" of the page.

    Attributes:
        policy (str | Unset): Resource specification mode of a training job. The value can be regular, indicating the
            standard mode.
        flavor_id (str | Unset): ID of the resource flavor selected for a training job. flavor_id cannot be specified
            for dedicated resource pools with CPU specifications. The options for dedicated resource pools with GPU
            specifications are as follows:
            - modelarts.pool.visual.xlarge (1 card)
            - modelarts.pool.visual.2xlarge (2 cards)
            - modelarts.pool.visual.4xlarge (4 cards)
            - modelarts.pool.visual.8xlarge (8 cards)
        flavor_name (str | Unset): Read-only flavor name returned by ModelArts when flavor_id is used.
        node_count (int | Unset): Number of resource replicas selected for a training job.
        pool_id (str | Unset): Resource pool ID selected for a training job.
        flavor_detail (FlavorDetail | Unset): Table 45 "FlavorDetail" of the page.
    """

    policy: str | Unset = UNSET
    flavor_id: str | Unset = UNSET
    flavor_name: str | Unset = UNSET
    node_count: int | Unset = UNSET
    pool_id: str | Unset = UNSET
    flavor_detail: FlavorDetail | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        policy = self.policy

        flavor_id = self.flavor_id

        flavor_name = self.flavor_name

        node_count = self.node_count

        pool_id = self.pool_id

        flavor_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.flavor_detail, Unset):
            flavor_detail = self.flavor_detail.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if policy is not UNSET:
            field_dict["policy"] = policy
        if flavor_id is not UNSET:
            field_dict["flavor_id"] = flavor_id
        if flavor_name is not UNSET:
            field_dict["flavor_name"] = flavor_name
        if node_count is not UNSET:
            field_dict["node_count"] = node_count
        if pool_id is not UNSET:
            field_dict["pool_id"] = pool_id
        if flavor_detail is not UNSET:
            field_dict["flavor_detail"] = flavor_detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.flavor_detail import FlavorDetail  # noqa: PLC0415

        d = dict(src_dict)
        try:
            policy = check(d.pop("policy", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "policy") from None

        try:
            flavor_id = check(d.pop("flavor_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_id") from None

        try:
            flavor_name = check(d.pop("flavor_name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_name") from None

        try:
            node_count = check(d.pop("node_count", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "node_count") from None

        try:
            pool_id = check(d.pop("pool_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "pool_id") from None

        try:
            _flavor_detail = d.pop("flavor_detail", UNSET)
            flavor_detail: FlavorDetail | Unset
            if isinstance(_flavor_detail, Unset):
                flavor_detail = UNSET
            else:
                flavor_detail = FlavorDetail.from_dict(_flavor_detail)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "flavor_detail") from None

        resource = cls(
            policy=policy,
            flavor_id=flavor_id,
            flavor_name=flavor_name,
            node_count=node_count,
            pool_id=pool_id,
            flavor_detail=flavor_detail,
        )

        resource.additional_properties = d
        return resource

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
