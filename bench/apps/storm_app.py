"""Pages of many SSE clients for the measured reconnect storm, and streams whose every arrival is recorded.

  /page/{kind}?first=0&n=1    `n` SSE elements (clients first..first+n-1), monitored by `kind`: `ours` (sse-monitor's
                              SSEConnectionMonitor, default configuration), `reference` (cjm-fasthtml-interactions'
                              SSEConnectionMonitor, wired as its docs show) or `plain` (htmx-ext-sse alone)
  /s/{kind}/{client}          the client's stream: monitored_stream for ours, FastHTML's EventStream for the others
  /arrivals                   per client, time.time() of every stream request this process received; `open`: streams
                              open now
Chromium holds at most 6 connections per host, so client i streams from host c{i // 5}.localhost (Chromium resolves
every *.localhost name to the loopback address); the page's origin is another host, hence the CORS headers, added with
the recording by the outer ASGI app. $READY_AT (seconds since the epoch): lifespan startup waits until then, and
uvicorn opens its port right after, so the server is back at a chosen moment whatever its own start-up time.
"""
import asyncio, os, time
from collections import defaultdict
from fasthtml.common import Div, EventStream, Link, Main, P, Title, fast_app, sse_message
from cjm_fasthtml_interactions.patterns import sse_connection_monitor as reference
from sse_monitor import (LOCAL_PREFIX, MonitorRuntime, SSEConnectionMonitor, SSEElement, asset_headers, monitored_stream,
                         mount_local_assets)

PER_HOST = 5
arrivals = defaultdict(list)
open_streams = 0


async def lifespan(app):
    await asyncio.sleep(max(0.0, float(os.environ.get('READY_AT', '0')) - time.time()))
    yield


# htmx and its SSE extension only: no styles, so that hundreds of pages load light
pages, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, runtime=False)[:2], Link(rel='icon', href='data:,')), htmx=False,
                     pico=False, surreal=False, secret_key='bench', lifespan=lifespan)
mount_local_assets(pages, os.environ['SSE_MONITOR_NODE_MODULES'])


def stream_url(kind:str, client:int, port:int) -> str: return f'http://c{client // PER_HOST}.localhost:{port}/s/{kind}/{client}'


@rt('/page/{kind}')
def page(req, kind:str, first:int=0, n:int=1):
    port = req.url.port
    parts = []
    for client in range(first, first + n):
        cid, url = f'c{client}', stream_url(kind, client, port)
        if kind == 'ours':
            status, script = SSEConnectionMonitor(cid)
            parts.append(Div(status, SSEElement(cid, url, 'waiting'), script))
        elif kind == 'reference':
            status, script = reference.SSEConnectionMonitor(cid)
            parts.append(Div(status, Div('waiting', hx_ext='sse', sse_connect=url, sse_swap='message', id=f'sse-element-{cid}'), script))
        elif kind == 'plain':
            parts.append(Div('waiting', hx_ext='sse', sse_connect=url, sse_swap='message', id=f'sse-element-{cid}'))
        else: raise ValueError(f'kind must be ours, reference or plain, got {kind!r}')
    return Title(kind), Main(MonitorRuntime() if kind == 'ours' else '', *parts)   # the runtime once, before the monitors


@rt('/arrivals')
def arrivals_json(): return {'arrivals': arrivals, 'open': open_streams}


async def quiet():
    global open_streams
    open_streams += 1
    try:
        yield P('open')
        await asyncio.Event().wait()
    finally: open_streams -= 1

@rt('/s/{kind}/{client}')
def stream(kind:str, client:int):
    return monitored_stream(quiet(), f'c{client}') if kind == 'ours' else EventStream(sse_message(p) async for p in quiet())


async def app(scope, receive, send):
    "Record each stream's arrival and let the pages' origin read it (CORS), then FastHTML"
    if scope['type'] != 'http' or not scope['path'].startswith('/s/'): return await pages(scope, receive, send)
    arrivals[scope['path'].rsplit('/', 1)[1]].append(time.time())
    origin = dict(scope['headers']).get(b'origin', b'*')
    async def cors(message):
        if message['type'] == 'http.response.start':
            message['headers'] = [*message.get('headers', []), (b'access-control-allow-origin', origin),
                                  (b'access-control-allow-credentials', b'true')]
        await send(message)
    await pages(scope, receive, cors)
