from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_training_jobs_response_order import ListTrainingJobsResponseOrder
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
        order (ListTrainingJobsResponseOrder | Unset): Order of queried jobs. The default value is desc, indicating the
            descending order. You can also set this parameter to asc, indicating the ascending order. Default:
            ListTrainingJobsResponseOrder.DESC.
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
    order: ListTrainingJobsResponseOrder | Unset = ListTrainingJobsResponseOrder.DESC
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
            order = self.order.value

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
        total = d.pop("total", UNSET)

        count = d.pop("count", UNSET)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        sort_by = d.pop("sort_by", UNSET)

        _order = d.pop("order", UNSET)
        order: ListTrainingJobsResponseOrder | Unset
        if isinstance(_order, Unset):
            order = UNSET
        else:
            order = ListTrainingJobsResponseOrder(_order)

        group_by = d.pop("group_by", UNSET)

        workspace_id = d.pop("workspace_id", UNSET)

        ai_project = d.pop("ai_project", UNSET)

        _items = d.pop("items", UNSET)
        items: list[JobResponse] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = JobResponse.from_dict(items_item_data)

                items.append(items_item)

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
