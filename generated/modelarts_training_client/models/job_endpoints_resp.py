from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.jupyter_lab import JupyterLab
    from ..models.mind_studio_insight import MindStudioInsight
    from ..models.ssh_resp import SSHResp
    from ..models.tensorboard import Tensorboard


T = TypeVar("T", bound="JobEndpointsResp")


@_attrs_define
class JobEndpointsResp:
    """Table 58 "JobEndpointsResp" of the page.

    Attributes:
        ssh (SSHResp | Unset): Table 59 "SSHResp" of the page.
        jupyter_lab (JupyterLab | Unset): Table 61 "JupyterLab" of the page.
        tensorboard (Tensorboard | Unset): Table 62 "Tensorboard" of the page.
        mindstudio_insight (MindStudioInsight | Unset): Table 63 "MindStudioInsight" of the page.
    """

    ssh: SSHResp | Unset = UNSET
    jupyter_lab: JupyterLab | Unset = UNSET
    tensorboard: Tensorboard | Unset = UNSET
    mindstudio_insight: MindStudioInsight | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ssh: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ssh, Unset):
            ssh = self.ssh.to_dict()

        jupyter_lab: dict[str, Any] | Unset = UNSET
        if not isinstance(self.jupyter_lab, Unset):
            jupyter_lab = self.jupyter_lab.to_dict()

        tensorboard: dict[str, Any] | Unset = UNSET
        if not isinstance(self.tensorboard, Unset):
            tensorboard = self.tensorboard.to_dict()

        mindstudio_insight: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mindstudio_insight, Unset):
            mindstudio_insight = self.mindstudio_insight.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if ssh is not UNSET:
            field_dict["ssh"] = ssh
        if jupyter_lab is not UNSET:
            field_dict["jupyter_lab"] = jupyter_lab
        if tensorboard is not UNSET:
            field_dict["tensorboard"] = tensorboard
        if mindstudio_insight is not UNSET:
            field_dict["mindstudio_insight"] = mindstudio_insight

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.jupyter_lab import JupyterLab  # noqa: PLC0415
        from ..models.mind_studio_insight import MindStudioInsight  # noqa: PLC0415
        from ..models.ssh_resp import SSHResp  # noqa: PLC0415
        from ..models.tensorboard import Tensorboard  # noqa: PLC0415

        d = dict(src_dict)
        try:
            _ssh = d.pop("ssh", UNSET)
            ssh: SSHResp | Unset
            if isinstance(_ssh, Unset):
                ssh = UNSET
            else:
                ssh = SSHResp.from_dict(_ssh)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "ssh") from None

        try:
            _jupyter_lab = d.pop("jupyter_lab", UNSET)
            jupyter_lab: JupyterLab | Unset
            if isinstance(_jupyter_lab, Unset):
                jupyter_lab = UNSET
            else:
                jupyter_lab = JupyterLab.from_dict(_jupyter_lab)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "jupyter_lab") from None

        try:
            _tensorboard = d.pop("tensorboard", UNSET)
            tensorboard: Tensorboard | Unset
            if isinstance(_tensorboard, Unset):
                tensorboard = UNSET
            else:
                tensorboard = Tensorboard.from_dict(_tensorboard)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "tensorboard") from None

        try:
            _mindstudio_insight = d.pop("mindstudio_insight", UNSET)
            mindstudio_insight: MindStudioInsight | Unset
            if isinstance(_mindstudio_insight, Unset):
                mindstudio_insight = UNSET
            else:
                mindstudio_insight = MindStudioInsight.from_dict(_mindstudio_insight)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "mindstudio_insight") from None

        job_endpoints_resp = cls(
            ssh=ssh,
            jupyter_lab=jupyter_lab,
            tensorboard=tensorboard,
            mindstudio_insight=mindstudio_insight,
        )

        job_endpoints_resp.additional_properties = d
        return job_endpoints_resp

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
