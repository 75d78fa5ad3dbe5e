from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="JobMetadataAnnotations")


@_attrs_define
class JobMetadataAnnotations:
    """Advanced configurations of a training job. The options are as follows:
    - job_template: Template RL (heterogeneous job)
    - fault-tolerance/job-retry-num: 3 (number of retries upon a fault)
    - fault-tolerance/job-unconditional-retry: true (unconditional restart)
    - fault-tolerance/hang-retry: true (restart upon a suspension)
    - jupyter-lab/enable: true (JupyterLab training application)
    - tensorboard/enable: true (TensorBoard training application)
    - mindstudio-insight/enable: true (MindStudio Insight training application)

    """

    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_metadata_annotations = cls()

        job_metadata_annotations.additional_properties = d
        return job_metadata_annotations

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
