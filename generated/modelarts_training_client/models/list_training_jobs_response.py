from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_training_jobs_response_order import ListTrainingJobsResponseOrder
from ..parsing import ResponseParseError, check, check_list, enum_value, parse_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_response import JobResponse


T = TypeVar("T", bound="ListTrainingJobsResponse")


@_attrs_define
class ListTrainingJobsResponse:
    """Table 4 "Response body parameters" of the page.

    Attributes:
        total (int | Unset): Total number of queried jobs of the current user.
        count (int | Unset): Total number of jobs that meet the search criteria of the current user.
        limit (int | Unset): Number of records on each page for querying jobs. The value ranges from 1 to 50.
        offset (int | Unset): Number of pages for querying jobs. The minimum value is 0. For example, if this parameter
            is set to 0, the query starts from the first page.
        sort_by (str | Unset): Metric for sorting jobs to be queried. create_time is used by default for sorting.
            Default: 'create_time'.
        order (ListTrainingJobsResponseOrder | str | Unset): Order of queried jobs. The default value is desc,
            indicating the descending order. You can also set this parameter to asc, indicating the ascending order.
            Default: ListTrainingJobsResponseOrder.DESC.
        group_by (str | Unset): Condition for grouping the jobs to be queried.
        workspace_id (str | Unset): Workspace where a job is located. The default value is 0. Default: '0'.
        ai_project (str | Unset): AI project to which a job belongs. The default value is default-ai-project. Default:
            'default-ai-project'.
        items (list[JobResponse] | Unset): Jobs that meet the search criteria of the current user.
    """

    total: int | Unset = UNSET
    count: int | Unset = UNSET
    limit: int | Unset = UNSET
    offset: int | Unset = UNSET
    sort_by: str | Unset = "create_time"
    order: ListTrainingJobsResponseOrder | str | Unset = (
        ListTrainingJobsResponseOrder.DESC
    )
    group_by: str | Unset = UNSET
    workspace_id: str | Unset = "0"
    ai_project: str | Unset = "default-ai-project"
    items: list[JobResponse] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        count = self.count

        limit = self.limit

        offset = self.offset

        sort_by = self.sort_by

        order: str | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = enum_value(self.order)

        group_by = self.group_by

        workspace_id = self.workspace_id

        ai_project = self.ai_project

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if count is not UNSET:
            field_dict["count"] = count
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset
        if sort_by is not UNSET:
            field_dict["sort_by"] = sort_by
        if order is not UNSET:
            field_dict["order"] = order
        if group_by is not UNSET:
            field_dict["group_by"] = group_by
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if ai_project is not UNSET:
            field_dict["ai_project"] = ai_project
        if items is not UNSET:
            field_dict["items"] = items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_response import JobResponse  # noqa: PLC0415

        d = dict(src_dict)
        try:
            total = check(d.pop("total", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "total") from None

        try:
            count = check(d.pop("count", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "count") from None

        try:
            limit = check(d.pop("limit", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "limit") from None

        try:
            offset = check(d.pop("offset", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "offset") from None

        try:
            sort_by = check(d.pop("sort_by", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "sort_by") from None

        try:
            _order = d.pop("order", UNSET)
            order: ListTrainingJobsResponseOrder | str | Unset
            if isinstance(_order, Unset):
                order = UNSET
            else:
                order = parse_enum(ListTrainingJobsResponseOrder, _order)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "order") from None

        try:
            group_by = check(d.pop("group_by", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "group_by") from None

        try:
            workspace_id = check(d.pop("workspace_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "workspace_id") from None

        try:
            ai_project = check(d.pop("ai_project", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "ai_project") from None

        try:
            _items = check_list(d.pop("items", UNSET), None)
            items: list[JobResponse] | Unset = UNSET
            if _items is not UNSET:
                items = []
                for _items_item_index, items_item_data in enumerate(_items):
                    try:
                        items_item = JobResponse.from_dict(items_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(error, _items_item_index) from None
                    items.append(items_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "items") from None

        list_training_jobs_response = cls(
            total=total,
            count=count,
            limit=limit,
            offset=offset,
            sort_by=sort_by,
            order=order,
            group_by=group_by,
            workspace_id=workspace_id,
            ai_project=ai_project,
            items=items,
        )

        list_training_jobs_response.additional_properties = d
        return list_training_jobs_response

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
