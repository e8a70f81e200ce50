"""Monitored SSE streams whose misbehaviour the tests control, served with local assets; HTMX=4 in the environment makes
its pages htmx 4 pages (hx-sse) instead of htmx 2 ones (htmx-ext-sse).

Pages
  /?ids=a,b&cfg={...}&tick=300   one SSEConnectionMonitor + SSEElement per id; `cfg` holds SSEConnectionConfig fields;
                                 `junk=1` adds three invalid monitor configurations; `swap=news` makes the elements swap
                                 `news` events (and the streams send their content as `news`); `trigger` and `headers`
                                 become the elements' hx-trigger and hx-headers, `on` and `on_close` their hx-on
                                 for htmx:sse:before:connection and htmx:sse:close (htmx 4); `beat`, `delay`, `slot`: below
  /handwritten?cfg={...}          an SSE element written by hand (no sse-close), monitored by SSEConnectionMonitorScript
  /hostile?label=...              a monitor whose labels and custom indicators hold `label`
  /other?back=URL                 a page without monitors (hx-boost target), with a boosted link back to URL
Streams and control
  /stream/{cid}?tick=300&beat=heartbeat&swap=message&delay=0&slot=&then=
                                  after `delay` ms (an answer, or a refusal), a hello giving the page `slot` (when set: where its reconnects
                                  sit in the grid), a `swap` event "{cid} connection {n} ({pid})" (n counts the
                                  connection attempts that reached this server process) and, in the same write, a
                                  `then` event (when set), then a `beat` event every `tick` ms
  /stats                          per id: connection times (time.time() when each request arrived), the HX-Request,
                                  HX-Current-URL and X-Test headers of each, and streams open now; `pid`: the server's
                                  process id
  /control/{cid}/{action}         close[?event=NAME] | oob | silence | drop | refuse?n=N&code=503 (the next N
                                  connections get HTTP `code`: 204 is the standard's way to say stop)
  /replaced/{cid}                 plain content that replaces a monitor's box
"""
import asyncio, json, os, time
from urllib.parse import quote
from collections import defaultdict, deque
from dataclasses import dataclass, field
from fasthtml.common import (A, Button, Div, EventStream, JSONResponse, Link, Main, P, Response, Script, Span, Title, fast_app,
                             sse_message)
from sse_monitor import (LOCAL_PREFIX, STATES, SSEConnectionConfig, SSEConnectionMonitor, SSEConnectionMonitorScript,
                         SSEElement, StatusContainer, StatusIndicator, asset_headers, create_connection_status_indicators,
                         mount_local_assets, share_between_tabs)

HTMX4 = os.environ.get('HTMX') == '4'   # an htmx 4 page (hx-sse) instead of htmx 2 (htmx-ext-sse)
app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, htmx4=HTMX4), Link(rel='icon', href='data:,')), pico=False, htmx=False,
                   surreal=False, secret_key='tests')
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])
share_between_tabs(app)   # the tabs of a browser context (one session) share its streams


@dataclass
class StreamState:
    connections: list = field(default_factory=list)  # time.time() of every connection attempt that reached us
    headers: list = field(default_factory=list)      # the headers of each, that htmx sends
    open: int = 0                                     # streams open now
    refuse: int = 0                                   # answer the next `refuse` connections with HTTP `code`
    code: int = 503
    commands: deque = field(default_factory=deque)    # for the open streams: (action, event name) of close, oob, silence, drop

streams = defaultdict(StreamState)


def _config(cfg:str) -> SSEConnectionConfig: return SSEConnectionConfig(**json.loads(cfg))


def _box(cid, status, element, script):
    return Div(status, element, script, id=f'box-{cid}', cls='flex items-center gap-4 p-2')


@rt('/')
def index(req, ids:str='a', cfg:str='{}', tick:int=300, junk:int=0, swap:str='message', beat:str='heartbeat', delay:int=0,
          slot:str='', then:str='', trigger:str='', headers:str='', on:str='',
          on_close:str=''):
    config = _config(cfg)
    boxes = [Script(data_sse_monitor=cid, data_sse_config=changes) for cid, changes in
             (('junk1', '{"reconnect_delay": "soon"}'), ('junk2', '{"reconnect_delay": 5'), ('bad id', '{}'))][:junk * 3]
    for cid in ids.split(','):
        status, script = SSEConnectionMonitor(cid, config=config)
        element = SSEElement(cid, f'/stream/{cid}?tick={tick}&swap={swap}&beat={beat}&delay={delay}&slot={slot}&then={then}', 'connecting...',
                             swap=swap, close_event=config.close_event, htmx4=HTMX4, hx_trigger=trigger or None,
                             hx_headers=headers or None, **({'hx-on--sse-before-connection': on} if on else {}),
                             **({'hx-on--sse-close': on_close} if on_close else {}))
        replace = Button('replace', id=f'replace-{cid}', hx_get=f'/replaced/{cid}', hx_target=f'#box-{cid}', hx_swap='outerHTML')
        boxes.append(Div(_box(cid, status, element, script), replace))
    back = quote(f'{req.url.path}?{req.url.query}')
    return Title('monitor'), Main(*boxes, Div(A('other page', href=f'/other?back={back}', id='go-other'), hx_boost='true'))


