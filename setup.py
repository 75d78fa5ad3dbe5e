"""The validators' dependencies, the one piece of their metadata that is computed.

The validators (`modelarts-training-contract`) need the client (`modelarts-training-client`,
built from `generated/`) at exactly their own version, and the version is written in one place,
`validators/modelarts_validators/_version.py` (codegen writes the client's copy from it). A
static list in pyproject.toml cannot say `==<that version>`, so pyproject.toml declares
`dependencies` dynamic and they are listed here. Everything else is in pyproject.toml.
"""

import re
from pathlib import Path

from setuptools import Extension, setup

VERSION_FILE = Path(__file__).resolve().parent / "validators/modelarts_validators/_version.py"
VERSION = re.search(r'^__version__ = "([^"]+)"$', VERSION_FILE.read_text("utf-8"), re.M)
if VERSION is None:
    raise SystemExit(f'{VERSION_FILE}: no __version__ = "..." line')

DEPENDENCIES = [
    # The client, at exactly this version: `pip install ./generated` or its wheel (not on an index).
    f"modelarts-training-client=={VERSION[1]}",
    # jsonschema-rs (fast engine), jsonschema (reference engine), PyYAML (spec loading), orjson
    # and msgspec (typed decoding: the capture envelopes and the bodies' fast path).
    "jsonschema-rs>=0.60,<0.61",
    "jsonschema>=4.18,<5",
    "PyYAML>=6",
    "orjson>=3.9",
    "msgspec>=0.19,<0.24",
    # The mock and the live transport use httpx directly, not only through the client.
    "httpx>=0.23,<0.29",
]

# Coverage counting in C (run/_counting.c): optional, so that a machine without a C compiler
# still installs the validators, whose coverage then counts in Python, with the same counts,
# slower (`modelarts_validators.run.coverage.NATIVE` says which).
COUNTING = Extension(
    "modelarts_validators.run._counting",
    sources=["validators/modelarts_validators/run/_counting.c"],
    optional=True,
)

# Where a HAR entry ends, found in C (capture/_scan.c): optional too; without it the HAR reader
# asks msgspec, with the same records, slower (`modelarts_validators.capture.har_typed.NATIVE`).
SCAN = Extension(
    "modelarts_validators.capture._scan",
    sources=["validators/modelarts_validators/capture/_scan.c"],
    optional=True,
)

# Bodies judged from their bytes (contract/_judge.c): optional too; without it the typed
# decoders judge them, with the same findings, slower (`modelarts_validators.contract.judge.NATIVE`).
JUDGE = Extension(
    "modelarts_validators.contract._judge",
    sources=["validators/modelarts_validators/contract/_judge.c"],
    optional=True,
)

# Header pairs folded (contract/_headers.c): optional too; without it `redact.header_dict` folds
# every list in Python, the same (`modelarts_validators.contract.redact.NATIVE`).
HEADERS = Extension(
    "modelarts_validators.contract._headers",
    sources=["validators/modelarts_validators/contract/_headers.c"],
    optional=True,
)

setup(install_requires=DEPENDENCIES, ext_modules=[COUNTING, SCAN, JUDGE, HEADERS])
