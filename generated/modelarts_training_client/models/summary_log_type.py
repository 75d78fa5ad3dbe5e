from enum import StrEnum


class SummaryLogType(StrEnum):
    MINDSTUDIO_INSIGHT = "mindstudio-insight"
    TENSORBOARD = "tensorboard"

    def __str__(self) -> str:
        return str(self.value)
