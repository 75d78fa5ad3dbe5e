from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_searches_order import JobSearchesOrder
from ..parsing import ResponseParseError, check, check_list, enum_value, parse_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.filter_ import Filter


T = TypeVar("T", bound="JobSearches")


@_attrs_define
class JobSearches:
    """Table 2 "Request body parameters" of the page.

    Attributes:
        offset (int | Unset): Number of pages for querying jobs. The minimum value is 0. For example, if this parameter
            is set to 0, the query starts from the first page.
        limit (int | Unset): Number of records on each page for querying jobs. The value ranges from 1 to 50.
        sort_by (str | Unset): Metric for sorting jobs to be queried. create_time is used by default for sorting.
            Default: 'create_time'.
        order (JobSearchesOrder | str | Unset): Order of queried jobs. The default value is desc, indicating the
            descending order. You can also set this parameter to asc, indicating the ascending order. Default:
            JobSearchesOrder.DESC.
        group_by (str | Unset): Condition for grouping the jobs to be queried.
        filters (list[Filter] | Unset): Filters for querying jobs.
    """

    offset: int | Unset = UNSET
    limit: int | Unset = UNSET
    sort_by: str | Unset = "create_time"
    order: JobSearchesOrder | str | Unset = JobSearchesOrder.DESC
    group_by: str | Unset = UNSET
    filters: list[Filter] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offset = self.offset

        limit = self.limit

        sort_by = self.sort_by

        order: str | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = enum_value(self.order)

        group_by = self.group_by

        filters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = []
            for filters_item_data in self.filters:
                filters_item = filters_item_data.to_dict()
                filters.append(filters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if offset is not UNSET:
            field_dict["offset"] = offset
        if limit is not UNSET:
            field_dict["limit"] = limit
        if sort_by is not UNSET:
            field_dict["sort_by"] = sort_by
        if order is not UNSET:
            field_dict["order"] = order
        if group_by is not UNSET:
            field_dict["group_by"] = group_by
        if filters is not UNSET:
            field_dict["filters"] = filters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.filter_ import Filter  # noqa: PLC0415

        d = dict(src_dict)
        try:
            offset = check(d.pop("offset", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "offset") from None

        try:
            limit = check(d.pop("limit", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "limit") from None

        try:
            sort_by = check(d.pop("sort_by", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "sort_by") from None

        try:
            _order = d.pop("order", UNSET)
            order: JobSearchesOrder | str | Unset
            if isinstance(_order, Unset):
                order = UNSET
            else:
                order = parse_enum(JobSearchesOrder, _order)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "order") from None

        try:
            group_by = check(d.pop("group_by", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "group_by") from None

        try:
            _filters = check_list(d.pop("filters", UNSET), None)
            filters: list[Filter] | Unset = UNSET
            if _filters is not UNSET:
                filters = []
                for _filters_item_index, filters_item_data in enumerate(_filters):
                    try:
                        filters_item = Filter.from_dict(filters_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _filters_item_index
                        ) from None
                    filters.append(filters_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "filters") from None

        job_searches = cls(
            offset=offset,
            limit=limit,
            sort_by=sort_by,
            order=order,
            group_by=group_by,
            filters=filters,
        )

        job_searches.additional_properties = d
        return job_searches

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
