from enum import StrEnum


class FilterOperator(StrEnum):
    BETWEEN = "between"
    IN = "in"
    LIKE = "like"
    NOT = "not"

    def __str__(self) -> str:
        return str(self.value)
