from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..parsing import ResponseParseError, check
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelArtsError")


@_attrs_define
class ModelArtsError:
    """The error body of ModelArts and of the API gateway in front of it. Not a table of the page
    ("Error Codes: see Error Codes"); service errors carry `error_solution`, gateway errors
    (`APIG.xxxx`) carry `request_id`.

        Attributes:
            error_code (str): Error code, for example ModelArts.2807 or APIG.0301.
            error_msg (str): Error message.
            error_solution (str | Unset): Suggested solution.
            request_id (str | Unset): Request ID, set by the API gateway.
    """

    error_code: str
    error_msg: str
    error_solution: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        error_msg = self.error_msg

        error_solution = self.error_solution

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error_code": error_code,
                "error_msg": error_msg,
            }
        )
        if error_solution is not UNSET:
            field_dict["error_solution"] = error_solution
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        try:
            error_code = check(d.pop("error_code", UNSET), str, required=True)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "error_code") from None

        try:
            error_msg = check(d.pop("error_msg", UNSET), str, required=True)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "error_msg") from None

        try:
            error_solution = check(d.pop("error_solution", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "error_solution") from None

        try:
            request_id = check(d.pop("request_id", UNSET), str)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ResponseParseError.at(error, "request_id") from None

        model_arts_error = cls(
            error_code=error_code,
            error_msg=error_msg,
            error_solution=error_solution,
            request_id=request_id,
        )

        model_arts_error.additional_properties = d
        return model_arts_error

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