@rt('/handwritten')
def handwritten(cfg:str='{}', tick:int=300):
    "As users write it today: hx-ext, sse-connect and sse-swap by hand, no sse-close"
    element = Div('connecting...', hx_ext='sse', sse_connect=f'/stream/hand?tick={tick}', sse_swap='message', id='sse-element-hand')
    indicators = create_connection_status_indicators()
    status = Div(indicators['reconnecting'], id='sse-status-hand')
    return Title('handwritten'), Main(_box('hand', status, element, SSEConnectionMonitorScript('hand', indicators, _config(cfg))))


@rt('/hostile')
def hostile(label:str, cfg:str='{}'):
    "Labels (patched by the runtime) and custom indicators (HTML carried as data) that try to break out"
    status, script = SSEConnectionMonitor('labels', config=_config(cfg), labels={s: f'{s} {label}' for s in STATES})
    custom = {s: Span(StatusIndicator(s, label=f'{s} {label}'), Span(label, cls='custom')) for s in STATES}
    return Title('hostile'), Main(
        _box('labels', status, SSEElement('labels', '/stream/labels'), script),
        _box('custom', StatusContainer('custom', custom['reconnecting']), SSEElement('custom', '/stream/custom'),
             SSEConnectionMonitorScript('custom', custom, _config(cfg))))


@rt('/other')
def other(back:str='/'):
    return Title('other'), Main(P('No monitors here.'), Div(A('back', href=back, id='go-back'), hx_boost='true'))


@rt('/replaced/{cid}')
def replaced(cid:str): return Div(f'{cid} replaced', id=f'box-{cid}')


@rt('/stream/{cid}')
async def stream(req, cid:str, tick:int=300, swap:str='message', beat:str='heartbeat', delay:int=0, slot:str='', then:str=''):
    state = streams[cid]
    state.connections.append(time.time())
    state.headers.append({name: req.headers.get(name) for name in ('hx-request', 'hx-current-url', 'x-test')})
    await asyncio.sleep(delay / 1000)
    if state.refuse > 0:
        state.refuse -= 1
        return Response(status_code=204) if state.code == 204 else Response('refused', status_code=state.code)
    return EventStream(_events(cid, state, tick / 1000, swap, beat, slot, then))


async def _events(cid, state, tick, swap, beat, slot, then):
    state.open += 1
    try:
        if slot: yield f'event: sse-monitor\ndata: {{"slot": {float(slot)}}}\n\n'
        first = sse_message(Span(f'{cid} connection {len(state.connections)} ({os.getpid()})'), event=swap)
        yield first + (f'event: {then}\ndata: right after\n\n' if then else '')   # `then`: in the same write
        silent, beats, next_beat = False, 0, time.monotonic() + tick
        while True:
            await asyncio.sleep(0.02)
            command, event = state.commands.popleft() if state.commands else (None, None)
            if command == 'close':
                yield f'event: {event}\ndata: {{"reason": "test-close"}}\n\n'
                return
            if command == 'oob':
                yield sse_message(Div(f'{cid} stream ended', id=f'sse-element-{cid}', hx_swap_oob='outerHTML'), event=swap)
                return
            if command == 'drop': return
            if command == 'silence': silent = True
            if not silent and time.monotonic() >= next_beat:
                beats += 1
                next_beat += tick
                yield f'event: {beat}\ndata: {beats}\n\n'
    finally:
        state.open -= 1


@rt('/stats')
def stats():
    return JSONResponse({'pid': os.getpid(), **{cid: {'connections': s.connections, 'headers': s.headers, 'open': s.open} for cid, s in streams.items()}})


@rt('/control/{cid}/{action}')
def control(cid:str, action:str, n:int=0, event:str='close', code:int=503):
    state = streams[cid]
    if action == 'refuse': state.refuse, state.code = n, code
    else: state.commands.append((action, event))
    return 'ok'
