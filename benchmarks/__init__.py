"""The benchmark of ``modelarts-validate`` (``make bench``): how fast it checks a large capture and
how much memory it takes, side by side with an orjson parse-only floor, openapi-core and Redocly
CLI ``drift``, and whether each tool's verdicts agree with the capture's ground truth.

Measurement code only: it is not part of the installed distribution, and nothing in the validators
or the generated client imports it. Run its modules from the repository root, as modules:

    .venv/bin/python -m benchmarks.run [--entries 20000] [--repeat 3] ...   # make bench
    .venv/bin/python -m benchmarks.capture [--entries 20000] [--seed 7]     # the capture alone
    .venv/bin/python -m benchmarks.floor [--stream] CAPTURE.har|CAPTURE.ndjson
    .venv/bin/python -m benchmarks.physical [--stream] CAPTURE.har|CAPTURE.ndjson
    .venv/bin/python -m benchmarks.startup [--rounds 21]                    # start-up alone
    .venv/bin/python -m benchmarks.profiling .bench/capture-20000-s7.har    # needs py-spy
    .venv/bin/python -m benchmarks.check_speed [--jobs 50]                   # one response body

- ``run``: the whole benchmark; makes the captures, runs every case in interleaved rounds, prints
  the table and the targets, writes ``.bench/results.json``;
- ``capture``, ``values``, ``mutations``: the deterministic capture (HAR, NDJSON and a manifest of
  its ground truth), its fully populated bodies, and the violations and drift injected into it;
- ``floor``: the orjson floor, the work any validator of the capture must do;
- ``physical``: the physical reference, the floor's work done by msgspec without building the
  parsed values (how far from the limit a validator is);
- ``startup``: ``--help``, ``--version`` and a 1-entry run against ``python -c pass``, medians of
  whole-process runs;
- ``openapi_core``: the openapi-core driver, run in its own virtual environment
  (``.bench/openapi-core-venv``, pinned in ``openapi_core.txt``) as ``-m benchmarks.openapi_core``;
- ``measure``: runs one command as a whole process (wall time, peak RSS and PSS, CPU time);
- ``table``, ``verdicts``: the arithmetic and the printed table, and the tools' outputs read back
  into per-entry verdicts;
- ``profiling``: where ``modelarts-validate`` spends its time, from py-spy samples;
- ``check_speed``: the time validation adds to parsing, per response body.

This ``__init__`` imports nothing, so that ``python -m benchmarks.<module>`` works in an
environment that has neither the project nor its dependencies installed (the openapi-core
driver's), and adds nothing to the start-up of a measured process (the floor's).
"""
