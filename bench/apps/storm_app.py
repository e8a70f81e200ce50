"""Pages of many SSE clients for the measured reconnect storm, and a stream endpoint that records every arrival.

  /page/{kind}?first=0&n=200  `n` SSE elements (clients first..first+n-1), monitored by `kind`: `ours` (sse-monitor's
                              SSEConnectionMonitor, default configuration), `reference` (cjm-fasthtml-interactions'
                              SSEConnectionMonitor, wired as its docs show) or `plain` (htmx-ext-sse alone)
  /s/{client}                 an endless SSE stream; when each request arrives is recorded (raw ASGI: as little work
                              per request as possible, so the server's own speed smears a burst as little as it can)
  /arrivals                   per client, time.time() of every stream request this process received; `open`: streams
                              open now
Chromium holds at most 6 connections per host, so client i streams from host c{i // 5}.localhost (Chromium resolves
every *.localhost name to the loopback address); the page's origin is another host, hence the CORS headers.
"""
import asyncio, json, os, time
from collections import defaultdict
from fasthtml.common import Div, Link, Main, Title, fast_app
from cjm_fasthtml_interactions.patterns import sse_connection_monitor as reference
from sse_monitor import LOCAL_PREFIX, MonitorRuntime, SSEConnectionMonitor, SSEElement, asset_headers, mount_local_assets

PER_HOST = 5
arrivals = defaultdict(list)
open_streams = 0

pages, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, runtime=False), Link(rel='icon', href='data:,')), htmx=False, pico=False, surreal=False, secret_key='bench')
mount_local_assets(pages, os.environ['SSE_MONITOR_NODE_MODULES'])


def stream_url(client:int, port:int) -> str: return f'http://c{client // PER_HOST}.localhost:{port}/s/{client}'


@rt('/page/{kind}')
def page(req, kind:str, first:int=0, n:int=200):
    port = req.url.port
    parts = []
    for client in range(first, first + n):
        cid, url = f'c{client}', stream_url(client, port)
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


async def stream(scope, receive, send):
    global open_streams
    arrivals[scope['path'].removeprefix('/s/')].append(time.time())
    origin = dict(scope['headers']).get(b'origin', b'*')
    await send({'type': 'http.response.start', 'status': 200, 'headers': [
        (b'content-type', b'text/event-stream'), (b'cache-control', b'no-store'),
        (b'access-control-allow-origin', origin), (b'access-control-allow-credentials', b'true')]})
    open_streams += 1
    try:
        await send({'type': 'http.response.body', 'body': b'data: <span>open</span>\n\n', 'more_body': True})
        while (await receive())['type'] != 'http.disconnect': pass
    finally: open_streams -= 1


async def app(scope, receive, send):
    "Streams at /s/, everything else (pages, assets, lifespan) through FastHTML"
    if scope['type'] == 'http' and scope['path'].startswith('/s/'): return await stream(scope, receive, send)
    return await pages(scope, receive, send)
