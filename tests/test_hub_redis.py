"SSEHub on a real redis-server: several uvicorn workers, a killed worker, a broker restart, and 1,000 clients come and gone."
import asyncio, json, os, re, signal, time
import pytest
from hub_helpers import TcpProxy, message_ids, publish, publish_error, reading, stats, until
from sse_client import run


async def spread(port:int, n:int, workers:int) -> list:
    "Open streams until `n` are held, as many by each of the `workers` processes (the kernel picks who accepts)"
    held = []
    for _ in range(400):
        client, task = await reading(port, '/stream/news')
        pid = client.headers['x-worker-pid']
        if sum(c.headers['x-worker-pid'] == pid for c, _ in held) < n // workers: held.append((client, task))
        else:
            client.writer.close()
            await asyncio.gather(task, return_exceptions=True)
        if len(held) == n: return held
    raise AssertionError(f'could not spread {n} streams over {workers} workers')


def test_every_client_of_every_worker_gets_each_event_once_in_order(serve, redis_server):
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url}, args=('--workers', '3'))
    async def scenario():
        clients = [c for c, _ in await spread(server.port, 12, 3)]
        ids = []
        for batch in range(10):   # each POST lands on whichever worker accepts it
            ids += await asyncio.to_thread(publish, server, n=5, start=batch * 5)
        await until(lambda: all(len(message_ids(c)) >= 50 for c in clients), what='50 events everywhere')
        await asyncio.sleep(0.2)  # anything extra would show up now
        return ids, clients
    ids, clients = run(scenario())
    assert len({c.headers['x-worker-pid'] for c in clients}) == 3
    assert len(set(ids)) == 50 and all(re.fullmatch(r'[0-9a-f]{8}\.\d+-\d+', i) for i in ids), ids
    for client in clients: assert message_ids(client) == ids


def test_clients_of_a_killed_worker_replay_on_the_others(serve, redis_server):
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url}, args=('--workers', '3'))
    async def scenario():
        held = await spread(server.port, 12, 3)
        ids = await asyncio.to_thread(publish, server, n=20)
        await until(lambda: all(len(message_ids(c)) == 20 for c, _ in held), what='the first 20 events')
        victim = held[0][0].headers['x-worker-pid']
        os.kill(int(victim), signal.SIGKILL)
        orphans = [(c, t) for c, t in held if c.headers['x-worker-pid'] == victim]
        await asyncio.wait_for(asyncio.gather(*(t for _, t in orphans)), 5)   # their streams ended with the worker
        for start in range(20, 40, 5):   # published while they are away
            while True:
                try: ids += await asyncio.to_thread(publish, server, n=5, start=start); break
                except (ConnectionError, OSError): pass   # a POST that went to the dying worker: published nothing, try again
        again = [(await reading(server.port, '/stream/news', {'Last-Event-ID': c.last_id}))[0] for c, _ in orphans]
        ids += await asyncio.to_thread(publish, server, n=5, start=40)
        everyone = [c for c, _ in held if c.headers['x-worker-pid'] != victim] + again
        await until(lambda: all(message_ids(c)[-1:] == ids[-1:] for c in everyone), what='the last event everywhere')
        await asyncio.sleep(0.2)
        return ids, victim, held, orphans, again
    ids, victim, held, orphans, again = run(scenario())
    assert len(orphans) == 4 and all(c.headers['x-worker-pid'] != victim for c in again)
    for (before, _), after in zip(orphans, again):
        assert message_ids(before) == ids[:20]
        assert message_ids(before) + message_ids(after) == ids   # no gap, no duplicate
    for client, _ in held:
        if client.headers['x-worker-pid'] != victim: assert message_ids(client) == ids


def _position(event_id:str) -> tuple: # (ms, seq) of a Redis hub id
    ms, seq = event_id.partition('.')[2].split('-')
    return int(ms), int(seq)


