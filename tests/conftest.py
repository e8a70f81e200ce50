"Fixtures: real uvicorn servers (`serve`) and pages in headless Debian chromium (`open_page`, `page`)."
import pytest
from harness import PageWatch, UvicornServer, chromium_options, dead_port


@pytest.fixture(params=['htmx2', 'htmx4'])
def htmx(request) -> str:
    """The htmx of the test apps' pages: a module that uses this fixture (`pytestmark = pytest.mark.usefixtures('htmx')`)
    runs each test with htmx 2 (htmx-ext-sse) and with htmx 4 (hx-sse); `serve` passes it on as HTMX=2 or HTMX=4"""
    return request.param


@pytest.fixture
def serve(tmp_path, request):
    "Start `module:app` from tests/apps in a real uvicorn subprocess; every server is stopped after the test"
    servers = []
    version = request.getfixturevalue('htmx') if 'htmx' in request.fixturenames else 'htmx2'
    def start(app:str, env:dict|None=None, **kwargs) -> UvicornServer:
        server = UvicornServer(app, log_dir=tmp_path/'servers', env={'HTMX': version[-1], **(env or {})}, **kwargs).start()
        server.htmx4 = version == 'htmx4'
        servers.append(server)
        return server
    yield start
    for server in servers: server.stop()


@pytest.fixture(scope='session')
def browser():
    "Headless Debian chromium through Playwright (never a downloaded browser), kept off every other host"
    from playwright.sync_api import sync_playwright
    with dead_port() as dead, sync_playwright() as pw:
        browser = pw.chromium.launch(**chromium_options(dead))
        yield browser
        browser.close()


@pytest.fixture
def watch():
    "What goes wrong in this test's pages; call `watch.allow(regex)` for errors the test expects"
    return PageWatch()


@pytest.fixture
def open_page(browser, watch):
    "Open a page in a fresh browser context of the given viewport; fails the test on unexpected errors"
    contexts = []
    def open_(url:str|None=None, width:int=1280, height:int=800, init_script:str|None=None):
        context = browser.new_context(viewport={'width': width, 'height': height})
        contexts.append(context)
        if init_script: context.add_init_script(init_script)
        context.set_default_timeout(10_000)
        page = watch.attach(context.new_page())
        if url: page.goto(url)
        return page
    yield open_
    for context in contexts: context.close()
    problems = watch.problems()
    assert not problems, 'the page reported problems:\n' + '\n'.join(problems)


@pytest.fixture
def open_tabs(browser, watch):
    """Open `n` tabs of `url` in one browser context (one connection pool and one set of Web Locks, as the tabs of a
    real window), one after the other; fails the test on unexpected errors"""
    contexts = []
    def open_(url:str, n:int, init_script:str|None=None):
        context = browser.new_context()
        contexts.append(context)
        if init_script: context.add_init_script(init_script)
        context.set_default_timeout(10_000)
        tabs = []
        for _ in range(n):
            tabs.append(watch.attach(context.new_page()))
            tabs[-1].goto(url)
        return tabs
    yield open_
    for context in contexts: context.close()
    problems = watch.problems()
    assert not problems, 'the page reported problems:\n' + '\n'.join(problems)


@pytest.fixture
def page(open_page):
    "A blank desktop page (1280x800)"
    return open_page()


@pytest.fixture
def redis_server(tmp_path):
    "A real redis-server of this test's own, on a free port, with no persistence"
    from hub_helpers import RedisServer
    server = RedisServer(tmp_path/'redis').start()
    yield server
    server.kill()


@pytest.fixture
def proxy(tmp_path):
    "Start Debian's nginx in front of a port: `proxy(upstream_port, send_timeout=60)`; stopped after the test"
    from harness import NginxProxy
    proxies = []
    def start(upstream:int, **kwargs) -> NginxProxy:
        proxies.append(NginxProxy(tmp_path/f'nginx{len(proxies)}', upstream, **kwargs).start())
        return proxies[-1]
    yield start
    for p in proxies: p.stop()
