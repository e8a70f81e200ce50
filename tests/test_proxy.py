"""Behind a real reverse proxy (Debian's nginx, configured as its docs show), where uvicorn reads each client's address
from X-Forwarded-For: a stalled client's connection is dropped by reference, never found by an address a client can
write."""
import asyncio, signal, socket, time
import pytest
from harness import peer_ports
from hub_helpers import publish, stats, until
from sse_client import StreamClient, run


def stalled_client(port:int, path:str, headers:dict|None=None) -> socket.socket:
    "A client that asks for `path` and never reads a byte of the answer (its receive window shrunk to almost nothing)"
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(('127.0.0.1', port))
    extra = ''.join(f'{name}: {value}\r\n' for name, value in (headers or {}).items())
    s.sendall(f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{extra}\r\n'.encode())
    return s


def test_ctrl_c_behind_a_proxy_does_not_wait_for_a_client_that_stopped_reading(serve, proxy):
    """Regression: the stalled client's connection was looked for by the address in the scope, which behind a proxy is
    the forwarded one; uvicorn's connection comes from the proxy, so nothing was dropped and uvicorn waited until nginx's
    send_timeout gave up on the client (60 s)"""
    server = serve('server_app:app')
    nginx = proxy(server.port, send_timeout=60)
    stalled = stalled_client(nginx.port, '/flood')
    time.sleep(1.5)   # the buffers of nginx and of both connections fill up
    server.signal(signal.SIGINT)
    try: assert server.wait_exit(8), 'uvicorn still waits for a client that does not read'
    finally: stalled.close()


def test_a_forged_forwarded_for_cannot_drop_another_clients_stream(serve, proxy):
    """Regression: a client that wrote X-Forwarded-For: 127.0.0.1:<the port of the proxy's connection for another
    client> and stopped reading was let go as slow, and the connection dropped with it was the other client's"""
    server = serve('hub_app:asgi', env={'HUB_QUEUE': '64'})
    nginx = proxy(server.port)
    async def scenario():
        victim = await StreamClient(nginx.port, '/stream/news').open()
        reader = asyncio.ensure_future(victim.read_all())
        await asyncio.wait_for(victim.first.wait(), 10)
        (victims_port,) = peer_ports(server.port)   # the proxy's connection to uvicorn for the victim
        attacker = stalled_client(nginx.port, '/stream/news', {'X-Forwarded-For': f'127.0.0.1:{victims_port}'})
        await until(lambda: stats(server)['subscribers'] == 2, what='both subscribed')
        sent, got = 0, lambda: sum(event == 'message' for event, _ in victim.events)
        while stats(server)['subscribers'] == 2 and sent < 2000:   # until the attacker is let go as slow, and dropped
            await asyncio.to_thread(publish, server, n=8, start=sent, size=50_000)   # lines under the reader's 64 KiB
            sent += 8
            await until(lambda: got() >= sent or victim.ended_at, what='the victim reads them')
        await asyncio.sleep(1.5)   # past the attacker's drop
        await asyncio.to_thread(publish, server, n=1, start=sent, size=10)
        await until(lambda: got() > sent or victim.ended_at, timeout=5, what='the last event')
        subscribers = stats(server)['subscribers']
        attacker.close()
        reader.cancel()
        return victim, sent, subscribers
    victim, sent, subscribers = run(scenario())
    assert victim.ended_at is None, f'the victim\'s stream was dropped after {len(victim.events)} events, told {victim.close_reason()!r}'
    assert [data.split('>')[0] for event, data in victim.events if event == 'message'] == [f'<p data-k="{k}"' for k in range(sent + 1)]
    assert victim.close_reason() is None
    assert subscribers == 1   # the victim's stream; the attacker's is gone
