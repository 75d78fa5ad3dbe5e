from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check, check_list
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.input_ import Input
    from ..models.job_algorithm_response_environments_item import (
        JobAlgorithmResponseEnvironmentsItem,
    )
    from ..models.job_engine import JobEngine
    from ..models.output import Output
    from ..models.parameter import Parameter
    from ..models.policies import Policies
    from ..models.summary import Summary


T = TypeVar("T", bound="JobAlgorithmResponse")


@_attrs_define
class JobAlgorithmResponse:
    """Table 10 "JobAlgorithmResponse" of the page.

    Attributes:
        id (str | Unset): Algorithm used by a training job. The options are as follows:
            - id: Only the algorithm ID is used.
            - subscription_id+item_version_id: The subscription ID and version ID of the algorithm are used.
            - code_dir+boot_file: The code directory and boot file of the training job are used.
        name (str | Unset): Algorithm name.
        subscription_id (str | Unset): Subscription ID of a subscribed algorithm, which must be used with
            item_version_id
        item_version_id (str | Unset): Version ID of the subscribed algorithm, which must be used with subscription_id
        code_dir (str | Unset): Code directory of a training job, for example, /usr/app/. This parameter must be set
            together with boot_file. If id or subscription_id+item_version_id has been set for boot_file, you do not need to
            set this parameter.
        boot_file (str | Unset): Boot file of a training job, which needs to be stored in the code directory. for
            example, /usr/app/boot.py. This parameter must be used together with code_dir. If id or
            subscription_id+item_version_id has been set for code_dir, you do not need to set this parameter.
        autosearch_config_path (str | Unset): YAML configuration path of an auto search job. An OBS URL is required. For
            example, obs://bucket/file.yaml.
        autosearch_framework_path (str | Unset): Framework code directory of auto search jobs. An OBS URL is required.
            For example, obs://bucket/files/.
        command (str | Unset): Boot command for starting the container of a custom image for a training job. For
            example, python train.py.
        parameters (list[Parameter] | Unset): Running parameters of a training job.
        policies (Policies | Unset): Table 14 "policies" of the page.
        inputs (list[Input] | Unset): Input of a training job.
        outputs (list[Output] | Unset): Output of a training job.
        engine (JobEngine | Unset): Table 26 "JobEngine" of the page.
        local_code_dir (str | Unset): Local directory of the training container to which the algorithm code directory is
            downloaded. The rules are as follows:
            - The directory must be under /home.
            - In v1 compatibility mode, the current field does not take effect.
            - When code_dir is prefixed with file://, the current field does not take effect.
        working_dir (str | Unset): Work directory where an algorithm is executed. Note that this parameter does not take
            effect in v1 compatibility mode.
        environments (list[JobAlgorithmResponseEnvironmentsItem] | Unset): Environment variables of a training job. The
            format is key:value. Leave this parameter blank.
        summary (Summary | Unset): Table 27 "Summary" of the page.
    """

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    subscription_id: str | Unset = UNSET
    item_version_id: str | Unset = UNSET
    code_dir: str | Unset = UNSET
    boot_file: str | Unset = UNSET
    autosearch_config_path: str | Unset = UNSET
    autosearch_framework_path: str | Unset = UNSET
    command: str | Unset = UNSET
    parameters: list[Parameter] | Unset = UNSET
    policies: Policies | Unset = UNSET
    inputs: list[Input] | Unset = UNSET
    outputs: list[Output] | Unset = UNSET
    engine: JobEngine | Unset = UNSET
    local_code_dir: str | Unset = UNSET
    working_dir: str | Unset = UNSET
    environments: list[JobAlgorithmResponseEnvironmentsItem] | Unset = UNSET
    summary: Summary | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        subscription_id = self.subscription_id

        item_version_id = self.item_version_id

        code_dir = self.code_dir

        boot_file = self.boot_file

        autosearch_config_path = self.autosearch_config_path

        autosearch_framework_path = self.autosearch_framework_path

        command = self.command

        parameters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = []
            for parameters_item_data in self.parameters:
                parameters_item = parameters_item_data.to_dict()
                parameters.append(parameters_item)

        policies: dict[str, Any] | Unset = UNSET
        if not isinstance(self.policies, Unset):
            policies = self.policies.to_dict()

        inputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = []
            for inputs_item_data in self.inputs:
                inputs_item = inputs_item_data.to_dict()
                inputs.append(inputs_item)

        outputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = []
            for outputs_item_data in self.outputs:
                outputs_item = outputs_item_data.to_dict()
                outputs.append(outputs_item)

        engine: dict[str, Any] | Unset = UNSET
        if not isinstance(self.engine, Unset):
            engine = self.engine.to_dict()

        local_code_dir = self.local_code_dir

        working_dir = self.working_dir

        environments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.environments, Unset):
            environments = []
            for environments_item_data in self.environments:
                environments_item = environments_item_data.to_dict()
                environments.append(environments_item)

        summary: dict[str, Any] | Unset = UNSET
        if not isinstance(self.summary, Unset):
            summary = self.summary.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if subscription_id is not UNSET:
            field_dict["subscription_id"] = subscription_id
        if item_version_id is not UNSET:
            field_dict["item_version_id"] = item_version_id
        if code_dir is not UNSET:
            field_dict["code_dir"] = code_dir
        if boot_file is not UNSET:
            field_dict["boot_file"] = boot_file
        if autosearch_config_path is not UNSET:
            field_dict["autosearch_config_path"] = autosearch_config_path
        if autosearch_framework_path is not UNSET:
            field_dict["autosearch_framework_path"] = autosearch_framework_path
        if command is not UNSET:
            field_dict["command"] = command
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if policies is not UNSET:
            field_dict["policies"] = policies
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if engine is not UNSET:
            field_dict["engine"] = engine
        if local_code_dir is not UNSET:
            field_dict["local_code_dir"] = local_code_dir
        if working_dir is not UNSET:
            field_dict["working_dir"] = working_dir
        if environments is not UNSET:
            field_dict["environments"] = environments
        if summary is not UNSET:
            field_dict["summary"] = summary

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.input_ import Input  # noqa: PLC0415
        from ..models.job_algorithm_response_environments_item import (
            JobAlgorithmResponseEnvironmentsItem,  # noqa: PLC0415
        )
        from ..models.job_engine import JobEngine  # noqa: PLC0415
        from ..models.output import Output  # noqa: PLC0415
        from ..models.parameter import Parameter  # noqa: PLC0415
        from ..models.policies import Policies  # noqa: PLC0415
        from ..models.summary import Summary  # noqa: PLC0415

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
            subscription_id = check(d.pop("subscription_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "subscription_id") from None

        try:
            item_version_id = check(d.pop("item_version_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "item_version_id") from None

        try:
            code_dir = check(d.pop("code_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "code_dir") from None

        try:
            boot_file = check(d.pop("boot_file", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "boot_file") from None

        try:
            autosearch_config_path = check(d.pop("autosearch_config_path", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "autosearch_config_path") from None

        try:
            autosearch_framework_path = check(
                d.pop("autosearch_framework_path", UNSET), str
            )
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "autosearch_framework_path") from None

        try:
            command = check(d.pop("command", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "command") from None

        try:
            _parameters = check_list(d.pop("parameters", UNSET), None)
            parameters: list[Parameter] | Unset = UNSET
            if _parameters is not UNSET:
                parameters = []
                for _parameters_item_index, parameters_item_data in enumerate(
                    _parameters
                ):
                    try:
                        parameters_item = Parameter.from_dict(parameters_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _parameters_item_index
                        ) from None
                    parameters.append(parameters_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "parameters") from None

        try:
            _policies = d.pop("policies", UNSET)
            policies: Policies | Unset
            if isinstance(_policies, Unset):
                policies = UNSET
            else:
                policies = Policies.from_dict(_policies)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "policies") from None

        try:
            _inputs = check_list(d.pop("inputs", UNSET), None)
            inputs: list[Input] | Unset = UNSET
            if _inputs is not UNSET:
                inputs = []
                for _inputs_item_index, inputs_item_data in enumerate(_inputs):
                    try:
                        inputs_item = Input.from_dict(inputs_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(error, _inputs_item_index) from None
                    inputs.append(inputs_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "inputs") from None

        try:
            _outputs = check_list(d.pop("outputs", UNSET), None)
            outputs: list[Output] | Unset = UNSET
            if _outputs is not UNSET:
                outputs = []
                for _outputs_item_index, outputs_item_data in enumerate(_outputs):
                    try:
                        outputs_item = Output.from_dict(outputs_item_data)

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _outputs_item_index
                        ) from None
                    outputs.append(outputs_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "outputs") from None

        try:
            _engine = d.pop("engine", UNSET)
            engine: JobEngine | Unset
            if isinstance(_engine, Unset):
                engine = UNSET
            else:
                engine = JobEngine.from_dict(_engine)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "engine") from None

        try:
            local_code_dir = check(d.pop("local_code_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "local_code_dir") from None

        try:
            working_dir = check(d.pop("working_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "working_dir") from None

        try:
            _environments = check_list(d.pop("environments", UNSET), None)
            environments: list[JobAlgorithmResponseEnvironmentsItem] | Unset = UNSET
            if _environments is not UNSET:
                environments = []
                for _environments_item_index, environments_item_data in enumerate(
                    _environments
                ):
                    try:
                        environments_item = (
                            JobAlgorithmResponseEnvironmentsItem.from_dict(
                                environments_item_data
                            )
                        )

                    except (TypeError, ValueError, KeyError, AttributeError) as error:
                        raise ResponseParseError.at(
                            error, _environments_item_index
                        ) from None
                    environments.append(environments_item)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "environments") from None

        try:
            _summary = d.pop("summary", UNSET)
            summary: Summary | Unset
            if isinstance(_summary, Unset):
                summary = UNSET
            else:
                summary = Summary.from_dict(_summary)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "summary") from None

        job_algorithm_response = cls(
            id=id,
            name=name,
            subscription_id=subscription_id,
            item_version_id=item_version_id,
            code_dir=code_dir,
            boot_file=boot_file,
            autosearch_config_path=autosearch_config_path,
            autosearch_framework_path=autosearch_framework_path,
            command=command,
            parameters=parameters,
            policies=policies,
            inputs=inputs,
            outputs=outputs,
            engine=engine,
            local_code_dir=local_code_dir,
            working_dir=working_dir,
            environments=environments,
            summary=summary,
        )

        job_algorithm_response.additional_properties = d
        return job_algorithm_response

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
