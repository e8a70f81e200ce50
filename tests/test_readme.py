"README.md is rendered from nbs/index.ipynb (nbdev-readme needs Quarto, which these machines cannot install)."
import subprocess, sys
from harness import ROOT


def test_readme_matches_index_notebook():
    res = subprocess.run([sys.executable, 'scripts/render_readme.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_readme_names_the_two_commands_that_ci_runs():
    readme = (ROOT/'README.md').read_text()
    assert 'make demo' in readme and 'make test' in readme
    assert 'make test' in (ROOT/'.ci'/'run').read_text()
