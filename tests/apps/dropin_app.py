"""Drop-in pages: the monitor's two parts in the body, as the reference pattern documents them, with headers that load
only htmx and htmx-ext-sse (local copies), or not even those. HTMX=4 in the environment makes them htmx 4 pages: htmx
4, configured as FastHTML configures it, and its hx-sse extension.

  /?ids=a,b,c                   drop-in: no runtime in the headers; the first monitor brings it
  /both?ids=a,b                 the runtime in the headers as well
  /nohtmx, /noext               a monitor on a page without htmx, or without its SSE extension (htmx 2: it cannot work)
  /cached/?ids=a,b              the runtime in the headers from its cacheable URL (mount_runtime)
  /deferred/                    the same runtime as a `defer` script (it runs after the page is parsed); one unshared
                                monitor whose element counts its htmx:sse:before:connection in an hx-on handler (htmx 4)
  /start                        a page without monitors, with a boosted link to /
  /stream/{cid}                 monitored_stream of a tick every 300 ms
  /stats                        per id: connection attempts that reached this process
"""
import asyncio, os
from collections import Counter
from fasthtml.common import A, Div, Link, Main, P, Script, Title, fast_app
from starlette.applications import Starlette
from starlette.routing import Mount
from sse_monitor import (HTMX, HTMX_SSE, HTMX4, HTMX4_CONFIG, HTMX4_SSE, LOCAL_PREFIX, SSEConnectionConfig, MonitorRuntime, SSEConnectionMonitor, SSEElement, monitored_stream,
                         mount_local_assets, mount_runtime)

def _page_app(*scripts):
    "A FastHTML app whose pages load exactly `scripts` in their headers"
    return fast_app(hdrs=(*scripts, Link(rel='icon', href='data:,')), pico=False, htmx=False, surreal=False, secret_key='tests')

HTMX4_PAGE = os.environ.get('HTMX') == '4'
core, ext = (HTMX4, HTMX4_SSE) if HTMX4_PAGE else (HTMX, HTMX_SSE)
HTMX_TAGS = (*((HTMX4_CONFIG,) if HTMX4_PAGE else ()), Script(src=core.local_url(LOCAL_PREFIX)), Script(src=ext.local_url(LOCAL_PREFIX)))
main, rt = _page_app(*HTMX_TAGS)
mount_local_assets(main, os.environ['SSE_MONITOR_NODE_MODULES'], htmx4=HTMX4_PAGE)
without_htmx, without_htmx_rt = _page_app()
without_ext, without_ext_rt = _page_app(*HTMX_TAGS[:-1])
runtime_url = mount_runtime(main)
cached, cached_rt = _page_app(*HTMX_TAGS, MonitorRuntime(src=runtime_url))
deferred_runtime = MonitorRuntime(src=runtime_url)
deferred_runtime.attrs['defer'] = True
deferred, deferred_rt = _page_app(*HTMX_TAGS, deferred_runtime)
connections = Counter()


def monitors(ids:str):
    for cid in ids.split(','):
        status, script = SSEConnectionMonitor(cid)
        yield Div(status, SSEElement(cid, f'/stream/{cid}', 'waiting', htmx4=HTMX4_PAGE), script)


@rt('/')
def index(ids:str='a,b,c'): return Title('drop-in'), Main(*monitors(ids))

@rt('/both')
def both(ids:str='a,b'): return Title('both'), MonitorRuntime(), Main(*monitors(ids))

@without_htmx_rt('/')
def nohtmx(): return Title('no htmx'), Main(*monitors('x'))

@without_ext_rt('/')
def noext(): return Title('no ext'), Main(*monitors('y'))

@cached_rt('/')
def cached_index(ids:str='a,b'): return Title('cached'), Main(*monitors(ids))

@deferred_rt('/')
def deferred_index():
    status, script = SSEConnectionMonitor('d', config=SSEConnectionConfig(share=False))
    heard = {'hx-on--sse-before-connection': 'window.__heard = (window.__heard || 0) + 1'}
    return Title('deferred'), Main(Div(status, SSEElement('d', '/stream/d', 'waiting', htmx4=HTMX4_PAGE, **heard), script))

@rt('/start')
def start(): return Title('start'), Main(P('No monitors here.'), Div(A('to the monitors', href='/', id='go'), hx_boost='true'))


async def ticks(cid):
    n = 0
    while True:
        n += 1
        yield P(f'{cid} tick {n}')
        await asyncio.sleep(0.3)

@rt('/stream/{cid}')
def stream(cid:str):
    connections[cid] += 1
    return monitored_stream(ticks(cid), cid)

@rt('/stats')
def stats(): return dict(connections)


app = Starlette(routes=[Mount('/nohtmx', without_htmx), Mount('/noext', without_ext), Mount('/cached', cached), Mount('/deferred', deferred), Mount('/', main)])
