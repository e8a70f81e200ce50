"SSEHub in one real uvicorn: replay after a last id, and a client that stops reading."
import asyncio, re, socket
from hub_helpers import message_ids, publish, reading, stats, until
from sse_client import StreamClient, run


def test_replay_after_the_last_id_by_header_and_by_query(serve):
    server = serve('hub_app:asgi')
    async def scenario():
        live, _ = await reading(server.port, '/stream/news')
        ids = await asyncio.to_thread(publish, server, n=10)
        await until(lambda: len(message_ids(live)) == 10, what='the first 10 events')
        by_header, _ = await reading(server.port, '/stream/news', {'Last-Event-ID': ids[3]})
        by_query, _ = await reading(server.port, f'/stream/news?last_event_id={ids[3]}')
        fresh, _ = await reading(server.port, '/stream/news')
        more = await asyncio.to_thread(publish, server, n=5, start=10)
        clients = (live, by_header, by_query, fresh)
        await until(lambda: all(message_ids(c)[-1:] == more[-1:] for c in clients), what='the last event everywhere')
        return ids + more, [message_ids(c) for c in clients], live
    ids, (live, by_header, by_query, fresh), client = run(scenario())
    assert len(set(ids)) == 15 and all(re.fullmatch(r'[0-9a-f]{8}\.\d+', i) for i in ids), ids
    assert live == ids
    assert by_header == by_query == ids[4:]    # exactly what followed the id: no gap, no duplicate
    assert fresh == ids[10:]                   # no id: only what comes from then on
    assert ('message', '<p data-k="3">event 3</p>') in client.events


def test_an_id_the_hub_never_issued_gets_a_reset_not_an_error(serve):
    "Made-up ids of the hub's own epoch, by header and by query: a non-ASCII digit, 5,000 digits, a sign; each a reset"
    server = serve('hub_app:asgi')
    epoch = publish(server)[0].partition('.')[0]
    async def scenario():
        by_header = [await reading(server.port, '/stream/news', {'Last-Event-ID': f'{epoch}.{n}'}) for n in ('9' * 5000, '-1', '1_0')]
        by_query = [await reading(server.port, f'/stream/news?last_event_id={epoch}.{n}') for n in ('%C2%B2', '%EF%BC%91', '9' * 5000)]
        clients = [c for c, _ in by_header + by_query]
        await until(lambda: all(len(c.events) >= 2 for c in clients), what='an event after the hello')
        return [c.events[1:2] for c in clients]
    assert run(scenario()) == [[('reset', '{"reason":"unknown"}')]] * 6
    assert 'Traceback' not in server.stderr_path.read_text()


def _complete_events(raw:bytes) -> list[tuple[str, str]]:
    "(id, event name) of every complete event in raw stream bytes (the last one may have been cut off)"
    found = []
    for block in raw.decode(errors='replace').split('\n\n')[:-1]:
        fields = dict(line.split(': ', 1) for line in block.split('\n') if ': ' in line)
        found.append((fields.get('id'), fields.get('event', 'message')))
    return found


def test_a_client_that_stops_reading_is_let_go_and_replays_when_back(serve):
    "It never holds up the publisher or the others, is dropped, and picks up from its last complete event"
    server = serve('hub_app:asgi', env={'HUB_QUEUE': '50', 'HUB_HISTORY': '5000'})
    async def scenario():
        stalled = socket.socket()
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.connect(('127.0.0.1', server.port))
        stalled.sendall(b'GET /fast/news HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
        steady, _ = await reading(server.port, '/stream/news')
        await until(lambda: stats(server)['subscribers'] == 2, what='both subscribed')
        ids = []
        for batch in range(10):   # 1,000 events of 10 KB: far more than the kernel buffers (4 MB) and the queue
            ids += await asyncio.to_thread(publish, server, n=100, start=batch * 100, size=10_000)
        await until(lambda: message_ids(steady)[-1:] == ids[-1:], what='the steady client got everything')
        await until(lambda: stats(server)['subscribers'] == 1, timeout=5, what='the stalled client let go')
        stalled.settimeout(5)
        raw = b''
        try:
            while chunk := stalled.recv(65536): raw += chunk
        except ConnectionResetError: pass
        stalled.close()
        got = _complete_events(raw.split(b'\r\n\r\n', 1)[1])
        last = [i for i, event in got if event == 'message'][-1]
        back, _ = await reading(server.port, '/stream/news', {'Last-Event-ID': last})
        await until(lambda: message_ids(back)[-1:] == ids[-1:], what='the replay')
        return ids, message_ids(steady), [i for i, event in got if event == 'message'], message_ids(back)
    ids, steady, before, replayed = run(scenario())
    assert steady == ids
    assert 0 < len(before) < len(ids) and before == ids[:len(before)]
    assert before + replayed == ids          # back from its last complete event: no gap, no duplicate
    log = server.stderr_path.read_text()     # dropped, not left to uvicorn to close with its data unsent
    assert 'Traceback' not in log and 'without completing response' not in log, log


def test_clients_that_stop_reading_hold_a_bounded_number_of_bytes(serve):
    """Five clients that never read, 100 KB events: each is let go once about `queue_bytes` (1 MiB) waits for it, well
    before `queue_size` (256) events do; the server's peak memory grows by a few MB, not by what they missed"""
    server = serve('hub_app:asgi', env={'HUB_HISTORY': '5'})
    async def scenario():
        stalled = []
        for _ in range(5):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(('127.0.0.1', server.port))
            s.sendall(b'GET /fast/news HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
            stalled.append(s)
        await until(lambda: stats(server)['subscribers'] == 5, what='all subscribed')
        before = stats(server)['peak_rss']
        for batch in range(20):   # 200 events of 100 KB: 20 MB that none of them reads
            await asyncio.to_thread(publish, server, n=10, start=batch * 10, size=100_000)
        await until(lambda: stats(server)['subscribers'] == 0, timeout=5, what='every stalled client let go')
        grown = stats(server)['peak_rss'] - before
        for s in stalled: s.close()
        return grown
    grown = run(scenario())
    assert grown < 25 * 2**20, f'peak memory grew by {grown / 2**20:.0f} MB'   # measured: 15 MB; 35 MB without the bound
