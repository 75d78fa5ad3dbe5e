from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cpu import Cpu
    from ..models.disk import Disk
    from ..models.gpu import Gpu
    from ..models.memory import Memory
    from ..models.npu import Npu


T = TypeVar("T", bound="FlavorInfo")


@_attrs_define
class FlavorInfo:
    """Table 47 "FlavorInfo" of the page.

    Attributes:
        max_num (int | Unset): Maximum number of nodes that can be selected. The value 1 indicates that the distributed
            mode is not supported.
        cpu (Cpu | Unset): Table 48 "Cpu" of the page.
        gpu (Gpu | Unset): Table 49 "Gpu" of the page.
        npu (Npu | Unset): Table 50 "Npu" of the page.
        memory (Memory | Unset): Table 51 "Memory" of the page.
        disk (Disk | Unset): Table 52 "Disk" of the page.
    """

    max_num: int | Unset = UNSET
    cpu: Cpu | Unset = UNSET
    gpu: Gpu | Unset = UNSET
    npu: Npu | Unset = UNSET
    memory: Memory | Unset = UNSET
    disk: Disk | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_num = self.max_num

        cpu: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cpu, Unset):
            cpu = self.cpu.to_dict()

        gpu: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gpu, Unset):
            gpu = self.gpu.to_dict()

        npu: dict[str, Any] | Unset = UNSET
        if not isinstance(self.npu, Unset):
            npu = self.npu.to_dict()

        memory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.memory, Unset):
            memory = self.memory.to_dict()

        disk: dict[str, Any] | Unset = UNSET
        if not isinstance(self.disk, Unset):
            disk = self.disk.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if max_num is not UNSET:
            field_dict["max_num"] = max_num
        if cpu is not UNSET:
            field_dict["cpu"] = cpu
        if gpu is not UNSET:
            field_dict["gpu"] = gpu
        if npu is not UNSET:
            field_dict["npu"] = npu
        if memory is not UNSET:
            field_dict["memory"] = memory
        if disk is not UNSET:
            field_dict["disk"] = disk

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cpu import Cpu  # noqa: PLC0415
        from ..models.disk import Disk  # noqa: PLC0415
        from ..models.gpu import Gpu  # noqa: PLC0415
        from ..models.memory import Memory  # noqa: PLC0415
        from ..models.npu import Npu  # noqa: PLC0415

        d = dict(src_dict)
        try:
            max_num = check(d.pop("max_num", UNSET), int)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "max_num") from None

        try:
            _cpu = d.pop("cpu", UNSET)
            cpu: Cpu | Unset
            if isinstance(_cpu, Unset):
                cpu = UNSET
            else:
                cpu = Cpu.from_dict(_cpu)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "cpu") from None

        try:
            _gpu = d.pop("gpu", UNSET)
            gpu: Gpu | Unset
            if isinstance(_gpu, Unset):
                gpu = UNSET
            else:
                gpu = Gpu.from_dict(_gpu)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "gpu") from None

        try:
            _npu = d.pop("npu", UNSET)
            npu: Npu | Unset
            if isinstance(_npu, Unset):
                npu = UNSET
            else:
                npu = Npu.from_dict(_npu)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "npu") from None

        try:
            _memory = d.pop("memory", UNSET)
            memory: Memory | Unset
            if isinstance(_memory, Unset):
                memory = UNSET
            else:
                memory = Memory.from_dict(_memory)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "memory") from None

        try:
            _disk = d.pop("disk", UNSET)
            disk: Disk | Unset
            if isinstance(_disk, Unset):
                disk = UNSET
            else:
                disk = Disk.from_dict(_disk)

        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "disk") from None

        flavor_info = cls(
            max_num=max_num,
            cpu=cpu,
            gpu=gpu,
            npu=npu,
            memory=memory,
            disk=disk,
        )

        flavor_info.additional_properties = d
        return flavor_info

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
