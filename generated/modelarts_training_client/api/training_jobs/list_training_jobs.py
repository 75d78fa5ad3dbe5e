from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job_searches import JobSearches
from ...models.list_training_jobs_response import ListTrainingJobsResponse
from ...models.model_arts_error import ModelArtsError
from ...retries import asend_with_retries, send_with_retries
from ...types import UNSET, Response, Unset, http_status


def _get_kwargs(
    project_id: str,
    *,
    body: JobSearches | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/{project_id}/training-job-searches".format(
            project_id=quote(str(project_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListTrainingJobsResponse | ModelArtsError | None:
    if response.status_code == 200:
        response_200 = ListTrainingJobsResponse.from_dict(response.json())

        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = ModelArtsError.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = ModelArtsError.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListTrainingJobsResponse | ModelArtsError]:
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: JobSearches | Unset = UNSET,
) -> Response[ListTrainingJobsResponse | ModelArtsError]:
    """Query the training jobs that meet search criteria

     This API is used to query the created training jobs that meet the search criteria.

    Args:
        project_id (str): Table 1 "Path Parameters" of the page: the project ID, 1 to 64 letters,
            digits and
            hyphens.
        body (JobSearches | Unset): Table 2 "Request body parameters" of the page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListTrainingJobsResponse | ModelArtsError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
    )

    response = send_with_retries(client.get_httpx_client(), client.retry, kwargs)

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: JobSearches | Unset = UNSET,
) -> ListTrainingJobsResponse | ModelArtsError | None:
    """Query the training jobs that meet search criteria

     This API is used to query the created training jobs that meet the search criteria.

    Args:
        project_id (str): Table 1 "Path Parameters" of the page: the project ID, 1 to 64 letters,
            digits and
            hyphens.
        body (JobSearches | Unset): Table 2 "Request body parameters" of the page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListTrainingJobsResponse | ModelArtsError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: JobSearches | Unset = UNSET,
) -> Response[ListTrainingJobsResponse | ModelArtsError]:
    """Query the training jobs that meet search criteria

     This API is used to query the created training jobs that meet the search criteria.

    Args:
        project_id (str): Table 1 "Path Parameters" of the page: the project ID, 1 to 64 letters,
            digits and
            hyphens.
        body (JobSearches | Unset): Table 2 "Request body parameters" of the page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListTrainingJobsResponse | ModelArtsError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        body=body,
    )

    response = await asend_with_retries(
        client.get_async_httpx_client(), client.retry, kwargs
    )

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: JobSearches | Unset = UNSET,
) -> ListTrainingJobsResponse | ModelArtsError | None:
    """Query the training jobs that meet search criteria

     This API is used to query the created training jobs that meet the search criteria.

    Args:
        project_id (str): Table 1 "Path Parameters" of the page: the project ID, 1 to 64 letters,
            digits and
            hyphens.
        body (JobSearches | Unset): Table 2 "Request body parameters" of the page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListTrainingJobsResponse | ModelArtsError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            body=body,
        )
    ).parsed
