from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.remote import Remote


T = TypeVar("T", bound="Output")


@_attrs_define
class Output:
    """Table 25 "Output" of the page.

    Attributes:
        name (str | Unset): Name of the data output channel.
        description (str | Unset): Description of the data output channel.
        local_dir (str | Unset): Local directory of the container to which the data output channel is mapped.
        remote (Remote | Unset): Table 37 "Remote" of the page.
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    local_dir: str | Unset = UNSET
    remote: Remote | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        local_dir = self.local_dir

        remote: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remote, Unset):
            remote = self.remote.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if local_dir is not UNSET:
            field_dict["local_dir"] = local_dir
        if remote is not UNSET:
            field_dict["remote"] = remote

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.remote import Remote  # noqa: PLC0415

        d = dict(src_dict)
        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            description = check(d.pop("description", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "description") from None

        try:
            local_dir = check(d.pop("local_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "local_dir") from None

        try:
            _remote = d.pop("remote", UNSET)
            remote: Remote | Unset
            if isinstance(_remote, Unset):
                remote = UNSET
            else:
                remote = Remote.from_dict(_remote)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "remote") from None

        output = cls(
            name=name,
            description=description,
            local_dir=local_dir,
            remote=remote,
        )

        output.additional_properties = d
        return output

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
