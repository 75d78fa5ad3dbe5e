"""``modelarts-validate mitmproxy-addon`` names the addon script mitmdump loads with ``-s``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.cli import cli


def test_the_command_prints_the_addon_that_python_m_prints() -> None:
    run = cli("mitmproxy-addon")
    assert run.code == 0
    assert run.stderr == ""
    path = Path(run.stdout.strip())
    assert path.is_file()
    assert path.name == "mitmproxy_addon.py"
    assert "class ContractAddon" in path.read_text(encoding="utf-8")
    module = subprocess.run(
        [sys.executable, "-m", "modelarts_validators.live.mitmproxy_addon"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert module.stdout.strip() == str(path)
