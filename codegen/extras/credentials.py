"""AK/SK credentials from where the official SDK finds them, and temporary ones that renew.

The places and names are ``huaweicloudsdkcore``'s (``auth/provider.py``):

- the environment (``EnvCredentialProvider``): ``HUAWEICLOUD_SDK_AK``, ``HUAWEICLOUD_SDK_SK``,
  ``HUAWEICLOUD_SDK_PROJECT_ID``, ``HUAWEICLOUD_SDK_SECURITY_TOKEN``;
- the credentials file (``ProfileCredentialProvider``): the path in
  ``HUAWEICLOUD_SDK_CREDENTIALS_FILE``, default ``~/.huaweicloud/credentials``, an INI file read
  with ``configparser`` whose section ``[basic]`` (the SDK's profile for project-scoped
  credentials) holds ``ak``, ``sk``, ``project_id`` and ``security_token``;
- the chain (:func:`default_credentials`): the environment, then the file.

Unlike the SDK, a half-filled source is an error naming what is missing (an AK without its SK is
a mistake to report, not a reason to look elsewhere), and every failure is one line that names
variables and files but never a secret. :class:`Credentials` keeps the SK and the token out of
its repr.

Temporary credentials (an AK, SK and security token from IAM, valid for a limited time) come from
a callable; :class:`RenewingCredentials` calls it again ``margin`` before they expire.
"""

from __future__ import annotations

import configparser
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

#: ``datetime.UTC`` is Python 3.11+; the same object.
UTC = timezone.utc

__all__ = [
    "CREDENTIALS_FILE_VARIABLE",
    "ENV_AK",
    "ENV_PROJECT_ID",
    "ENV_SECURITY_TOKEN",
    "ENV_SK",
    "Credentials",
    "CredentialsError",
    "RenewingCredentials",
    "TemporaryCredentialsSource",
    "credentials_file",
    "default_credentials",
    "from_env",
    "from_profile",
]

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
CREDENTIALS_FILE_VARIABLE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
#: The profile (INI section) of project-scoped credentials in the SDK's credentials file.
DEFAULT_PROFILE = "basic"


class CredentialsError(ValueError):
    """Credentials are missing or incomplete; the message says which and where, never a secret."""


@dataclass(frozen=True)
class Credentials:
    """An AK/SK pair, the project it is for, and the token of temporary credentials."""

    ak: str
    sk: str = field(repr=False)
    project_id: str | None = None
    security_token: str | None = field(default=None, repr=False)
    expires_at: datetime | None = None

    def __post_init__(self) -> None:
        missing = [name for name in ("ak", "sk") if not getattr(self, name)]
        if missing:
            raise CredentialsError(f"credentials without {' and '.join(missing)}")


def from_env(environ: Mapping[str, str] | None = None) -> Credentials:
    """Credentials from the SDK's environment variables; ``CredentialsError`` names the missing."""
    env = os.environ if environ is None else environ
    ak, sk = env.get(ENV_AK, ""), env.get(ENV_SK, "")
    if not ak or not sk:
        missing = [name for name, value in ((ENV_AK, ak), (ENV_SK, sk)) if not value]
        raise CredentialsError(
            f"no AK/SK in the environment: {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set"
        )
    return Credentials(ak, sk, env.get(ENV_PROJECT_ID) or None, env.get(ENV_SECURITY_TOKEN) or None)


def credentials_file(environ: Mapping[str, str] | None = None) -> Path:
    """The SDK's credentials file: ``$HUAWEICLOUD_SDK_CREDENTIALS_FILE`` or
    ``~/.huaweicloud/credentials``."""
    env = os.environ if environ is None else environ
    configured = env.get(CREDENTIALS_FILE_VARIABLE)
    if configured:
        return Path(configured)
    return Path.home() / ".huaweicloud" / "credentials"


