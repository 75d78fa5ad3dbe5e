"""Contains all the data models used in inputs/outputs"""

from .algorithm_engine import AlgorithmEngine
from .algorithm_input import AlgorithmInput
from .algorithm_output import AlgorithmOutput
from .algorithm_remote import AlgorithmRemote
from .auto_search import AutoSearch
from .auto_search_algo_config import AutoSearchAlgoConfig
from .auto_search_algo_config_parameter import AutoSearchAlgoConfigParameter
from .auto_search_reward_attr import AutoSearchRewardAttr
from .auto_search_reward_attr_mode import AutoSearchRewardAttrMode
from .auto_search_search_param import AutoSearchSearchParam
from .auto_search_search_param_param_type import AutoSearchSearchParamParamType
from .billing_info import BillingInfo
from .cpu import Cpu
from .data_source import DataSource
from .disk import Disk
from .disk_response import DiskResponse
from .filter_ import Filter
from .filter_operator import FilterOperator
from .flavor_detail import FlavorDetail
from .flavor_info import FlavorInfo
from .flavor_info_response import FlavorInfoResponse
from .flavor_response import FlavorResponse
from .flavor_response_attributes import FlavorResponseAttributes
from .gpu import Gpu
from .input_ import Input
from .input_data_info import InputDataInfo
from .input_dataset import InputDataset
from .input_obs import InputObs
from .input_remote_constraint import InputRemoteConstraint
from .input_remote_constraint_attributes import InputRemoteConstraintAttributes
from .job_algorithm_response import JobAlgorithmResponse
from .job_algorithm_response_environments_item import (
    JobAlgorithmResponseEnvironmentsItem,
)
from .job_endpoints_resp import JobEndpointsResp
from .job_engine import JobEngine
from .job_metadata import JobMetadata
from .job_metadata_annotations import JobMetadataAnnotations
from .job_response import JobResponse
from .job_searches import JobSearches
from .job_searches_order import JobSearchesOrder
from .job_summary import JobSummary
from .job_volume import JobVolume
from .jupyter_lab import JupyterLab
from .list_training_jobs_response import ListTrainingJobsResponse
from .list_training_jobs_response_order import ListTrainingJobsResponseOrder
from .log_dir import LogDir
from .log_export_path import LogExportPath
from .memory import Memory
from .mind_studio_insight import MindStudioInsight
from .model_arts_error import ModelArtsError
from .nfs import Nfs
from .npu import Npu
from .output import Output
from .parameter import Parameter
from .parameter_constraint import ParameterConstraint
from .parameter_i18n_description import ParameterI18nDescription
from .pfs_summary import PFSSummary
from .policies import Policies
from .remote import Remote
from .remote_obs import RemoteObs
from .required_affinity import RequiredAffinity
from .resource import Resource
from .running_record import RunningRecord
from .running_record_start_type import RunningRecordStartType
from .schedule_policy import SchedulePolicy
from .spec_response import SpecResponse
from .ssh_resp import SSHResp
from .status import Status
from .summary import Summary
from .summary_log_type import SummaryLogType
from .task_response import TaskResponse
from .task_response_algorithm import TaskResponseAlgorithm
from .task_statuses import TaskStatuses
from .task_urls import TaskUrls
from .tensorboard import Tensorboard

__all__ = (
    "AlgorithmEngine",
    "AlgorithmInput",
    "AlgorithmOutput",
    "AlgorithmRemote",
    "AutoSearch",
    "AutoSearchAlgoConfig",
    "AutoSearchAlgoConfigParameter",
    "AutoSearchRewardAttr",
    "AutoSearchRewardAttrMode",
    "AutoSearchSearchParam",
    "AutoSearchSearchParamParamType",
    "BillingInfo",
    "Cpu",
    "DataSource",
    "Disk",
    "DiskResponse",
    "Filter",
    "FilterOperator",
    "FlavorDetail",
    "FlavorInfo",
    "FlavorInfoResponse",
    "FlavorResponse",
    "FlavorResponseAttributes",
    "Gpu",
    "Input",
    "InputDataInfo",
    "InputDataset",
    "InputObs",
    "InputRemoteConstraint",
    "InputRemoteConstraintAttributes",
    "JobAlgorithmResponse",
    "JobAlgorithmResponseEnvironmentsItem",
    "JobEndpointsResp",
    "JobEngine",
    "JobMetadata",
    "JobMetadataAnnotations",
    "JobResponse",
    "JobSearches",
    "JobSearchesOrder",
    "JobSummary",
    "JobVolume",
    "JupyterLab",
    "ListTrainingJobsResponse",
    "ListTrainingJobsResponseOrder",
    "LogDir",
    "LogExportPath",
    "Memory",
    "MindStudioInsight",
    "ModelArtsError",
    "Nfs",
    "Npu",
    "Output",
    "Parameter",
    "ParameterConstraint",
    "ParameterI18nDescription",
    "PFSSummary",
    "Policies",
    "Remote",
    "RemoteObs",
    "RequiredAffinity",
    "Resource",
    "RunningRecord",
    "RunningRecordStartType",
    "SchedulePolicy",
    "SpecResponse",
    "SSHResp",
    "Status",
    "Summary",
    "SummaryLogType",
    "TaskResponse",
    "TaskResponseAlgorithm",
    "TaskStatuses",
    "TaskUrls",
    "Tensorboard",
)
