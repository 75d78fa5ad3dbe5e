from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.algorithm_engine import AlgorithmEngine
    from ..models.algorithm_input import AlgorithmInput
    from ..models.algorithm_output import AlgorithmOutput


T = TypeVar("T", bound="TaskResponseAlgorithm")


@_attrs_define
class TaskResponseAlgorithm:
    """Table 33 "TaskResponseAlgorithm" of the page.

    Attributes:
        code_dir (str | Unset): Absolute path of the directory where the algorithm boot file is stored.
        boot_file (str | Unset): Absolute path of the algorithm boot file.
        inputs (AlgorithmInput | Unset): Table 34 "AlgorithmInput" of the page.
        outputs (AlgorithmOutput | Unset): Table 36 "AlgorithmOutput" of the page.
        engine (AlgorithmEngine | Unset): Table 39 "AlgorithmEngine" of the page.
        local_code_dir (str | Unset): Local directory of the training container to which the algorithm code directory is
            downloaded. The rules are as follows:
            - The directory must be under /home.
            - In v1 compatibility mode, the current field does not take effect.
            - When code_dir is prefixed with file://, the current field does not take effect.
        working_dir (str | Unset): Work directory where an algorithm is executed. Note that this parameter does not take
            effect in v1 compatibility mode.
    """

    code_dir: str | Unset = UNSET
    boot_file: str | Unset = UNSET
    inputs: AlgorithmInput | Unset = UNSET
    outputs: AlgorithmOutput | Unset = UNSET
    engine: AlgorithmEngine | Unset = UNSET
    local_code_dir: str | Unset = UNSET
    working_dir: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code_dir = self.code_dir

        boot_file = self.boot_file

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        outputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = self.outputs.to_dict()

        engine: dict[str, Any] | Unset = UNSET
        if not isinstance(self.engine, Unset):
            engine = self.engine.to_dict()

        local_code_dir = self.local_code_dir

        working_dir = self.working_dir

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code_dir is not UNSET:
            field_dict["code_dir"] = code_dir
        if boot_file is not UNSET:
            field_dict["boot_file"] = boot_file
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.algorithm_engine import AlgorithmEngine  # noqa: PLC0415
        from ..models.algorithm_input import AlgorithmInput  # noqa: PLC0415
        from ..models.algorithm_output import AlgorithmOutput  # noqa: PLC0415

        d = dict(src_dict)
        try:
            code_dir = check(d.pop("code_dir", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "code_dir") from None

        try:
            boot_file = check(d.pop("boot_file", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "boot_file") from None

        try:
            _inputs = d.pop("inputs", UNSET)
            inputs: AlgorithmInput | Unset
            if isinstance(_inputs, Unset):
                inputs = UNSET
            else:
                inputs = AlgorithmInput.from_dict(_inputs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "inputs") from None

        try:
            _outputs = d.pop("outputs", UNSET)
            outputs: AlgorithmOutput | Unset
            if isinstance(_outputs, Unset):
                outputs = UNSET
            else:
                outputs = AlgorithmOutput.from_dict(_outputs)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "outputs") from None

        try:
            _engine = d.pop("engine", UNSET)
            engine: AlgorithmEngine | Unset
            if isinstance(_engine, Unset):
                engine = UNSET
            else:
                engine = AlgorithmEngine.from_dict(_engine)

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

        task_response_algorithm = cls(
            code_dir=code_dir,
            boot_file=boot_file,
            inputs=inputs,
            outputs=outputs,
            engine=engine,
            local_code_dir=local_code_dir,
            working_dir=working_dir,
        )

        task_response_algorithm.additional_properties = d
        return task_response_algorithm

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
