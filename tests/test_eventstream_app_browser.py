"""An existing app that streams with FastHTML's EventStream, served with `serve()` and live reload, plus one line
(`app.add_middleware(SSELifecycleMiddleware)`): Ctrl+C ends it at once with a page open, and a saved change shows in
the page. Without the line, neither happens (uvicorn waits for the open stream forever)."""
import signal, sys, time
import pytest
from harness import NETWORK_ERRORS, UvicornServer

APP = '''import asyncio
from datetime import datetime
from fasthtml.common import *
from sse_monitor import HTMX_SSE, SSELifecycleMiddleware

app, rt = fast_app(live=True, surreal=False, pico=False, hdrs=(Script(src=HTMX_SSE.cdn_url),))
app.add_middleware(SSELifecycleMiddleware)

async def counter_generator():
    count = 0
    while True:
        await asyncio.sleep(1); count += 1
        yield f"data: Count is {count} at {datetime.now()}\\n\\n"

@app.route("/sse")
async def sse(request): return EventStream(counter_generator())

@rt
def index(): return Div('Waiting...', hx_ext='sse', sse_connect='/sse', sse_swap='message', id='counter')

serve(host='127.0.0.1')
'''
# FastHTML's default headers also load fasthtml-js from GitHub through jsDelivr, which is not on npm (no local copy),
# and its live reload script tries its websocket again while the server is away.
FASTHTML_NOISE = (('Failed to load resource: net::ERR_PROXY_CONNECTION_FAILED', r'https://cdn\.jsdelivr\.net/gh/answerdotai/fasthtml-js@.*'),
                  (r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/live-reload' failed: .*", '.*'),
                  # the browser's own retry of the app's stream, when it comes while the worker is being replaced
                  (r'Failed to load resource: net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING)', r'http://127\.0\.0\.1:\d+/sse'))


def _our_tracebacks(stderr:str) -> list[str]:
    "Tracebacks in a server's stderr, but FastHTML's own: its live reload websocket (Starlette 1.x) raises at every shutdown"
    return [t for t in stderr.split('Traceback')[1:] if 'fasthtml/live_reload.py' not in t]


@pytest.fixture
def app_file(tmp_path):
    (tmp_path/'app.py').write_text(APP)
    return tmp_path/'app.py'


def _served(tmp_path, app_file) -> UvicornServer:
    return UvicornServer('', log_dir=tmp_path/'server', app_dir=app_file.parent, command=[sys.executable, 'app.py']).start()


@pytest.fixture
def page_of(browser, watch):
    "Open `url` in a page whose CDN requests are answered from node_modules"
    contexts = []
    def open_(url):
        context = browser.new_context()
        contexts.append(context)
        watch.serve_cdn_locally(context)
        page = watch.attach(context.new_page())
        page.goto(url)
        return page
    yield open_
    for context in contexts: context.close()
    assert not watch.problems(), watch.problems()


def _counting(page, word):
    page.wait_for_function("w => document.querySelector('#counter').innerText.startsWith(w + ' is ')", arg=word, timeout=15_000)


def test_ctrl_c_with_a_page_open(tmp_path, app_file, page_of, watch):
    watch.allow(*FASTHTML_NOISE, *NETWORK_ERRORS)
    bare = _served(tmp_path, app_file)
    signalled = time.monotonic()
    bare._signal_group(signal.SIGINT)            # Ctrl+C in a terminal signals the reloader and its worker
    assert bare.wait_exit(10)
    alone = time.monotonic() - signalled          # the same server's exit with no stream open
    server = _served(tmp_path, app_file)
    try:
        page = page_of(server.url)
        _counting(page, 'Count')
        signalled = time.monotonic()
        server._signal_group(signal.SIGINT)
        assert server.wait_exit(10), 'still running 10 s after Ctrl+C'
        took = time.monotonic() - signalled
    finally: server.stop()
    assert took - alone < 0.5, (took, alone)
    assert not _our_tracebacks(server.stderr_path.read_text()), server.stderr_path.read_text()


def test_a_saved_change_shows_in_the_page(tmp_path, app_file, page_of, watch):
    watch.allow(*FASTHTML_NOISE, *NETWORK_ERRORS)
    server = _served(tmp_path, app_file)
    try:
        page = page_of(server.url)
        _counting(page, 'Count')
        app_file.write_text(APP.replace('Count is', 'Total is'))
        _counting(page, 'Total')                   # new code, with no action in the page
    finally: server.stop()
    assert not _our_tracebacks(server.stderr_path.read_text()), server.stderr_path.read_text()
