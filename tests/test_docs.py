"""The offline docs site: the glue from nbdev's processed notebooks to MyST, and the built site in a real browser
(every page there, every internal link resolving, nothing fetched from another host, every indicator dot coloured)."""
import functools, http.server, re, sys, threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit
import pytest
from bs4 import BeautifulSoup
from harness import ROOT
from sse_monitor import DAISYUI, STATES, StatusIndicator, create_connection_status_indicators
from fasthtml.common import to_xml

sys.path.insert(0, str(ROOT/'docs'))
from nbdev_myst import directives, frontmatter, markdown, page_name, to_myst   # noqa: E402


def _nb(*cells): return {'cells': list(cells), 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
def _code(source, outputs=()): return {'cell_type': 'code', 'id': 'c', 'metadata': {}, 'source': source, 'outputs': list(outputs), 'execution_count': 1}
def _md(source): return {'cell_type': 'markdown', 'id': 'm', 'metadata': {}, 'source': source}
RAW = {'cell_type': 'raw', 'id': 'r', 'metadata': {}, 'source': "---\ntitle: Status indicators\ndescription: Dots.\noutput-file: indicators.html\n---\n"}


def test_glue_frontmatter_and_page_name():
    nb = _nb(RAW, _md('text'))
    assert frontmatter(nb) == {'title': 'Status indicators', 'description': 'Dots.', 'output-file': 'indicators.html'}
    assert page_name(Path('01_indicators.ipynb'), nb) == 'indicators'
    assert page_name(Path('index.ipynb'), _nb(_md('x'))) == 'index'


def test_glue_directives_and_markdown():
    assert directives('#| echo: false\n#| output: asis\nshow_doc(f)') == ({'echo': 'false', 'output': 'asis'}, 'show_doc(f)')
    assert directives('x = 1') == ({}, 'x = 1')
    assert markdown('::: {.callout-note}\nHi\n:::') == ':::{note}\nHi\n:::'
    assert markdown('[site](https://x.org){target="_blank"}') == '[site](https://x.org)'
    assert markdown('[how](how_to.html#dev) [ext](other.html)', {'how_to'}) == '[how](how_to.ipynb#dev) [ext](other.html)'


def test_glue_to_myst():
    show_doc = _code('#| echo: false\n#| output: asis\nshow_doc(f)', [{'output_type': 'execute_result', 'data': {'text/markdown': '---\n\n### f', 'text/plain': 'f'}}])
    hidden = _code('#| echo: false\nx = 1')
    nb = to_myst(_nb(RAW, show_doc, hidden, _md('see [x](how_to.html)')), toctree=['ids', 'how_to'], pages={'how_to'})
    title, asis, code, md, toc = nb['cells']
    assert title['source'] == '# Status indicators\n\n> Dots.'
    assert asis['cell_type'] == 'markdown' and asis['source'] == '---\n\n### f'
    assert code['source'] == 'x = 1' and code['metadata']['tags'] == ['remove-input']
    assert md['source'] == 'see [x](how_to.ipynb)'
    assert toc['source'] == '```{toctree}\n:hidden:\n\nids\nhow_to\n```'


def test_docs_css_covers_every_indicator_class():
    css = (ROOT/'nbs'/'styles.css').read_text()
    variants = [create_connection_status_indicators(**kw) for kw in
                (dict(), dict(show_text=False), dict(hide_text_on_mobile=False, status_size='lg', text_size='text-base'))]
    classes = {c for v in variants for ind in v.values() for c in re.findall(r'class="([^"]*)"', to_xml(ind)) for c in c.split()}
    missing = [c for c in classes if not c.startswith('status') and
               not re.search(r'\.' + re.escape(c).replace(':', r'\\:') + r'\s*\{', css)]
    assert not missing, missing


def test_quarto_config_pins_the_same_daisyui():
    assert set(re.findall(r'daisyui@([\d.]+)', (ROOT/'nbs'/'_quarto.yml').read_text())) == {DAISYUI.version}


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "The docs site, built by docs/build.py and served over HTTP on 127.0.0.1"
    from build import build
    out = tmp_path_factory.mktemp('site')
    pages = build(out)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, pages, f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()


def test_every_notebook_is_a_page(site):
    out, pages, _ = site
    expected = {re.sub(r'^\d+_', '', p.stem) for p in (ROOT/'nbs').glob('*.ipynb')}   # nbdev drops the number
    assert set(pages) == expected
    assert all((out/f'{page}.html').exists() for page in expected)


def _internal_links(html:str, base:str) -> set[str]:
    links = set()
    for a in BeautifulSoup(html, 'html.parser').find_all('a', href=True):
        url = urljoin(base, a['href'])
        if urlsplit(url).hostname == '127.0.0.1': links.add(url)
    return links


def test_site_in_the_browser(site, open_page, watch, tmp_path):
    out, pages, url = site
    page = open_page()
    checked, missing_anchors = set(), []
    for name in pages:
        page.goto(f'{url}/{name}.html')
        page.wait_for_load_state('load')
        # every indicator example is a coloured daisyUI dot, not the uncoloured default
        colours = page.evaluate('''() => {
            const probe = document.body.appendChild(Object.assign(document.createElement('span'), {className: 'status'}));
            const plain = getComputedStyle(probe).backgroundColor; probe.remove();
            return {plain, dots: [...document.querySelectorAll('article .status')].map(el => getComputedStyle(el).backgroundColor)};
        }''')
        assert all(c not in (colours['plain'], 'rgba(0, 0, 0, 0)') for c in colours['dots']), (name, colours)
        assert len(colours['dots']) >= {'indicators': 4, 'monitor': 1}.get(name, 0), (name, colours)
        assert page.evaluate('[...document.images].every(img => img.complete && img.naturalWidth > 0)'), name
        if name == 'index': page.screenshot(path=tmp_path/'docs-index.png', full_page=True)
        for link in _internal_links(page.content(), page.url) - checked:
            checked.add(link)
            target = urlsplit(link)
            file = out/target.path.lstrip('/')
            if target.path.endswith('/'): file = file/'index.html'
            assert file.exists(), f'{name}: broken link {link}'
            if target.fragment and file.suffix == '.html':
                if not BeautifulSoup(file.read_text(), 'html.parser').find(id=target.fragment):
                    missing_anchors.append(f'{name}: {link}')
    assert not missing_anchors, missing_anchors
    assert len(checked) > len(pages)
