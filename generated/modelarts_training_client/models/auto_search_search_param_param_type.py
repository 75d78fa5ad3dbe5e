from enum import StrEnum


class AutoSearchSearchParamParamType(StrEnum):
    CONTINUOUS = "continuous"
    DISCRETE = "discrete"

    def __str__(self) -> str:
        return str(self.value)
