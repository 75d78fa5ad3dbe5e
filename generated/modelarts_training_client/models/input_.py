from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.input_data_info import InputDataInfo
    from ..models.input_remote_constraint import InputRemoteConstraint


T = TypeVar("T", bound="Input")


@_attrs_define
class Input:
    """Table 20 "Input" of the page.

    Attributes:
        name (str | Unset): Name of the data input channel.
        description (str | Unset): Description of the data input channel.
        local_dir (str | Unset): Local directory of the container to which the data input channel is mapped Example:
            /home/ma-user/modelarts/inputs/data_url_0.
        remote (InputDataInfo | Unset): Table 21 "InputDataInfo" of the page.
        remote_constraint (list[InputRemoteConstraint] | Unset): Data input constraint
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    local_dir: str | Unset = UNSET
    remote: InputDataInfo | Unset = UNSET
    remote_constraint: list[InputRemoteConstraint] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        local_dir = self.local_dir

        remote: dict[str, Any] | Unset = UNSET
        if not isinstance(self.remote, Unset):
            remote = self.remote.to_dict()

        remote_constraint: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.remote_constraint, Unset):
            remote_constraint = []
            for remote_constraint_item_data in self.remote_constraint:
                remote_constraint_item = remote_constraint_item_data.to_dict()
                remote_constraint.append(remote_constraint_item)

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
        if remote_constraint is not UNSET:
            field_dict["remote_constraint"] = remote_constraint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.input_data_info import InputDataInfo  # noqa: PLC0415
        from ..models.input_remote_constraint import InputRemoteConstraint  # noqa: PLC0415

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
            remote: InputDataInfo | Unset
            if isinstance(_remote, Unset):
                remote = UNSET
            else:
                remote = InputDataInfo.from_dict(_remote)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "remote") from None

        try:
            _remote_constraint = check_list(d.pop("remote_constraint", UNSET), None)
            remote_constraint: list[InputRemoteConstraint] | Unset = UNSET
            if _remote_constraint is not UNSET:
                remote_constraint = []
                for (
                    _remote_constraint_item_index,
                    remote_constraint_item_data,
                ) in enumerate(_remote_constraint):
                    try:
                        remote_constraint_item = InputRemoteConstraint.from_dict(
                            remote_constraint_item_data
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _remote_constraint_item_index
                        ) from None
                    remote_constraint.append(remote_constraint_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "remote_constraint") from None

        input_ = cls(
            name=name,
            description=description,
            local_dir=local_dir,
            remote=remote,
            remote_constraint=remote_constraint,
        )

        input_.additional_properties = d
        return input_

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
