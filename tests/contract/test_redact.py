"""Credentials out of every string: ``redact_url`` (URLs as the readers take them in),
``scrub`` (free text as the reports print it), ``header_dict``, ``is_secret_parameter``.

Each URL case is a place a credential hides that a client or a server reads as one: user-info
after leading whitespace or a control character, scheme-relative, with a raw ``@`` in the
password; percent-encoded and ``;``-separated parameter names; the fragment; ``;`` path
parameters. The properties plant credentials in all of them at once (``tests/support/
secret_urls.py``) and hold URLs without credentials to staying byte for byte as they were.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from modelarts_validators.contract.redact import (
    REDACTED,
    SECRET_HEADERS,
    SECRET_PARAMETERS,
    header_dict,
    is_secret_parameter,
    redact_url,
    scrub,
)

from tests.support.secret_urls import PLANTED, SECRET_NAMES, plain_url, planted_url

R = REDACTED
H = "https://h/v2/p/x"

# -- redact_url ------------------------------------------------------------------------------

UNCHANGED = [
    H,
    "https://h/x?limit=1",
    "https://h/x?limit=1&offset=2#top",
    "https://h/x?a=b;c=d",
    "https://h/v2/a@b/x",  # an "@" in the path is no user-info
    "https://h:443/v2/user@example.com?q=a@b",
    "https://[::1]:8080/x@y",
    "https://h/x;v=1/y;lang=en",
    "https://@h/x",  # empty user-info: nothing to hide
    "/v2/p/x?limit=1",
    "https://h/x#/route?page=2",
    "https://h/x?redirect=https%3A%2F%2Fh%2Fcb%3Fpage%3D2",
    "https://h/x?keyword=a&monkey=b&tokenizer_limit",  # no "=", no value
]


@pytest.mark.parametrize("url", UNCHANGED)
def test_a_url_without_credentials_is_returned_as_it_is(url: str) -> None:
    assert redact_url(url) == url


USERINFO = [
    ("https://user:pw@h/x", "https://REDACTED@h/x"),
    ("https://user@h/x", "https://REDACTED@h/x"),
    (" https://user:pw@h/x", " https://REDACTED@h/x"),
    ("\t\n https://user:pw@h/x", "\t\n https://REDACTED@h/x"),
    ("\x01https://user:pw@h/x", "\x01https://REDACTED@h/x"),
    ("\x00\x1fhttps://user:pw@h/x", "\x00\x1fhttps://REDACTED@h/x"),
    ("\u3000https://user:pw@h/x", "\u3000https://REDACTED@h/x"),
    ("//user:pw@h/x", "//REDACTED@h/x"),
    (" //user:pw@h", " //REDACTED@h"),
    ("\\\\user:pw@h/x", "\\\\REDACTED@h/x"),
    ("https://user:p@ss@h/x", "https://REDACTED@h/x"),
    ("https://user:p@s:s@w@h:443/x?limit=1", "https://REDACTED@h:443/x?limit=1"),
    ("https://us@er:pw@[::1]:80/x", "https://REDACTED@[::1]:80/x"),
    ("HTTPS://user:pw@h/x", "HTTPS://REDACTED@h/x"),
    ("ht\ttps://user:pw@h/x", "ht\ttps://REDACTED@h/x"),
    ("https:/\t/user:pw@h/x", "https:/\t/REDACTED@h/x"),
    ("https:\\\\user:pw@h/x", "https:\\\\REDACTED@h/x"),
    ("https:user:pw@h/x", "https:REDACTED@h/x"),  # a special scheme needs no slashes
    ("https:///user:pw@h/x", "https:///REDACTED@h/x"),
    ("wss://user:pw@h/x", "wss://REDACTED@h/x"),
    ("user:pw@h/x", "REDACTED@h/x"),  # no scheme at all
    # a "/", "?" or "#" in the password ends the authority: no port, so all up to the last @
    ("https://user:pa/ss@h/x", "https://REDACTED@h/x"),
    ("https://user:pa?ss@h/x", "https://REDACTED@h/x"),
    ("https://user:pa#ss@h/x", "https://REDACTED@h/x"),
    ("https://u:p@s:pa/ss@h/x", "https://REDACTED@h/x"),
]


@pytest.mark.parametrize(("url", "redacted"), USERINFO)
def test_user_info_is_found_however_the_url_begins(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted


PARAMETERS = [
    ("https://h/x?token=a&limit=1", f"https://h/x?token={R}&limit=1"),
    (
        "https://h/x?X-Amz-Signature=a&X-Amz-Credential=b",
        f"https://h/x?X-Amz-Signature={R}&X-Amz-Credential={R}",
    ),
    (
        "https://h/x?ak=a&sk=b&key=c&sig=d&password=e&access_token=f#frag",
        f"https://h/x?ak={R}&sk={R}&key={R}&sig={R}&password={R}&access_token={R}#frag",
    ),
    ("/v2/p/x?refresh_token=z", f"/v2/p/x?refresh_token={R}"),
    # percent-encoded names, once or twice, in either case of hex digit
    ("https://h/x?%74oken=a&limit=1", f"https://h/x?%74oken={R}&limit=1"),
    ("https://h/x?%74%6f%6B%65%6E=a", f"https://h/x?%74%6f%6B%65%6E={R}"),
    ("https://h/x?%2574oken=a", f"https://h/x?%2574oken={R}"),
    ("https://h/x?access%5Ftoken=a", f"https://h/x?access%5Ftoken={R}"),
    ("https://h/x?to\tken=a", f"https://h/x?to\tken={R}"),  # parsers drop tabs
    # ";" separates parameters too; a secret's value runs to the next "&" either way
    ("https://h/x?limit=1;token=a", f"https://h/x?limit=1;token={R}"),
    ("https://h/x?token=a;b&limit=1", f"https://h/x?token={R}&limit=1"),
    ("https://h/x?a=1&amp;token=a", f"https://h/x?a=1&amp;token={R}"),
    # the names the redactor knows beyond the obvious ones, in any spelling
    ("https://h/x?jwt=a&sign=b", f"https://h/x?jwt={R}&sign={R}"),
    ("https://h/x?signature=a&bearer=b", f"https://h/x?signature={R}&bearer={R}"),
    ("https://h/x?private_key=a&privateKey=b", f"https://h/x?private_key={R}&privateKey={R}"),
    ("https://h/x?access_key=a&AccessKeyId=b", f"https://h/x?access_key={R}&AccessKeyId={R}"),
    ("https://h/x?Access-Key-Id=a&secret=b", f"https://h/x?Access-Key-Id={R}&secret={R}"),
    ("https://h/x?client_secret=a&ticket=b", f"https://h/x?client_secret={R}&ticket={R}"),
    ("https://h/x?PHPSESSID=a&credential=b", f"https://h/x?PHPSESSID={R}&credential={R}"),
    ("https://h/x?x-obs-security-token=a", f"https://h/x?x-obs-security-token={R}"),
    # a value that decodes to a secret parameter (a redirect URL, encoded separators)
    (
        "https://h/x?redirect=https%3A%2F%2Fh%2Fcb%3Ftoken%3Da&limit=1",
        f"https://h/x?redirect={R}&limit=1",
    ),
    ("https://h/x?token%3Da", f"https://h/x?{R}"),
    ("https://h/x?q=b%26token%3Da", f"https://h/x?q={R}"),
    # the fragment: OAuth's implicit flow, a single-page app's route
    (
        "https://h/cb#access_token=a&token_type=bearer&state=s",
        f"https://h/cb#access_token={R}&token_type={R}&state=s",
    ),
    ("https://h/cb#/callback?id_token=a&x=1", f"https://h/cb#/callback?id_token={R}&x=1"),
    ("https://h/cb?limit=1#code=a;state=s", f"https://h/cb?limit=1#code={R}"),
    ("https://h/cb#x#token=a", f"https://h/cb#x#token={R}"),
    # path parameters
    ("https://h/x;jsessionid=a", f"https://h/x;jsessionid={R}"),
    ("https://h/v2/p;JSESSIONID=a/x?limit=1", f"https://h/v2/p;JSESSIONID={R}/x?limit=1"),
    ("https://h/x;v=1;token=a;w=2/y", f"https://h/x;v=1;token={R}/y"),
    ("/x;sessionid=a/y#top", f"/x;sessionid={R}/y#top"),
    ("https://h/x;%6Asessionid=a", f"https://h/x;%6Asessionid={R}"),
]


@pytest.mark.parametrize(("url", "redacted"), PARAMETERS)
def test_secret_parameter_values_are_replaced_wherever_a_url_has_parameters(
    url: str, redacted: str
) -> None:
    assert redact_url(url) == redacted


def test_every_place_at_once() -> None:
    url = " //user:p@ss@h/v2/p;jsessionid=1/x?limit=1;%74oken=2&a=b#access_token=3&state=s"
    assert redact_url(url) == (
        f" //REDACTED@h/v2/p;jsessionid={R}/x?limit=1;%74oken={R}&a=b#access_token={R}&state=s"
    )


@pytest.mark.parametrize(
    "url", [u for u, _ in USERINFO + PARAMETERS] + [r for _, r in USERINFO + PARAMETERS]
)
def test_redacting_twice_changes_nothing(url: str) -> None:
    once = redact_url(url)
    assert redact_url(once) == once


@given(planted_url())
def test_no_planted_credential_survives(url: str) -> None:
    assert PLANTED in url
    redacted = redact_url(url)
    assert PLANTED not in redacted
    assert redact_url(redacted) == redacted
    assert PLANTED not in scrub(url)
    assert PLANTED not in scrub(f"request to {url} failed")


@given(plain_url())
def test_a_url_without_credentials_stays_byte_for_byte(url: str) -> None:
    assert redact_url(url) == url
    assert scrub(url) == url


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        (f"https://h/?{'a' * 200_000}&token=PLANTED", f"https://h/?{'a' * 200_000}&token={R}"),
        (f"https://h/{'a' * 200_000};token=PLANTED", f"https://h/{'a' * 200_000};token={R}"),
        (f"https://h/?{'%' * 200_000}&sig=PLANTED", f"https://h/?{'%' * 200_000}&sig={R}"),
        (f"https://h/?a={'%41' * 50_000}&sig=PLANTED", f"https://h/?a={'%41' * 50_000}&sig={R}"),
        (f"https://u:{'a' * 200_000}@h/", "https://REDACTED@h/"),
        (f"x:{'a' * 200_000}?", f"x:{'a' * 200_000}?"),
        (f"https://h/{'a-' * 100_000}=x", f"https://h/{'a-' * 100_000}=x"),
    ],
    ids=["query", "path", "percent", "escapes", "userinfo", "no-query", "dashes"],
)
def test_long_urls(url: str, redacted: str) -> None:
    """Long runs that never match: every pattern starts only where a name can start, so each
    run is scanned once (scanning it again from every character would take minutes here)."""
    assert redact_url(url) == redacted
    assert PLANTED not in scrub(f"see {url} and {url[8:]}")


# -- is_secret_parameter ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SECRET_PARAMETERS) + list(SECRET_NAMES))
def test_every_listed_name_is_secret_in_any_case(name: str) -> None:
    assert is_secret_parameter(name)
    assert is_secret_parameter(name.upper())
    assert is_secret_parameter("".join(f"%{ord(c):02x}" for c in name))


@pytest.mark.parametrize(
    "name",
    [
        "AccessKeyId",
        "access.key.id",
        "ACCESS-KEY",
        "X-Amz-Date",
        "x_goog_signature",
        "oauth_token",
        "my_api_key",
        "client-secret",
        "aspsessionidQQ",
        "id%5Ftoken",
        "%2574oken",
        " token ",
    ],
)
def test_secret_names_in_other_spellings(name: str) -> None:
    assert is_secret_parameter(name)


@pytest.mark.parametrize(
    "name",
    ["limit", "offset", "page", "sort_by", "order", "q", "keyword", "monkey", "state", "", "%"],
)
def test_plain_names_are_not_secret(name: str) -> None:
    assert not is_secret_parameter(name)


# -- header_dict -----------------------------------------------------------------------------


def test_header_dict_redacts_credentials() -> None:
    pairs = [
        ("Authorization", "a"),
        ("Cookie", "c1"),
        ("cookie", "c2"),
        ("X-Security-Token", "s"),
        ("Accept", "x"),
    ]
    assert header_dict(pairs) == {
        "authorization": R,
        "cookie": f"{R}, {R}",
        "x-security-token": R,
        "accept": "x",
    }
    assert header_dict(pairs, redact=False)["authorization"] == "a"


@pytest.mark.parametrize("name", sorted(SECRET_HEADERS))
def test_every_secret_header_is_redacted_in_any_case(name: str) -> None:
    assert header_dict([(name.title(), "v")]) == {name: R}


# -- scrub -----------------------------------------------------------------------------------

SCRUB = [
    ("'Runing' is not one of ['Creating']", "'Runing' is not one of ['Creating']"),
    (
        "see https://h/x?access_token=abc&a=1 now",
        f"see https://h/x?access_token={R}&a=1 now",
    ),
    (
        "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ff",
        f"Authorization: {R}",
    ),
    ("header was Bearer eyJhbGciOi.x.y", f"header was Bearer {R}"),
    ("X-Auth-Token=MIIabc", f"X-Auth-Token={R}"),
    ("tensorboard token field: 5 is not a string", "tensorboard token field: 5 is not a string"),
    # the URL cases, inside text
    ("see https://user:p@ss@h/x now", "see https://REDACTED@h/x now"),
    ("see //user:pw@h/x now", "see //REDACTED@h/x now"),
    ("bad url \x01https://user:pw@h/x", "bad url \x01https://REDACTED@h/x"),
    ("bad url ht\ttps://user:pw@h/x", "bad url ht\ttps://REDACTED@h/x"),
    ("got https:user:pw@h/x", "got https:REDACTED@h/x"),
    ("see https://h/x?%74oken=abc now", f"see https://h/x?%74oken={R} now"),
    ("see https://h/x?limit=1;token=abc now", f"see https://h/x?limit=1;token={R} now"),
    ("see https://h/cb#access_token=abc&state=s", f"see https://h/cb#access_token={R}&state=s"),
    # (in text, a value runs to a space, quote or separator, "/" included: the path after it goes)
    ("see https://h/x;jsessionid=abc/y z", f"see https://h/x;jsessionid={R} z"),
    (
        "see 'https://h/x?redirect=https%3A%2F%2Fh%3Fsig%3Dabc'",
        f"see 'https://h/x?redirect={R}'",
    ),
    # parameters outside any URL
    ("fragment #access_token=abc&state=s", f"fragment #access_token={R}&state=s"),
    ("query %74oken=abc", f"query %74oken={R}"),
    ("path ;jsessionid=abc", f"path ;jsessionid={R}"),
    ("jwt=abc sign=def AccessKeyId=ghi", f"jwt={R} sign={R} AccessKeyId={R}"),
    ("signature=\"a b\" and private_key='c d'", f"signature=\"{R}\" and private_key='{R}'"),
    ("body.access_token=abc x-key=def", f"body.access_token={R} x-key={R}"),
    # what is no credential stays
    ("mail john@example.com about page=2", "mail john@example.com about page=2"),
    (
        "see https://h/v2/p/x?limit=1#top; or /v2/a@b",
        "see https://h/v2/p/x?limit=1#top; or /v2/a@b",
    ),
    ("'^[a-z]+=$' does not match 'keyword=x'", "'^[a-z]+=$' does not match 'keyword=x'"),
]


@pytest.mark.parametrize(("text", "scrubbed"), SCRUB)
def test_scrub(text: str, scrubbed: str) -> None:
    assert scrub(text) == scrubbed
