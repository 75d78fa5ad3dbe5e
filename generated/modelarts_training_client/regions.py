"""ModelArts endpoints by region, as the official SDK knows them.

``REGIONS`` is a transcription of ``ModelArtsRegion.static_fields`` in
``huaweicloudsdkmodelarts/v1/region/modelarts_region.py`` of huaweicloudsdkmodelarts 3.1.219 (the
SDK is not a dependency of this client; a test compares the two tables). Like the SDK's
``EnvRegionProvider``, :func:`endpoint` first looks for an override in the environment,
``HUAWEICLOUD_SDK_REGION_MODELARTS_<REGION>`` (the region id upper-cased, ``-`` made ``_``: for
``cn-north-4``, ``HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4``), whose value may list several
endpoints separated by commas (the first is used, as the SDK's client does).

One region departs from the spec's ``servers`` template ``https://modelarts.{region}.myhuaweicloud.com``:
``ap-southeast-1`` (Hong Kong) is served from ``.myhuaweicloud.cn``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["REGIONS", "REGION_ENV_PREFIX", "UnknownRegionError", "endpoint", "override_variable"]

#: The prefix of the SDK's endpoint override variables, service name included.
REGION_ENV_PREFIX = "HUAWEICLOUD_SDK_REGION_MODELARTS_"

#: Region id -> ModelArts endpoint, in the SDK's order.
REGIONS: Mapping[str, str] = {
    "cn-north-1": "https://modelarts.cn-north-1.myhuaweicloud.com",
    "cn-north-4": "https://modelarts.cn-north-4.myhuaweicloud.com",
    "cn-south-1": "https://modelarts.cn-south-1.myhuaweicloud.com",
    "ap-southeast-1": "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
    "ap-southeast-2": "https://modelarts.ap-southeast-2.myhuaweicloud.com",
    "ap-southeast-3": "https://modelarts.ap-southeast-3.myhuaweicloud.com",
    "cn-east-3": "https://modelarts.cn-east-3.myhuaweicloud.com",
    "cn-east-4": "https://modelarts.cn-east-4.myhuaweicloud.com",
    "la-south-2": "https://modelarts.la-south-2.myhuaweicloud.com",
    "af-south-1": "https://modelarts.af-south-1.myhuaweicloud.com",
    "cn-north-9": "https://modelarts.cn-north-9.myhuaweicloud.com",
    "tr-west-1": "https://modelarts.tr-west-1.myhuaweicloud.com",
    "ap-southeast-4": "https://modelarts.ap-southeast-4.myhuaweicloud.com",
    "me-east-1": "https://modelarts.me-east-1.myhuaweicloud.com",
    "cn-southwest-2": "https://modelarts.cn-southwest-2.myhuaweicloud.com",
    "cn-north-2": "https://modelarts.cn-north-2.myhuaweicloud.com",
    "sa-brazil-1": "https://modelarts.sa-brazil-1.myhuaweicloud.com",
    "la-north-2": "https://modelarts.la-north-2.myhuaweicloud.com",
    "af-north-1": "https://modelarts.af-north-1.myhuaweicloud.com",
    "cn-north-12": "https://modelarts.cn-north-12.myhuaweicloud.com",
    "cn-southwest-3": "https://modelarts.cn-southwest-3.myhuaweicloud.com",
    "cn-north-11": "https://modelarts.cn-north-11.myhuaweicloud.com",
}


class UnknownRegionError(ValueError):
    """A region that neither the table nor the environment knows."""


def override_variable(region: str) -> str:
    """The environment variable that overrides ``region``'s endpoint, as the SDK spells it."""
    return REGION_ENV_PREFIX + region.replace("-", "_").upper()


def endpoint(region: str, environ: Mapping[str, str] | None = None) -> str:
    """The ModelArts endpoint of ``region``: the environment's override, else the SDK's table.

    Raises ``UnknownRegionError`` (a ``ValueError``) listing the known regions.
    """
    if not region:
        raise UnknownRegionError("region is empty")
    env = os.environ if environ is None else environ
    override = env.get(override_variable(region), "")
    first = override.split(",")[0].strip()
    if first:
        return first
    try:
        return REGIONS[region]
    except KeyError:
        raise UnknownRegionError(
            f"unknown region {region!r}: known regions are {', '.join(sorted(REGIONS))} "
            f"(or set {override_variable(region)})"
        ) from None
