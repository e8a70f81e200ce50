"""Streams made with sse_monitor's server helpers, for shutdown and reload tests (served with local assets).

  /stream/{cid}   monitored_stream of a source that yields once ("{cid} open, {VERSION}"), then waits: an endless quiet stream
  /plain/{cid}    the same source through FastHTML's EventStream, as users write it without sse-monitor
  /flood          monitored_stream of 64 KB messages as fast as the client takes them
  /broken         a source that raises after its first item
  /pid            the process id of the worker that answers
  /opened         how many stream requests this process received
  /finished       which sources ran their `finally`, and how many asyncio tasks the server has
  /?cfg={...}     a page with a monitored stream and the text VERSION (SSEConnectionConfig fields in `cfg`)
Lifespan startup and shutdown print 'lifespan startup' / 'lifespan shutdown' on stdout. $SSE_MONITOR_TEST_SIGTERM, when
set, is what SIGTERM means (configure_lifecycle).
Run as a script (`python server_app.py`), it serves itself with FastHTML's serve() on $PORT, with reload.
"""
import asyncio, json, os
from fasthtml.common import EventStream, JSONResponse, Link, Main, P, fast_app, serve, sse_message
from sse_monitor import (LOCAL_PREFIX, SSEConnectionConfig, SSEConnectionMonitor, SSEElement, asset_headers,
                         configure_lifecycle, monitored_stream, mount_local_assets, share_between_tabs)

VERSION = 'version one'
if os.environ.get('SSE_MONITOR_TEST_SIGTERM'): configure_lifecycle(sigterm=os.environ['SSE_MONITOR_TEST_SIGTERM'])


async def lifespan(app):  # FastHTML takes the async generator itself
    print('lifespan startup', flush=True)
    yield
    print('lifespan shutdown', flush=True)


HTMX4 = os.environ.get('HTMX') == '4'   # htmx 4 pages (hx-sse) instead of htmx 2 ones (htmx-ext-sse)
app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, htmx4=HTMX4), Link(rel='icon', href='data:,')), pico=False, htmx=False,
                   surreal=False, secret_key='tests', lifespan=lifespan)
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])
share_between_tabs(app)   # the tabs of a browser context (one session) share its streams


finished = []   # streams whose source ran its `finally`
opened = []     # every stream request this process received


async def quiet(cid):
    try:
        yield P(f'{cid} open, {VERSION}')
        while True:
            await asyncio.sleep(3600)
            yield P(f'{cid} still here')
    finally:
        await asyncio.sleep(0.05)   # cleanup that awaits, as real sources' cleanup does
        finished.append(cid)


async def broken():
    yield P('about to fail')
    raise RuntimeError('the feed broke')


@rt('/stream/{cid}')
def stream(cid:str):
    opened.append(cid)
    return monitored_stream(quiet(cid), cid)

@rt('/opened')
def opened_count(): return str(len(opened))

@rt('/plain/{cid}')
def plain(cid:str): return EventStream(sse_message(item) async for item in quiet(cid))

async def flood():
    while True: yield P('x' * 65536)

@rt('/flood')
def flood_stream(): return monitored_stream(flood(), 'flood')

@rt('/broken')
def broken_stream(): return monitored_stream(broken(), 'broken')

@rt('/pid')
def pid(): return str(os.getpid())

@rt('/finished')
async def finished_sources(): return JSONResponse({'finished': finished, 'tasks': len(asyncio.all_tasks())})

@rt('/')
def index(cfg:str='{}'):
    status, script = SSEConnectionMonitor('page', config=SSEConnectionConfig(**json.loads(cfg)))
    return Main(P(VERSION, id='version'), status, SSEElement('page', '/stream/page', htmx4=HTMX4), script)


# Guarded so that scripts importing this module (uvicorn.run tests) do not start it through serve() as well.
if __name__ == '__main__': serve(host='127.0.0.1')
