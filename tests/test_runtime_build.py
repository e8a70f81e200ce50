"""The runtime's sources (js/src) against what the package ships (sse_monitor/static), and their unit tests under node."""
import subprocess
from harness import ROOT


def _node(*args) -> subprocess.CompletedProcess:
    return subprocess.run(['node', *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_shipped_bundles_are_built_from_the_sources():
    res = _node('js/build.mjs', '--check')
    assert res.returncode == 0, res.stderr


def test_runtime_unit_tests():
    res = _node('--test', 'js/test/')
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