def from_profile(
    path: str | os.PathLike[str] | None = None,
    profile: str = DEFAULT_PROFILE,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Credentials from the ``[profile]`` section of the SDK's credentials file (``path``, default
    :func:`credentials_file`); ``CredentialsError`` names the file and what it lacks."""
    file = Path(path) if path is not None else credentials_file(environ)
    parser = configparser.ConfigParser()
    try:
        read = parser.read(file, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        reason = type(error).__name__
        raise CredentialsError(f"credentials file {file} cannot be read ({reason})") from None
    if not read:
        raise CredentialsError(f"credentials file {file} does not exist")
    if not parser.has_section(profile):
        raise CredentialsError(f"credentials file {file} has no [{profile}] section")
    section = parser[profile]
    ak, sk = section.get("ak", ""), section.get("sk", "")
    if not ak or not sk:
        missing = [name for name, value in (("ak", ak), ("sk", sk)) if not value]
        raise CredentialsError(
            f"credentials file {file}, [{profile}]: no {' and no '.join(missing)}"
        )
    return Credentials(
        ak, sk, section.get("project_id") or None, section.get("security_token") or None
    )


def default_credentials(environ: Mapping[str, str] | None = None) -> Credentials:
    """The environment's credentials when it has any, else the credentials file's.

    A partial environment (an AK without an SK, or the reverse) is an error, not a reason to read
    the file; with neither source, the error names both.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_AK) or env.get(ENV_SK):
        return from_env(env)
    try:
        return from_profile(environ=env)
    except CredentialsError as error:
        raise CredentialsError(
            f"no credentials: {ENV_AK} and {ENV_SK} are not set, and {error}"
        ) from None


#: Returns fresh temporary credentials: ``(ak, sk, security_token)``, or :class:`Credentials`
#: (whose ``expires_at`` then says when they expire).
TemporaryCredentialsSource = Callable[[], "tuple[str, str, str] | Credentials"]


class RenewingCredentials:
    """Temporary credentials that are fetched again ``margin`` before they expire.

    ``fetch`` is called on first use and whenever the current credentials are within ``margin``
    of their expiry: ``Credentials.expires_at`` when ``fetch`` returns one, else ``lifetime``
    after the fetch (IAM's temporary credentials last 15 minutes unless asked for longer).
    Thread-safe: concurrent requests share one fetch.
    """

    def __init__(
        self,
        fetch: TemporaryCredentialsSource,
        project_id: str | None = None,
        *,
        lifetime: timedelta = timedelta(minutes=15),
        margin: timedelta = timedelta(minutes=1),
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._fetch = fetch
        self._project_id = project_id
        self._lifetime = lifetime
        self._margin = margin
        self._clock = clock or (lambda: datetime.now(UTC))
        self._current: Credentials | None = None
        self._valid_until: datetime | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RenewingCredentials(project_id={self._project_id!r})"

    def current(self) -> Credentials:
        """Credentials valid for at least ``margin`` more."""
        with self._lock:
            now = self._clock()
            if self._current is None or self._valid_until is None or now >= self._valid_until:
                self._current = self._fetched()
                expires = self._current.expires_at or now + self._lifetime
                self._valid_until = expires - self._margin
            return self._current

    def _fetched(self) -> Credentials:
        got = self._fetch()
        if isinstance(got, Credentials):
            if got.project_id is None and self._project_id is not None:
                return Credentials(
                    got.ak, got.sk, self._project_id, got.security_token, got.expires_at
                )
            return got
        if not isinstance(got, tuple) or len(got) != 3:
            raise CredentialsError(
                "the temporary credentials source must return (ak, sk, security_token) or "
                f"Credentials, not a {type(got).__name__}"
            )
        ak, sk, token = got
        missing = [
            name for name, value in (("ak", ak), ("sk", sk), ("security_token", token)) if not value
        ]
        if missing:
            raise CredentialsError(
                f"the temporary credentials source returned no {' and no '.join(missing)}"
            )
        return Credentials(ak, sk, self._project_id, token)
