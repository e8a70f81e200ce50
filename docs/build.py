"""Build the docs site offline: nbdev processes the notebooks (as for Quarto), Sphinx + myst-nb renders them.

    python docs/build.py [OUT]      (default OUT: _site; `make docs` runs this)

Steps: nbdev's `proc_nbs` writes `_proc/` (called directly: `nbdev-proc-nbs` would try to install Quarto first);
each processed notebook goes through `docs/nbdev_myst.py` into a Sphinx source folder under the page name nbdev
gives it; daisyUI's status CSS comes from the local node_modules; then sphinx-build writes plain HTML to OUT.
"""
import json, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbdev_myst import page_name, to_myst   # noqa: E402

DAISYUI = ROOT/'node_modules'/'daisyui'
STATIC = {'daisyui-status.css': DAISYUI/'components'/'status.css', 'daisyui-light.css': DAISYUI/'theme'/'light.css',
          'docs.css': ROOT/'nbs'/'styles.css'}


def processed_notebooks() -> Path:
    "nbdev's processed notebooks, as Quarto would get them"
    from nbdev.serve import proc_nbs
    return proc_nbs(str(ROOT/'nbs'), file_re=r'\.(?:ipynb|qmd|html)$', force=True, n_workers=0)


def sphinx_source(proc:Path, src:Path) -> list[str]:
    "Write the Sphinx source folder from `proc`; return the page names in reading order"
    if src.exists(): shutil.rmtree(src)
    (src/'_static').mkdir(parents=True)
    notebooks = {p: json.loads(p.read_text()) for p in sorted(proc.glob('*.ipynb'))}
    pages = {p: page_name(p, nb) for p, nb in notebooks.items()}
    order = [pages[p] for p in notebooks if pages[p] != 'index']
    for p, nb in notebooks.items():
        toctree = order if pages[p] == 'index' else None
        (src/f'{pages[p]}.ipynb').write_text(json.dumps(to_myst(nb, toctree, set(pages.values()))))
    if (ROOT/'nbs'/'images').exists(): shutil.copytree(ROOT/'nbs'/'images', src/'images')
    for name, path in STATIC.items(): shutil.copy(path, src/'_static'/name)
    for name in ('conf.py', 'favicon.svg'): shutil.copy(ROOT/'docs'/name, src/name)
    return ['index', *order]


def build(out:Path) -> list[str]:
    "Build the site into `out`; return its pages"
    from sphinx.cmd.build import build_main
    if out == ROOT or out in ROOT.parents: sys.exit(f'refusing to build the site into {out}: it holds the repository')
    work = ROOT/'_proc'   # myst-nb writes next to Sphinx's output folder, so build in here, then copy the site out
    pages = sphinx_source(processed_notebooks(), work/'_sphinx')
    if build_main(['-q', '-b', 'html', '-d', str(work/'_doctrees'), str(work/'_sphinx'), str(work/'_html')]) != 0:
        sys.exit('sphinx-build failed')
    if (out/'objects.inv').exists(): shutil.rmtree(out)   # a previous build: no stale pages
    shutil.copytree(work/'_html', out, dirs_exist_ok=True)
    return pages


if __name__ == '__main__':
    start = time.monotonic()
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT/'_site').resolve()
    pages = build(out)
    print(f'docs: {len(pages)} pages in {time.monotonic() - start:.1f} s -> {out}/index.html')
