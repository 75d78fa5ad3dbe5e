from enum import Enum


class InputRemoteConstraintAttributes(str, Enum):
    DATASET_TYPE = "dataset_type"
    DATA_FORMAT = "data_format"
    DATA_SEGMENTATION = "data_segmentation"

    def __str__(self) -> str:
        return str(self.value)