def test_the_hub_survives_a_broker_restart(serve, redis_server):
    """Publishing while Redis is down fails clearly; once it is back, events flow again within 5 s, logged once. Redis
    comes back empty: the client gets a reset (fetch afresh) whose id covers what was published before the hub caught up"""
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url})
    async def scenario():
        client, reader = await reading(server.port, '/stream/news')
        first = await asyncio.to_thread(publish, server, n=1)
        redis_server.kill()
        await asyncio.sleep(0.5)
        status, error = await asyncio.to_thread(publish_error, server)
        await asyncio.sleep(2.5)   # the reader keeps trying meanwhile: that must not flood the log
        redis_server.start()
        back, later = time.monotonic(), []
        while len(message_ids(client)) < 2 and time.monotonic() < back + 10:   # one event a tenth of a second
            try: later += await asyncio.to_thread(publish, server, n=1, start=len(later) + 1)
            except Exception: pass
            await asyncio.sleep(0.1)
        took = time.monotonic() - back
        await asyncio.sleep(0.3)
        return client, reader.done(), first, later, status, error, took
    client, ended, first, later, status, error, took = run(scenario())
    assert (status, error.endswith('the event was not published')) == (503, True), (status, error)
    assert 'Redis is unreachable' in error
    assert took < 5, took
    assert not ended   # the stream lived through it
    resets = [(i, data) for (event, data), i in zip(client.events, client.ids) if event == 'reset']
    assert [data for _, data in resets] == ['{"reason":"unknown"}'], client.events
    reset_at = _position(resets[0][0])
    assert message_ids(client) == first + [i for i in later if _position(i) > reset_at]   # nothing after the reset lost
    assert later and _position(later[-1]) > reset_at
    log = server.stderr_path.read_text()
    assert log.count('lost Redis') == 1 and log.count('Redis is back') == 1, log
    assert 'Traceback' not in log, log


def test_a_lost_subscription_catches_up(serve, redis_server):
    "Redis drops the worker's pub/sub connection; what is published before it is back still reaches the client, once"
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url})
    async def scenario():
        client, _ = await reading(server.port, '/stream/news')
        redis_server.command('CLIENT', 'KILL', 'TYPE', 'pubsub')
        ids = await asyncio.to_thread(publish, server, n=5)   # before the reader is back (it waits 0.1 s first)
        await until(lambda: message_ids(client)[-1:] == ids[-1:], what='the events published meanwhile')
        ids += await asyncio.to_thread(publish, server, n=2, start=5)
        await until(lambda: message_ids(client)[-1:] == ids[-1:], what='the live events after')
        await asyncio.sleep(0.2)
        return ids, client
    ids, client = run(scenario())
    assert message_ids(client) == ids
    assert not [event for event, _ in client.events if event == 'reset']


def test_an_id_the_hub_never_issued_gets_a_reset_not_a_503(serve, redis_server):
    "Made-up ids of the hub's own epoch (Lua would fail on them): each a reset, never 'Redis is unreachable'"
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url})
    epoch = publish(server)[0].partition('.')[0]
    async def scenario():
        made_up = ('1--2', '1-2-3', '-1-0', '1e3-0', '9' * 5000 + '-0', '%C2%B2-0')
        clients = [(await reading(server.port, f'/stream/news?last_event_id={epoch}.{p}'))[0] for p in made_up]
        await until(lambda: all(len(c.events) >= 2 for c in clients), what='an event after the hello')
        return [c.events[1:2] for c in clients]
    assert run(scenario()) == [[('reset', '{"reason":"unknown"}')]] * 6
    log = server.stderr_path.read_text()
    assert 'Traceback' not in log and 'unreachable' not in log, log


