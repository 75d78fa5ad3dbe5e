from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_metadata_annotations import JobMetadataAnnotations


T = TypeVar("T", bound="JobMetadata")


@_attrs_define
class JobMetadata:
    """Table 6 "JobMetadata" of the page.

    Attributes:
        id (str | Unset): Training job ID, which is generated and returned by ModelArts after the training job is
            created.
        name (str | Unset): Name of a training job. The value must contain 1 to 64 characters consisting of only digits,
            letters, underscores (_), and hyphens (-).
        workspace_id (str | Unset): Workspace where a job is located. The default value is 0. Default: '0'.
        description (str | Unset): Training job description. The value must contain 0 to 256 characters. The default
            value is NULL.
        create_time (int | Unset): Time when a training job was created, in milliseconds. The value is generated and
            returned by ModelArts after a training job is created.
        user_name (str | Unset): Username for creating a training job. The username is generated and returned by
            ModelArts after a training job is created.
        annotations (JobMetadataAnnotations | Unset): Advanced configurations of a training job. The options are as
            follows:
            - job_template: Template RL (heterogeneous job)
            - fault-tolerance/job-retry-num: 3 (number of retries upon a fault)
            - fault-tolerance/job-unconditional-retry: true (unconditional restart)
            - fault-tolerance/hang-retry: true (restart upon a suspension)
            - jupyter-lab/enable: true (JupyterLab training application)
            - tensorboard/enable: true (TensorBoard training application)
            - mindstudio-insight/enable: true (MindStudio Insight training application)
    """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    workspace_id: str | Unset = "0"
    description: str | Unset = UNSET
    create_time: int | Unset = UNSET
    user_name: str | Unset = UNSET
    annotations: JobMetadataAnnotations | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        workspace_id = self.workspace_id

        description = self.description

        create_time = self.create_time

        user_name = self.user_name

        annotations: dict[str, Any] | Unset = UNSET
        if not isinstance(self.annotations, Unset):
            annotations = self.annotations.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if description is not UNSET:
            field_dict["description"] = description
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if user_name is not UNSET:
            field_dict["user_name"] = user_name
        if annotations is not UNSET:
            field_dict["annotations"] = annotations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_metadata_annotations import JobMetadataAnnotations  # noqa: PLC0415

        d = dict(src_dict)
        try:
            id = check(d.pop("id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "id") from None

        try:
            name = check(d.pop("name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "name") from None

        try:
            workspace_id = check(d.pop("workspace_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "workspace_id") from None

        try:
            description = check(d.pop("description", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "description") from None

        try:
            create_time = check(d.pop("create_time", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "create_time") from None

        try:
            user_name = check(d.pop("user_name", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "user_name") from None

        try:
            _annotations = d.pop("annotations", UNSET)
            annotations: JobMetadataAnnotations | Unset
            if isinstance(_annotations, Unset):
                annotations = UNSET
            else:
                annotations = JobMetadataAnnotations.from_dict(_annotations)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "annotations") from None

        job_metadata = cls(
            id=id,
            name=name,
            workspace_id=workspace_id,
            description=description,
            create_time=create_time,
            user_name=user_name,
            annotations=annotations,
        )

        job_metadata.additional_properties = d
        return job_metadata

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
