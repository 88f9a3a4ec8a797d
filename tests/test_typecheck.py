"""The public functions stay typed: mypy over graph/, loaders/ and api/ finds nothing."""

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_is_clean():
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
