"""An SSEHub behind a real uvicorn: in-process, or on Redis when HUB_URL is set (one worker or several); HTMX=4 in the
environment makes its pages htmx 4 pages (hx-sse).

Environment: HUB_URL (redis://...; empty for in-process), HUB_HISTORY (events kept per topic), HUB_QUEUE (queue_size), HUB_QUEUE_BYTES (queue_bytes).
Every response carries `x-worker-pid`, so a test knows which worker holds a stream.

Pages
  /?swap=message           a monitored element of topic `news` that appends each event named `swap` (`<p data-k=K>`),
                           and fetches `/latest` afresh on a reset
  /widgets?n=N&refused=R   N monitored elements `w0`..`w{N-1}` of topics `w0`..., on the hub's page stream (one
                           connection), each like the one of `/`; R more named `r0`... whose URL the page stream cannot
                           carry (a plain stream); F more named `f0`... on /flaky (refused once); a button that adds widget `wN` (`/widget/N`);
                           `attempts`: the widgets' max_reconnect_attempts (when given)
Streams and control
  /stream/{topic}          hub.stream of one topic (a FastHTML handler); records the last id each request brought
  /flaky/{topic}           a 403 the first time (a session being renewed), then hub.stream of `topic`; `?refuse=N` (on the
                           page: /widgets?...&refuse=N) the first N times
  /plain/{name}            a `monitored_stream` (not the hub's) of one event `<p data-k=0>`: the `refused` widgets' URL
  /sse-monitor/hub         the hub's page stream (hub.multiplex)
  /fast/news               hub.route of `news` (a plain Starlette route)
  /publish/{topic}?n=N&start=K&size=S&event=message   POST: publish N events `<p data-k=K+i>` (S bytes of padding each); their ids as
                           JSON, or a 503 with the error when the hub cannot publish
  /latest                  what a reset fetches
  /stats                   pid, subscribers, asyncio tasks, open sockets, peak memory (VmHWM), and the last ids and HX-Request headers
                           stream requests brought
"""
import asyncio, os
from fasthtml.common import Button, Div, JSONResponse, Link, P, Response, fast_app
from sse_monitor import (LOCAL_PREFIX, HubUnavailable, SSEConnectionConfig, SSEConnectionMonitor, SSEElement, SSEHub,
                         asset_headers, monitored_stream, mount_local_assets, share_between_tabs)

hub = SSEHub(url=os.environ.get('HUB_URL') or None, history=int(os.environ.get('HUB_HISTORY', 1000)),
             queue_size=int(os.environ.get('HUB_QUEUE', 256)), queue_bytes=int(os.environ.get('HUB_QUEUE_BYTES', 2**20)),
             heartbeat=2)
HTMX4 = os.environ.get('HTMX') == '4'   # htmx 4 pages (hx-sse) instead of htmx 2 ones (htmx-ext-sse)
app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, htmx4=HTMX4), Link(rel='icon', href='data:,')), pico=False, htmx=False,
                   surreal=False, secret_key='tests')
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])
share_between_tabs(app)   # the tabs of a browser context (one session) share its streams
app.routes.insert(0, hub.route('/fast/news', 'news'))
hub.multiplex(app)
last_ids = []   # (header, query parameter) of each stream request
hx_requests = []   # the HX-Request header of each (htmx 4 pages send it)


@rt('/')
def index(swap:str='message'):
    status, script = SSEConnectionMonitor('news', config=SSEConnectionConfig(reconnect_delay=300, log_to_console=True))
    return Div(status, SSEElement('news', '/stream/news', hx_swap='beforeend', refetch='/latest', swap=swap, htmx4=HTMX4), script)


def widget(name:str, url:str, attempts:int|None=None):
    config = SSEConnectionConfig(reconnect_delay=300, **({} if attempts is None else dict(max_reconnect_attempts=attempts)))
    status, script = SSEConnectionMonitor(name, config=config)
    return Div(status, SSEElement(name, url, hx_swap='beforeend', refetch='/latest', hub=hub, htmx4=HTMX4), script)


@rt('/widgets')
def widgets(n:int=10, refused:int=0, flaky:int=0, refuse:int=1, attempts:int|None=None):
    return Div(*(widget(f'w{i}', f'/stream/w{i}', attempts) for i in range(n)),
               *(widget(f'r{i}', f'/plain/r{i}', attempts) for i in range(refused)),
               *(widget(f'f{i}', f'/flaky/f{i}?refuse={refuse}', attempts) for i in range(flaky)),
               Button('Add a widget', id='add', hx_get=f'/widget/{n}', hx_target='#more', hx_swap='beforeend'), Div(id='more'))


@rt('/widget/{i}')
def one_widget(i:int): return widget(f'w{i}', f'/stream/w{i}')


refusals = {}   # topic -> how many times /flaky/{topic} said no


@hub.handler
@rt('/flaky/{topic}')
def flaky(request, topic:str, refuse:int=1):
    refusals[topic] = refusals.get(topic, 0) + 1
    return Response('not yet', 403) if refusals[topic] <= refuse else hub.stream(request, topic)


@rt('/plain/{name}')
def plain(name:str):
    async def one_event():
        yield P('plain 0', data_k=0)
        await asyncio.sleep(3600)
    return monitored_stream(one_event(), connection_id=name)


@hub.handler
@rt('/stream/{topic}')
def stream(request, topic:str):
    last_ids.append((request.headers.get('last-event-id'), request.query_params.get('last_event_id')))
    hx_requests.append(request.headers.get('hx-request'))
    return hub.stream(request, topic)


@rt('/publish/{topic}', methods=['post'])
async def publish(topic:str, n:int=1, start:int=0, size:int=0, event:str='message'):
    try: ids = [await hub.publish(topic, P(f'event {start + i}' + '.' * size, data_k=start + i), event) for i in range(n)]
    except HubUnavailable as e: return JSONResponse({'error': str(e)}, status_code=503)
    return JSONResponse(ids)


@rt('/latest')
def latest(): return P('fetched afresh', cls='refetched')


@rt('/stats')
async def stats():
    sockets = sum(os.readlink(f'/proc/self/fd/{fd}').startswith('socket:') for fd in os.listdir('/proc/self/fd')
                  if os.path.exists(f'/proc/self/fd/{fd}'))
    peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))   # kB
    return JSONResponse(dict(pid=os.getpid(), subscribers=hub.subscribers(), tasks=len(asyncio.all_tasks()),
                             sockets=sockets, peak_rss=peak * 1024, last_ids=last_ids, hx_requests=hx_requests))


class WorkerHeader:
    "Adds `x-worker-pid` to every response"
    def __init__(self, app): self.app = app
    async def __call__(self, scope, receive, send):
        async def send_with_pid(message):
            if message['type'] == 'http.response.start':
                message = {**message, 'headers': [*message.get('headers', ()), (b"x-worker-pid", str(os.getpid()).encode())]}
            await send(message)
        await self.app(scope, receive, send_with_pid)


asgi = WorkerHeader(app)
