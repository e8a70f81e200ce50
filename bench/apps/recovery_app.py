"""Pages for the recovery benchmark, served with local assets.

  /plain          one plain EventSource, the browser's own retry (window.__opens: when it opened, ms)
  /ours?n=1       n widgets, each an SSEConnectionMonitor + SSEElement with the defaults (window.__states)
  /h4/hx-sse      htmx 4 (as fast_app(htmx4=True) configures it) with hx-sse alone: one hx-sse-connect element, its own
                  reconnects (window.__opens: when it connected, ms)
  /h4/ours?n=1    the same as /ours on htmx 4: SSEElement(..., htmx4=True)
  /plain-stream   FastHTML's EventStream of a tick every second
  /stream/{cid}   monitored_stream of the same
  $READY_AT (seconds since the epoch): lifespan startup waits until then, and uvicorn opens its port right after, so
  the server is back at a chosen moment, whatever its own start-up time.
"""
import asyncio, os, time
from fasthtml.common import Div, EventStream, Link, Main, P, Script, Title, fast_app, sse_message
from starlette.routing import Mount
from sse_monitor import LOCAL_PREFIX, SSEConnectionMonitor, SSEElement, asset_headers, monitored_stream, mount_local_assets


async def lifespan(app):
    await asyncio.sleep(max(0.0, float(os.environ.get('READY_AT', '0')) - time.time()))
    print(f'ready at {time.time()}', flush=True)
    yield


app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX), Link(rel='icon', href='data:,')), pico=False, htmx=False,
                   surreal=False, secret_key='bench', lifespan=lifespan)
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])
app4, rt4 = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, htmx4=True), Link(rel='icon', href='data:,')), pico=False,
                     htmx=False, surreal=False, secret_key='bench')
app.routes.insert(0, Mount('/h4', app4))


async def ticks():
    while True:
        yield P(time.strftime('%H:%M:%S'))
        await asyncio.sleep(1)


@rt('/plain')
def plain():
    return Title('plain'), Main(Script("window.__opens = []; new EventSource('/plain-stream').onopen = () => __opens.push(Date.now());"))

def _ours(n, htmx4=False):
    record = Script("window.__states = []; document.addEventListener('sse-monitor:state', "
                    "(e) => __states.push({t: Date.now(), id: e.detail.connectionId, state: e.detail.state}));")
    widgets = []
    for i in range(n):
        status, script = SSEConnectionMonitor(f'w{i}')
        widgets.append(Div(status, SSEElement(f'w{i}', f'/stream/w{i}', 'waiting', htmx4=htmx4), script))
    return Title('ours'), record, Main(*widgets)

@rt('/ours')
def ours(n:int=1): return _ours(n)

@rt4('/ours')
def ours4(n:int=1): return _ours(n, htmx4=True)

@rt4('/hx-sse')
def hx_sse():
    record = Script("window.__opens = []; document.addEventListener('htmx-sse-after-connection', () => __opens.push(Date.now()));")
    return Title('hx-sse'), record, Main(Div('waiting', hx_sse_connect='/plain-stream'))

@rt('/plain-stream')
def plain_stream(): return EventStream(sse_message(p) async for p in ticks())

@rt('/stream/{cid}')
def stream(cid:str): return monitored_stream(ticks(), cid)
