"Helpers for the SSEHub tests: publishing through a server, reading streams until they hold enough, a real redis-server."
import asyncio, json, shutil, socket, subprocess, threading, time, urllib.error, urllib.request
from harness import free_port
from sse_client import StreamClient


def publish(server, topic:str='news', n:int=1, start:int=0, size:int=0, event:str='message') -> list[str]:
    "POST to the hub app's /publish: the ids of the `n` events, in order"
    request = urllib.request.Request(f'{server.url}/publish/{topic}?n={n}&start={start}&size={size}&event={event}', method='POST')
    return json.loads(urllib.request.urlopen(request, timeout=10).read())


def publish_error(server, topic:str='news') -> tuple[int, str]:
    "POST one event that is expected to fail: (status, error text)"
    try: urllib.request.urlopen(urllib.request.Request(f'{server.url}/publish/{topic}', method='POST'), timeout=10)
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read())['error']
    raise AssertionError('the publish succeeded')


def shown(page) -> list[int]:
    "The data-k of every event the hub app's page appended, in page order"
    return page.eval_on_selector_all('#sse-element-news p[data-k]', 'ps => ps.map(p => Number(p.dataset.k))')


def wait_shown(page, n:int, timeout:float=10):
    "Wait until the hub app's page shows at least `n` events"
    page.wait_for_function("n => document.querySelectorAll('#sse-element-news p[data-k]').length >= n", arg=n,
                           timeout=timeout * 1000)


def stats(server) -> dict: return json.loads(urllib.request.urlopen(f'{server.url}/stats', timeout=5).read())


def message_ids(client:StreamClient) -> list[str]:
    "The ids of the client's `message` events (the hub's events; no hello, heartbeat or close)"
    return [i for (event, _), i in zip(client.events, client.ids) if event == 'message']


async def until(check, timeout:float=10, what:str='condition'):
    "Wait until `check()` is true"
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline: raise AssertionError(f'timed out waiting for {what}')
        await asyncio.sleep(0.02)


async def reading(port:int, path:str, headers:dict|None=None) -> tuple[StreamClient, asyncio.Task]:
    "Open a stream and start reading it; returns once its hello arrived"
    client = await StreamClient(port, path, headers).open()
    task = asyncio.ensure_future(client.read_all())
    await asyncio.wait_for(client.first.wait(), 10)
    return client, task


class RedisServer:
    "A real redis-server on a free port, keeping nothing on disk (so a restart comes back empty)"
    def __init__(self, log_dir):
        if not shutil.which('redis-server'): raise RuntimeError('redis-server is missing: run scripts/setup.sh --redis')
        self.port, self.log_dir, self.proc = free_port(), log_dir, None

    @property
    def url(self) -> str: return f'redis://127.0.0.1:{self.port}/0'

    def start(self) -> 'RedisServer':
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir/f'redis-{self.port}.log', 'ab') as log:
            self.proc = subprocess.Popen(['redis-server', '--port', str(self.port), '--bind', '127.0.0.1', '--save', '',
                                          '--appendonly', 'no'], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while True:
            try: socket.create_connection(('127.0.0.1', self.port), 0.2).close(); return self
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None: raise RuntimeError('redis-server did not start')
                time.sleep(0.05)

    def kill(self):
        if self.proc and self.proc.poll() is None: self.proc.kill(); self.proc.wait()

    def command(self, *args:str) -> str:
        "Run a command with redis-cli and return its output"
        return subprocess.run(['redis-cli', '-p', str(self.port), *args], capture_output=True, text=True, check=True).stdout


class TcpProxy:
    """A TCP proxy the test controls, on a free port of 127.0.0.1, to `target_port`. `forget(what)` makes the open
    connections whose client sent `what` go silent both ways, with no FIN and no RST: as a NAT or a load balancer that
    dropped them from its table. New connections still pass."""
    def __init__(self, target_port:int):
        self.port, self.target, self.links = free_port(), target_port, []   # links: [bytes sent so far, silent?]
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.server = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._link, '127.0.0.1', self.port), self.loop).result(5)

    async def _link(self, reader, writer):
        up_reader, up_writer = await asyncio.open_connection('127.0.0.1', self.target)
        link = [b'', False]
        self.links.append(link)
        async def pipe(source, sink, outgoing:bool):
            try:
                while data := await source.read(65536):
                    if outgoing and len(link[0]) < 4096: link[0] += data
                    if not link[1]: sink.write(data)   # a forgotten link swallows what comes, and says nothing
            except OSError: pass
            finally:
                if not link[1]: sink.close()
        await asyncio.gather(pipe(reader, up_writer, True), pipe(up_reader, writer, False))

    def forget(self, what:bytes) -> int:
        "Silence the open connections whose client sent `what`; how many"
        found = [link for link in self.links if what in link[0] and not link[1]]
        for link in found: link[1] = True
        return len(found)

    def close(self):
        self.loop.call_soon_threadsafe(self.server.close)
