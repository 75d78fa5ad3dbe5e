from enum import Enum


class FilterOperator(str, Enum):
    BETWEEN = "between"
    IN = "in"
    LIKE = "like"
    NOT = "not"

    def __str__(self) -> str:
        return str(self.value)
