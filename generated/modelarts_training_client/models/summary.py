from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.summary_log_type import SummaryLogType
from ..parsing import ResponseParseError, check_list, enum_value, parse_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.data_source import DataSource
    from ..models.log_dir import LogDir


T = TypeVar("T", bound="Summary")


@_attrs_define
class Summary:
    """Table 27 "Summary" of the page.

    Attributes:
        log_type (SummaryLogType | str | Unset): Visualization log type of a training job. After this parameter is
            configured, the training job can be used as the data source of a visualization job. The options are as follows:
            - tensorboard
            - mindstudio-insight
        log_dir (LogDir | Unset): Table 28 "LogDir" of the page.
        data_sources (list[DataSource] | Unset): Visualization log input of a visualization job or debug training job.
            This parameter is mandatory when tensorboard/enable or mindstudio-insight/enable is set to true for advanced
            training functions.
    """

    log_type: SummaryLogType | str | Unset = UNSET
    log_dir: LogDir | Unset = UNSET
    data_sources: list[DataSource] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        log_type: str | Unset = UNSET
        if not isinstance(self.log_type, Unset):
            log_type = enum_value(self.log_type)

        log_dir: dict[str, Any] | Unset = UNSET
        if not isinstance(self.log_dir, Unset):
            log_dir = self.log_dir.to_dict()

        data_sources: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.data_sources, Unset):
            data_sources = []
            for data_sources_item_data in self.data_sources:
                data_sources_item = data_sources_item_data.to_dict()
                data_sources.append(data_sources_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if log_type is not UNSET:
            field_dict["log_type"] = log_type
        if log_dir is not UNSET:
            field_dict["log_dir"] = log_dir
        if data_sources is not UNSET:
            field_dict["data_sources"] = data_sources

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.data_source import DataSource  # noqa: PLC0415
        from ..models.log_dir import LogDir  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _log_type = d.pop("log_type", UNSET)
            log_type: SummaryLogType | str | Unset
            if isinstance(_log_type, Unset):
                log_type = UNSET
            else:
                log_type = parse_enum(SummaryLogType, _log_type)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "log_type") from None

        try:
            _log_dir = d.pop("log_dir", UNSET)
            log_dir: LogDir | Unset
            if isinstance(_log_dir, Unset):
                log_dir = UNSET
            else:
                log_dir = LogDir.from_dict(_log_dir)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "log_dir") from None

        try:
            _data_sources = check_list(d.pop("data_sources", UNSET), None)
            data_sources: list[DataSource] | Unset = UNSET
            if _data_sources is not UNSET:
                data_sources = []
                for _data_sources_item_index, data_sources_item_data in enumerate(
                    _data_sources
                ):
                    try:
                        data_sources_item = DataSource.from_dict(data_sources_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _data_sources_item_index
                        ) from None
                    data_sources.append(data_sources_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "data_sources") from None

        summary = cls(
            log_type=log_type,
            log_dir=log_dir,
            data_sources=data_sources,
        )

        summary.additional_properties = d
        return summary

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
