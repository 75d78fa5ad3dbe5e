from enum import Enum


class RunningRecordStartType(str, Enum):
    INIT_OR_RESCHEDULED = "init_or_rescheduled"
    RESTARTED = "restarted"

    def __str__(self) -> str:
        return str(self.value)
