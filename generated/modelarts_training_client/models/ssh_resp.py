from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.task_urls import TaskUrls


T = TypeVar("T", bound="SSHResp")


@_attrs_define
class SSHResp:
    """Table 59 "SSHResp" of the page.

    Attributes:
        key_pair_names (list[str] | Unset): Specifies the SSH key pair name, which can be created and viewed on the Key
            Pair page of the ECS console.
        task_urls (list[TaskUrls] | Unset): SSH connection address information.
    """

    key_pair_names: list[str] | Unset = UNSET
    task_urls: list[TaskUrls] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_pair_names: list[str] | Unset = UNSET
        if not isinstance(self.key_pair_names, Unset):
            key_pair_names = self.key_pair_names

        task_urls: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.task_urls, Unset):
            task_urls = []
            for task_urls_item_data in self.task_urls:
                task_urls_item = task_urls_item_data.to_dict()
                task_urls.append(task_urls_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if key_pair_names is not UNSET:
            field_dict["key_pair_names"] = key_pair_names
        if task_urls is not UNSET:
            field_dict["task_urls"] = task_urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.task_urls import TaskUrls  # noqa: PLC0415

        d = dict(src_dict)
        try:
            key_pair_names = cast(
                list[str], check_list(d.pop("key_pair_names", UNSET), str)
            )

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "key_pair_names") from None

        try:
            _task_urls = check_list(d.pop("task_urls", UNSET), None)
            task_urls: list[TaskUrls] | Unset = UNSET
            if _task_urls is not UNSET:
                task_urls = []
                for _task_urls_item_index, task_urls_item_data in enumerate(_task_urls):
                    try:
                        task_urls_item = TaskUrls.from_dict(task_urls_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _task_urls_item_index
                        ) from None
                    task_urls.append(task_urls_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "task_urls") from None

        ssh_resp = cls(
            key_pair_names=key_pair_names,
            task_urls=task_urls,
        )

        ssh_resp.additional_properties = d
        return ssh_resp

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
