from enum import Enum


class AutoSearchRewardAttrMode(str, Enum):
    MAX = "max"
    MIN = "min"

    def __str__(self) -> str:
        return str(self.value)
