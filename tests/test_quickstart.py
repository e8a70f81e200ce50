"""The README's quick starts (htmx 2, and htmx 4), exactly as written in nbs/index.ipynb: a live clock that shows Live,
and one SIGINT ends it."""
import json, signal
import pytest
from harness import ROOT, UvicornServer, wait_for_state


def quickstart_code(htmx4:bool=False) -> str:
    cells = json.loads((ROOT/'nbs'/'index.ipynb').read_text())['cells']
    code = [''.join(c['source']) for c in cells if c['cell_type'] == 'code' and 'serve()' in ''.join(c['source'])
            and ('htmx4=True' in ''.join(c['source'])) == htmx4]
    assert len(code) == 1, 'expected one quick start cell for each htmx'
    return code[0]


@pytest.mark.parametrize('htmx4', [False, True])
def test_quickstart_is_short(htmx4):
    lines = [l for l in quickstart_code(htmx4).splitlines() if l.strip() and not l.startswith('#|')]
    assert len(lines) <= 15, len(lines)


@pytest.mark.parametrize('htmx4', [False, True])
def test_quickstart_runs(tmp_path, browser, watch, htmx4):
    (tmp_path/'quickstart.py').write_text(quickstart_code(htmx4))
    server = UvicornServer('quickstart:app', log_dir=tmp_path/'server', app_dir=tmp_path).start()
    context = browser.new_context()
    try:
        watch.serve_cdn_locally(context)   # the quick start loads its assets from the pinned CDN URLs
        page = watch.attach(context.new_page())
        page.goto(server.url)
        wait_for_state(page, 'clock', 'active')
        page.wait_for_function(r"/^\d\d:\d\d:\d\d$/.test(document.querySelector('#sse-element-clock').innerText)")
        first = page.inner_text('#sse-element-clock')
        page.wait_for_function('t => document.querySelector("#sse-element-clock").innerText !== t', arg=first)
        server.signal(signal.SIGINT)   # Ctrl+C with the page open: the server exits, the page is told
        assert server.wait_exit(5)
        wait_for_state(page, 'clock', 'disconnected')
        connect = 'hx-sse-connect' if htmx4 else 'sse-connect'
        assert page.get_attribute('#sse-element-clock', connect) == '/ticks'   # kept, so a click can reconnect later
    finally:
        context.close()
        server.stop()
    assert not watch.problems(), watch.problems()
