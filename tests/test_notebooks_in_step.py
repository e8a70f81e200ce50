"""The notebooks are the source: `sse_monitor/` must be exactly what `nbdev-export` makes of `nbs/`.

nbdev-test runs the notebooks' own definitions and pytest runs the package, so a module edited by hand (or a notebook
edited and not exported) would test two different programs. The export runs in a copy of the project."""
import filecmp, shutil, subprocess, sys
from pathlib import Path
from harness import ROOT

PACKAGE = 'sse_monitor'


def _files(folder:Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob('*') if p.is_file() and '__pycache__' not in p.parts}


def test_nbdev_export_changes_nothing(tmp_path):
    for name in ('pyproject.toml', 'nbs', PACKAGE):
        source = ROOT/name
        if source.is_dir(): shutil.copytree(source, tmp_path/name, ignore=shutil.ignore_patterns('__pycache__'))
        else: shutil.copy(source, tmp_path/name)
    export = Path(sys.executable).parent/'nbdev-export'
    res = subprocess.run([str(export)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    exported, committed = tmp_path/PACKAGE, ROOT/PACKAGE
    assert _files(exported) == _files(committed)
    changed = [f for f in sorted(_files(committed)) if not filecmp.cmp(exported/f, committed/f, shallow=False)]
    assert not changed, f'nbdev-export would change {changed}: edit the notebooks in nbs/, then run nbdev-export'
