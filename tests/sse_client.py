"A minimal SSE client on raw asyncio sockets, to hold hundreds of real streams open from one test."
import asyncio, json, time
from concurrent.futures import ThreadPoolExecutor


def run(coro):
    "Run `coro` to completion in a fresh event loop of its own thread (Playwright's sync API owns this thread's loop)"
    with ThreadPoolExecutor(1) as pool: return pool.submit(asyncio.run, coro).result()


class StreamClient:
    "One event stream over HTTP/1.0 (so the body is the stream itself, unchunked); records every event until EOF"
    def __init__(self, port:int, path:str, headers:dict|None=None):
        self.port, self.path, self.request_headers = port, path, headers or {}
        self.events = []                 # (event name, data), in order
        self.ids = []                    # the id of each of those events (None when it had none)
        self.last_id = None              # the last id received, as a browser keeps it
        self.headers = {}                # the response's headers, lower-case names
        self.first = asyncio.Event()     # set when the first event arrived
        self.ended_at = None             # time.monotonic() when the server closed the stream

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection('127.0.0.1', self.port)
        extra = ''.join(f'{name}: {value}\r\n' for name, value in self.request_headers.items())
        self.writer.write(f'GET {self.path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{extra}\r\n'.encode())
        status = await self.reader.readline()
        assert b' 200 ' in status, status
        while (line := await self.reader.readline()) not in (b'\r\n', b''):
            name, _, value = line.decode('latin-1').partition(':')
            self.headers[name.strip().lower()] = value.strip()
        return self

    async def read_all(self):
        event, data, event_id = 'message', [], None
        while line := await self.reader.readline():
            line = line.decode().rstrip('\r\n')
            if line.startswith('event:'): event = line[6:].strip()
            elif line.startswith('data:'): data.append(line[5:].removeprefix(' '))
            elif line.startswith('id:'): event_id = self.last_id = line[3:].strip()
            elif not line and data:
                self.events.append((event, '\n'.join(data)))
                self.ids.append(event_id)
                self.first.set()
                event, data, event_id = 'message', [], None
        self.ended_at = time.monotonic()
        self.writer.close()

    def close_reason(self) -> str|None:
        "The reason of the close event this stream received, if any"
        reasons = [json.loads(data)['reason'] for event, data in self.events if event == 'close']
        return reasons[-1] if reasons else None


async def open_streams(port:int, paths:list[str], timeout:float=20) -> tuple[list[StreamClient], list[asyncio.Task]]:
    "Open every stream, start reading them, and wait until each has received its first event"
    clients = await asyncio.gather(*(StreamClient(port, p).open() for p in paths))
    readers = [asyncio.ensure_future(c.read_all()) for c in clients]
    await asyncio.wait_for(asyncio.gather(*(c.first.wait() for c in clients)), timeout)
    return clients, readers