def test_a_subscription_that_the_network_forgot_is_noticed_and_caught_up(serve, redis_server):
    """The worker's pub/sub connection goes silent without FIN or RST (a NAT or load balancer forgot it), while its
    publishes go on working: within a few seconds the reader notices, connects again and catches up, with no gap"""
    proxy = TcpProxy(redis_server.port)
    server = serve('hub_app:asgi', env={'HUB_URL': f'redis://127.0.0.1:{proxy.port}/0'})
    async def scenario():
        client, _ = await reading(server.port, '/stream/news')
        first = await asyncio.to_thread(publish, server, n=1)
        await until(lambda: message_ids(client) == first, what='the first event')
        assert proxy.forget(b'SUBSCRIBE') == 1
        ids = await asyncio.to_thread(publish, server, n=5, start=1)   # these succeed: commands use other connections
        await until(lambda: message_ids(client)[-1:] == ids[-1:], timeout=15, what='the events published meanwhile')
        more = await asyncio.to_thread(publish, server, n=2, start=6)
        await until(lambda: message_ids(client)[-1:] == more[-1:], what='the live events after')
        return first + ids + more, client
    try: ids, client = run(scenario())
    finally: proxy.close()
    assert message_ids(client) == ids
    assert not [event for event, _ in client.events if event == 'reset']
    log = server.stderr_path.read_text()
    assert log.count('lost Redis') == 1 and 'no answer' in log and log.count('Redis is back') == 1, log


def _redis_clients(redis_server) -> int: return len(redis_server.command('CLIENT', 'LIST').strip().splitlines()) - 1


def test_a_thousand_clients_come_and_go_and_leave_nothing_behind(serve, redis_server):
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url})
    async def cycles(n:int, at_once:int=50):
        async def one():
            client, task = await reading(server.port, '/stream/news')
            client.writer.close()
            await asyncio.gather(task, return_exceptions=True)
        for _ in range(n // at_once): await asyncio.gather(*(one() for _ in range(at_once)))
        await until(lambda: stats(server)['subscribers'] == 0, what='every client unsubscribed')
        await asyncio.sleep(0.3)
    def counts():
        s = stats(server)
        return dict(tasks=s['tasks'], sockets=s['sockets'], subscribers=s['subscribers'], redis=_redis_clients(redis_server))
    run(cycles(100))   # warm up: the connection pool grows to what 50 joins at once need
    before = counts()
    run(cycles(1000))
    after = counts()
    assert after == before, (before, after)
    assert before['subscribers'] == 0 and before['redis'] <= 17   # 16 for commands at most, and the reader's


def test_a_page_stream_on_redis_carries_its_topics_tagged_and_replays_them(serve, redis_server):
    "Two workers: the page stream of one gets what the other publishes, tagged with its topic; a return replays every topic"
    server = serve('hub_app:asgi', env={'HUB_URL': redis_server.url}, args=('--workers', '2'))
    page_stream = '/sse-monitor/hub?s=/stream/a&s=/stream/b'
    async def scenario():
        page, _ = await reading(server.port, page_stream)
        ids = []
        for topic in ('a', 'b', 'c', 'a'): ids += await asyncio.to_thread(publish, server, topic, start=len(ids))
        await until(lambda: len(message_ids(page)) == 3, what='the events of a and b')
        back, _ = await reading(server.port, f'{page_stream}&last_event_id={ids[0]}')
        await until(lambda: len(message_ids(back)) == 2, what='the replay')
        return ids, page, back
    ids, page, back = run(scenario())
    hello = json.loads(page.events[0][1])
    assert hello['streams'] == [['a'], ['b']] and page.ids[0] is not None   # the hub's newest id, for a return before any event
    expected = [(ids[0], 'a message\n<p data-k="0">event 0</p>'), (ids[1], 'b message\n<p data-k="1">event 1</p>'),
                (ids[3], 'a message\n<p data-k="3">event 3</p>')]   # c is not on this page
    assert [(i, data) for (event, data), i in zip(page.events, page.ids) if event == 'message'] == expected
    assert [(i, data) for (event, data), i in zip(back.events, back.ids) if event == 'message'] == expected[1:]
