from enum import Enum


class AutoSearchSearchParamParamType(str, Enum):
    CONTINUOUS = "continuous"
    DISCRETE = "discrete"

    def __str__(self) -> str:
        return str(self.value)
