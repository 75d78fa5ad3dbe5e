"""Write the packaged spec's parsed form: ``validators/modelarts_validators/_data/
training-job-searches.json``, derived from ``openapi/training-job-searches.yaml`` (the packaged
YAML is a link to it) by ``contract.spec.derive_json``: the parsed document, and the drift-aware
schemas derived from it (``contract.schemas.derive``, written by ``contract.schemas.encode``). The
contract reads the JSON instead of parsing the YAML, and its derived schemas instead of deriving
them, when the JSON names the YAML's SHA-256 (start-up: issue 18). Rerun it when the spec or the
derivation changes (the tests and ``make check-generated`` fail until then).

    python scripts/derive_spec.py            # rewrite the JSON
    python scripts/derive_spec.py --check    # exit 1 when the JSON is not the YAML's (make check-generated)
"""

from __future__ import annotations

import sys
from pathlib import Path

from modelarts_validators.contract.spec import DATA_FOLDER, SPEC_JSON, derive_json

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
DERIVED = ROOT / "validators" / "modelarts_validators" / DATA_FOLDER / SPEC_JSON


def main(argv: list[str]) -> int:
    expected = derive_json(SPEC.read_bytes())
    if argv == ["--check"]:
        if DERIVED.exists() and DERIVED.read_bytes() == expected:
            return 0
        print(f"{DERIVED} is not derived from {SPEC}: run python scripts/derive_spec.py",
              file=sys.stderr)  # fmt: skip
        return 1
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    DERIVED.write_bytes(expected)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
