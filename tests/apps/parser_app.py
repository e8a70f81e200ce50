"""The bytes of an event stream exactly as a test writes them, for Chromium's EventSource and the runtime's FetchSource to
read side by side (tests/test_parser_browser.py).

  /                   a page that imports js/src/fetchsource.js (served from /src/) and has `compare(url, types, ms)`: opens an EventSource and
                      a FetchSource on `url` at once and gives what each saw (opened, readyState at its first error, events);
                      `timed(url, native)`: the ms until the first event of `url` and its length, read by one of them
  /line?mib=4&chunk=65536&pause=0.002
                      one event whose data is a line of `mib` MiB, written `chunk` bytes at a time, `pause` s apart
  /raw?chunks=H,H&pause=0.1&hold=0&status=200&type=text/event-stream
                      answers with `status` and Content-Type `type` (none when empty), then writes each chunk (hex) as its
                      own write, `pause` s apart, and keeps the stream open `hold` s more before it ends it
"""
import asyncio, pathlib
from starlette.applications import Starlette
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

SRC = pathlib.Path(__file__).parents[2]/'js'/'src'

PAGE = '''<!doctype html><title>parser</title><link rel="icon" href="data:,">
<script type="module">
import { FetchSource } from '/src/fetchsource.js';
function watch(source, types, ms, started) {
  const seen = { opened: false, readyState: null, events: [] };
  return new Promise((resolve) => {
    const done = () => { source.close(); resolve(seen); };
    const got = (event) => seen.events.push([event.type, event.data, event.lastEventId, Math.round(performance.now() - started)]);
    for (const type of types) source.addEventListener(type, got);
    source.addEventListener('open', () => { seen.opened = true; });
    source.addEventListener('error', () => { seen.readyState = source.readyState; done(); });
    setTimeout(done, ms);
  });
}
window.compare = async (url, types, ms) => {
  const started = performance.now();
  const [native, fetched] = await Promise.all([watch(new EventSource(url), types, ms, started),
                                               watch(new FetchSource(url), ['*'], ms, started)]);
  return { native, fetched };
};
window.timed = (url, native) => new Promise((resolve) => {   // ms until the first event of `url`, read by one of them
  const started = performance.now(), source = native ? new EventSource(url) : new FetchSource(url);
  source.addEventListener('message', (event) => { source.close(); resolve([performance.now() - started, event.data.length]); });
});
window.ready = true;
</script>'''


async def raw(request):
    q = request.query_params
    chunks = [bytes.fromhex(c) for c in q.get('chunks', '').split(',') if c]
    pause, hold, status = float(q.get('pause', '0.1')), float(q.get('hold', '0')), int(q.get('status', '200'))
    headers = {'Cache-Control': 'no-store'}
    if q.get('type', 'text/event-stream'): headers['Content-Type'] = q.get('type', 'text/event-stream')
    if status == 204: return Response(status_code=204, headers=headers)
    async def write():
        for i, chunk in enumerate(chunks):
            if i: await asyncio.sleep(pause)
            yield chunk
        await asyncio.sleep(hold)
    response = StreamingResponse(write(), status_code=status, headers=headers)
    if 'Content-Type' not in headers: del response.headers['content-type']
    return response


def source(request):
    "A module of the runtime's sources (fetchsource.js and what it imports)"
    path = SRC/request.path_params['name']
    if path.parent != SRC or path.suffix != '.js' or not path.is_file(): return Response(status_code=404)
    return FileResponse(path, media_type='text/javascript')


async def line(request):
    q = request.query_params
    size, chunk, pause = int(float(q.get('mib', '4')) * 2**20), int(q.get('chunk', '65536')), float(q.get('pause', '0.002'))
    async def write():
        yield b'data: '
        for _ in range(size // chunk):
            yield b'x' * chunk
            await asyncio.sleep(pause)   # each write reaches the page as its own chunk
        yield b'\n\n'
        await asyncio.sleep(60)   # held open: the reader closes it
    return StreamingResponse(write(), headers={'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store'})


app = Starlette(routes=[Route('/', lambda r: HTMLResponse(PAGE)), Route('/raw', raw), Route('/line', line),
                        Route('/src/{name:str}', source)])
