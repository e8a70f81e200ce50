"Dev mode: under `uvicorn --reload`, pages come back to Live by themselves, and with reload_page show the new code."
import json, shutil
from urllib.parse import quote
import pytest
from harness import APPS, NETWORK_ERRORS, UvicornServer, indicator_state, wait_for_state



@pytest.fixture
def reloading_server(tmp_path, htmx):
    folder = tmp_path/'app'
    folder.mkdir()
    shutil.copy(APPS/'server_app.py', folder/'server_app.py')
    server = UvicornServer('server_app:app', log_dir=tmp_path/'server', app_dir=folder, env={'HTMX': htmx[-1]},
                           args=('--reload', '--reload-dir', str(folder))).start()
    yield server, folder/'server_app.py'
    server.stop()


@pytest.mark.parametrize('reload_page', [False, True])
def test_reload_brings_pages_back(reloading_server, open_page, watch, reload_page):
    watch.allow(*NETWORK_ERRORS)
    server, app_file = reloading_server
    cfg = quote(json.dumps(dict(reload_page=reload_page, reconnect_delay=300)))
    page = open_page(f'{server.url}/?cfg={cfg}')
    wait_for_state(page, 'page', 'active')
    page.wait_for_function("document.querySelector('#sse-element-page').innerText === 'page open, version one'")
    page.evaluate("window.__before_reload = true; window.__states = []; document.addEventListener('sse-monitor:state', e => window.__states.push(e.detail))")
    app_file.write_text(app_file.read_text().replace("VERSION = 'version one'", "VERSION = 'version two'"))
    if reload_page:
        page.wait_for_function("document.querySelector('#version')?.innerText === 'version two'", timeout=10_000)
        assert page.evaluate('window.__before_reload') is None   # a new page, not a patched one
    else:
        page.wait_for_function("window.__states.some(s => s.reason === 'reload')", timeout=10_000)
        assert page.inner_text('#version') == 'version one'
    wait_for_state(page, 'page', 'active', timeout=10)
    # content from the new worker flows into the element (in the old page too)
    page.wait_for_function("document.querySelector('#sse-element-page').innerText === 'page open, version two'")
    assert indicator_state(page, 'page') == 'active'


def test_reload_page_reloads_every_tab_that_shares_the_stream(reloading_server, open_tabs, watch):
    "The tab that holds the stream reloads once it is back, and so does the tab that follows it"
    watch.allow(*NETWORK_ERRORS)
    server, app_file = reloading_server
    cfg = quote(json.dumps(dict(reload_page=True, reconnect_delay=300)))
    tabs = open_tabs(f'{server.url}/?cfg={cfg}', 2)
    for tab in tabs:
        wait_for_state(tab, 'page', 'active')
        tab.evaluate('window.__before_reload = true')
    app_file.write_text(app_file.read_text().replace("VERSION = 'version one'", "VERSION = 'version two'"))
    for tab in tabs:
        tab.wait_for_function("document.querySelector('#version')?.innerText === 'version two'", timeout=10_000)
        assert tab.evaluate('window.__before_reload') is None   # a new page, not a patched one
        wait_for_state(tab, 'page', 'active', timeout=10)
