from enum import Enum


class SummaryLogType(str, Enum):
    MINDSTUDIO_INSIGHT = "mindstudio-insight"
    TENSORBOARD = "tensorboard"

    def __str__(self) -> str:
        return str(self.value)
