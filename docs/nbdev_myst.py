"""Glue between nbdev's processed notebooks (`_proc/`, written for Quarto) and Sphinx + myst-nb.

nbdev-docs renders the notebooks with Quarto, the canonical path. Where Quarto cannot be installed, `docs/build.py`
renders the same processed notebooks with Sphinx; these pure functions map the few Quarto-flavoured parts to MyST:
the frontmatter raw cell, `#|` directive lines (`echo: false`, `output: asis`), `:::` callouts and `{target=...}`
link attributes. Nothing in the notebooks changes to suit this renderer.
"""
import json, re
from pathlib import Path
import yaml

_CALLOUT = re.compile(r'^:::\s*\{\.callout-(\w+)[^}]*\}\s*$', re.M)
_TARGET = re.compile(r'\]\(([^)\s]+)\)\{target=[^}]*\}')


def frontmatter(nb:dict) -> dict:
    "The YAML frontmatter of a processed notebook (its raw `---` cell), or {}"
    for cell in nb['cells']:
        if cell['cell_type'] == 'raw':
            return yaml.safe_load(''.join(cell['source']).strip().strip('-')) or {}
    return {}


def directives(source:str) -> tuple[dict, str]:
    "Split a code cell's source into its `#|` directives and the code shown to readers"
    lines, found = source.splitlines(), {}
    while lines and lines[0].startswith('#|'):
        key, _, value = lines.pop(0)[2:].strip().partition(':')
        found[key.strip()] = value.strip()
    return found, '\n'.join(lines)


_PAGE_LINK = re.compile(r'\]\(([\w-]+)\.html(#[^)\s]*)?\)')


def markdown(text:str, pages:set[str]=frozenset()) -> str:
    """Quarto-flavoured markdown to MyST: callout fences to admonitions, link `{target=...}` attributes dropped,
    links to other pages of the site (`how_to.html#anchor`) made into document links that Sphinx resolves"""
    text = _TARGET.sub(r'](\1)', _CALLOUT.sub(r':::{\1}', text))
    return _PAGE_LINK.sub(lambda m: f']({m[1]}.ipynb{m[2] or ""})' if m[1] in pages else m[0], text)


def _as_markdown(outputs:list) -> str:
    "The markdown (else plain text) of a cell's outputs"
    data = [o.get('data', {}) for o in outputs]
    return '\n\n'.join(''.join(d.get('text/markdown') or d.get('text/plain') or '') for d in data)


def to_myst(nb:dict, toctree:list[str]|None=None, pages:set[str]=frozenset()) -> dict:
    "A processed notebook, ready for myst-nb: title from the frontmatter, directives applied, links to `pages` resolved, `toctree` added"
    fm, cells = frontmatter(nb), []
    title = [f"# {fm.get('title', '')}", *([f"> {fm['description']}"] if fm.get('description') else [])]
    cells.append({'cell_type': 'markdown', 'id': 'nbdev-title', 'metadata': {}, 'source': '\n\n'.join(title)})
    for cell in nb['cells']:
        source = ''.join(cell['source'])
        if cell['cell_type'] == 'raw': continue
        if cell['cell_type'] == 'markdown':
            cells.append({**cell, 'source': markdown(source, pages)})
            continue
        found, code = directives(source)
        if found.get('output') == 'asis':   # Quarto inlines the output as markdown (show_doc): so do we
            cells.append({'cell_type': 'markdown', 'id': f"asis-{cell.get('id', len(cells))}", 'metadata': {},
                          'source': markdown(_as_markdown(cell['outputs']), pages)})
            continue
        tags = set(cell.get('metadata', {}).get('tags', []))
        if found.get('echo') == 'false' or 'hide' in found: tags.add('remove-input')
        if 'hide' in found: tags.add('remove-output')
        cells.append({**cell, 'source': code, 'metadata': {**cell.get('metadata', {}), 'tags': sorted(tags)}})
    if toctree:
        cells.append({'cell_type': 'markdown', 'id': 'nbdev-toctree', 'metadata': {},
                      'source': '```{toctree}\n:hidden:\n\n' + '\n'.join(toctree) + '\n```'})
    return {**nb, 'cells': cells}


def page_name(nb_path:Path, nb:dict) -> str:
    "The page a processed notebook becomes: nbdev's `output-file` without `.html` (`01_indicators` -> `indicators`)"
    return Path(frontmatter(nb).get('output-file', nb_path.stem + '.html')).stem
