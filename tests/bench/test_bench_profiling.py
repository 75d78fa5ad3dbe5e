"""``benchmarks.profiling`` puts py-spy's samples down to stages by the package file of each frame:
the frames read as py-spy writes them, paths absolute or relative to ``sys.path`` (py-spy 0.4),
and the stages found. No py-spy run here."""

from __future__ import annotations

from benchmarks.profiling import frames, summarize


def test_frames_name_the_package_file_however_py_spy_writes_the_path() -> None:
    stack = (
        "<module> (modelarts-validate:8);"
        "check_records (modelarts_validators/run/loop.py:43);"
        "Contract._json (/x/.bench/snapshot-1/validators/modelarts_validators/contract/contract.py:9);"
        "raw_decode (/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py:343);"
        "_find_and_load (<frozen importlib._bootstrap>:1165)"
    )
    assert frames(stack) == [
        "<module> (modelarts-validate)",
        "check_records (run/loop.py)",
        "Contract._json (contract/contract.py)",
        "raw_decode (decoder.py)",
        "_find_and_load (<frozen importlib._bootstrap>)",
    ]


def test_samples_go_to_the_first_stage_their_stack_belongs_to() -> None:
    folded = "\n".join(
        [
            "main (modelarts_validators/cli/main.py:1);"
            "check_records (modelarts_validators/run/loop.py:2);"
            "parse_json (modelarts_validators/contract/wire.py:3) 5",
            "main (modelarts_validators/cli/main.py:1);"
            "records (modelarts_validators/capture/ndjson.py:4) 3",
            "main (modelarts_validators/cli/main.py:1) 2",
        ]
    )
    total, stages, own, inclusive = summarize(folded)
    assert total == 10
    assert stages == {
        "parse bodies (orjson)": 5,
        "read records (HAR/NDJSON reader)": 3,
        "run loop and command line": 2,
    }
    assert own["parse_json (contract/wire.py)"] == 5
    assert inclusive["main (cli/main.py)"] == 10
