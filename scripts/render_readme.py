"""Render README.md from nbs/index.ipynb, as `nbdev-readme` would (without needing Quarto).

    python scripts/render_readme.py          write README.md
    python scripts/render_readme.py --check  exit 1 if README.md is not what index.ipynb renders to
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
header = '<!-- README.md is rendered from nbs/index.ipynb by scripts/render_readme.py: edit the notebook -->\n\n'

def _directives(src:str) -> set[str]:
    "The `#|` directive names at the top of a code cell"
    names = set()
    for line in src.splitlines():
        if not line.startswith('#|'): break
        names.update(line[2:].split()[:1])
    return names

def _from_root(markdown:str) -> str:
    "Links relative to nbs/ (images, pages) made to work from the repository root"
    return markdown.replace('](images/', '](nbs/images/').replace('](how_to.html)', '](nbs/15_how_to.ipynb)')

def render(nb_path:Path) -> str:
    "Markdown cells as they are, visible code cells as fenced Python without their `#|` lines"
    parts = []
    for cell in json.loads(nb_path.read_text())['cells']:
        src = ''.join(cell['source']).strip()
        if not src: continue
        if cell['cell_type'] == 'markdown': parts.append(_from_root(src))
        elif cell['cell_type'] == 'code' and not _directives(src) & {'hide', 'exporti', 'export'}:
            code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip()
            parts.append(f'```python\n{code}\n```')
    return header + '\n\n'.join(parts) + '\n'

def main(argv:list[str]):
    readme, expected = root/'README.md', render(root/'nbs'/'index.ipynb')
    if '--check' in argv:
        if not readme.exists() or readme.read_text() != expected:
            sys.exit('README.md is out of step with nbs/index.ipynb: run python scripts/render_readme.py')
        return
    readme.write_text(expected)

if __name__ == '__main__': main(sys.argv[1:])
