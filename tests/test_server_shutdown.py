"""Server helpers against real uvicorn processes and real clients: every open stream ends at once, with the
client told, on SIGINT/SIGTERM and on reload; lifespan shutdown still runs; nothing prints a traceback."""
import asyncio, json, shutil, signal, socket, sys, time, urllib.request
import pytest
from harness import APPS, UvicornServer
from sse_client import StreamClient, open_streams, run


def _get(url:str, timeout:float=5) -> str: return urllib.request.urlopen(url, timeout=timeout).read().decode()


def _wait_for_new_worker(server, old_pid:str, timeout:float) -> float:
    "Seconds until a worker other than `old_pid` answers /pid"
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if _get(f'{server.url}/pid', timeout=1) != old_pid: return time.monotonic() - start
        except OSError: pass
        time.sleep(0.05)
    raise AssertionError(f'no new worker within {timeout}s:\n{server.stderr_path.read_text()}')


# "At once": with streams open, a server exits at most this many seconds later than the same server with none. A server
# that only cuts its streams with `--timeout-graceful-shutdown 1` is a second late, and fails this bound (tested below).
PROMPT = 0.5


def _exit_after(server, signum, paths) -> tuple[float, list[StreamClient]]:
    "Open streams on `paths`, send `signum`, and return the seconds until the server exited and the clients"
    async def scenario():
        clients, readers = await open_streams(server.port, paths) if paths else ([], [])
        signalled = time.monotonic()
        server.signal(signum)
        exited = await asyncio.get_running_loop().run_in_executor(None, server.wait_exit, 10)
        took = time.monotonic() - signalled
        await asyncio.wait_for(asyncio.gather(*readers, return_exceptions=True), 5)
        assert exited, f'still running 10 s after {signum!r}'
        return took, clients
    return run(scenario())


def _extra_exit_time(server, signum, paths) -> tuple[float, list[StreamClient]]:
    """How much longer the (running) server takes to exit with streams on `paths` open than with none, measured by
    stopping it once bare and once, restarted, with the streams; and those streams' clients"""
    bare, _ = _exit_after(server, signum, [])
    took, clients = _exit_after(server.start(), signum, paths)
    return took - bare, clients


def _oob(i): return ('message', f'<div hx-swap-oob="outerHTML" id="sse-element-c{i}">Stream ended.</div>')


@pytest.mark.parametrize('streams', [1, 100])
@pytest.mark.parametrize('signum', [signal.SIGINT, signal.SIGTERM], ids=['SIGINT', 'SIGTERM'])
def test_signal_ends_every_stream_and_the_server_exits(serve, streams, signum):
    "Ctrl+C (SIGINT) shuts pages down; a process manager's SIGTERM is a restart: pages are told when to come back"
    server = serve('server_app:app')
    extra, clients = _extra_exit_time(server, signum, [f'/stream/c{i}' for i in range(streams)])
    assert server.proc.returncode in (0, -signum), server.proc.returncode
    if signum == signal.SIGINT:
        assert [c.close_reason() for c in clients] == ['shutdown'] * streams
        assert all(_oob(i) in c.events for i, c in enumerate(clients))
    else:
        assert [c.close_reason() for c in clients] == ['restart'] * streams
        assert all(json.loads(c.events[-1][1]) == {'reason': 'restart', 'retry': 1000, 'spread': 2500} for c in clients)
        assert not any(_oob(i) in c.events for i, c in enumerate(clients))   # the element stays, to reconnect
    assert 'lifespan shutdown' in server.stdout_path.read_text()
    assert 'Traceback' not in server.stderr_path.read_text(), server.stderr_path.read_text()
    assert extra < PROMPT, extra


def test_sigterm_can_mean_shutdown(serve):
    "configure_lifecycle(sigterm='shutdown'), for an app that really goes away on SIGTERM"
    server = serve('server_app:app', env={'SSE_MONITOR_TEST_SIGTERM': 'shutdown'})
    _, (client,) = _extra_exit_time(server, signal.SIGTERM, ['/stream/c0'])
    assert client.close_reason() == 'shutdown' and _oob(0) in client.events


def test_the_promptness_bound_fails_a_server_that_times_out_its_streams(serve):
    "The control for PROMPT: plain EventStream streams under `--timeout-graceful-shutdown 1` end late, and untold"
    server = serve('server_app:app', args=('--timeout-graceful-shutdown', '1'))
    extra, (client,) = _extra_exit_time(server, signal.SIGINT, ['/plain/t'])
    assert extra > PROMPT, extra
    assert client.close_reason() is None


def test_a_client_that_stopped_reading_does_not_hold_the_server(serve):
    "Regression: a goodbye that could not be written (the client's window full) kept uvicorn waiting for ever"
    import socket
    server = serve('server_app:app')
    stalled = socket.create_connection(('127.0.0.1', server.port))
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.sendall(b'GET /flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')   # ...and never reads a byte
    time.sleep(1)                                                           # the server's buffers fill up
    signalled = time.monotonic()
    server.signal(signal.SIGINT)
    try: assert server.wait_exit(10), 'still waiting for a client that does not read'
    finally: stalled.close()
    assert time.monotonic() - signalled < 1 + PROMPT + 1   # cut 1 s after the shutdown, with a margin


def test_a_client_that_pipelined_a_request_behind_its_stream_does_not_hold_the_server(serve):
    """Regression: uvicorn (httptools) makes a pipelined request its connection's current one as soon as its headers are
    in, so the stalled stream's connection was no longer found from its scope, and uvicorn waited for it for ever"""
    server = serve('server_app:app')
    stalled = socket.create_connection(('127.0.0.1', server.port))
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.sendall(b'GET /flood HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /pid HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    time.sleep(1)
    signalled = time.monotonic()
    server.signal(signal.SIGINT)
    try: assert server.wait_exit(10), 'still waiting for a client that does not read'
    finally: stalled.close()
    assert time.monotonic() - signalled < 1 + PROMPT + 1


def test_a_failing_source_ends_its_own_stream_only(serve):
    server = serve('server_app:app')
    async def scenario():
        (healthy,), readers = await open_streams(server.port, ['/stream/healthy'])
        broken = await StreamClient(server.port, '/broken').open()
        await asyncio.wait_for(broken.read_all(), 5)
        still_serving = await asyncio.get_running_loop().run_in_executor(None, _get, f'{server.url}/pid')
        assert healthy.ended_at is None   # the other stream is still open
        for r in readers: r.cancel()
        return broken, still_serving
    broken, still_serving = run(scenario())
    assert broken.events[0][0] == 'sse-monitor' and broken.events[1] == ('message', '<p>about to fail</p>')
    assert broken.events[-1] == ('close', '{"reason":"error"}')   # what broke is the server's to know: its log says
    assert 'the feed broke' in server.stderr_path.read_text()
    assert still_serving.isdigit()


def test_client_disconnect_closes_the_source_and_leaks_nothing(serve):
    "Regression: the source's cleanup was cut at its first await when the client went away"
    server = serve('server_app:app')
    def disconnect(prefix):
        "Open five streams, hang up, and wait until every source has finished its cleanup; return the task count"
        async def scenario():
            clients, readers = await open_streams(server.port, [f'/stream/{prefix}{i}' for i in range(5)])
            for c in clients: c.writer.close()
            for r in readers: r.cancel()
            await asyncio.gather(*readers, return_exceptions=True)
        run(scenario())
        expected, deadline = {f'{prefix}{i}' for i in range(5)}, time.monotonic() + 5
        while not expected <= set((state := json.loads(_get(f'{server.url}/finished')))['finished']):
            assert time.monotonic() < deadline, state
            time.sleep(0.05)
        time.sleep(0.2)
        return json.loads(_get(f'{server.url}/finished'))['tasks']
    after_first, after_second = disconnect('d'), disconnect('e')
    assert after_second <= after_first   # nothing is left behind per stream


def _reload_scenario(server, app_file, streams):
    "Open `streams` streams, touch the app file, and measure until a new worker answers"
    async def scenario():
        old_pid = await asyncio.get_running_loop().run_in_executor(None, _get, f'{server.url}/pid')
        clients, readers = await open_streams(server.port, [f'/stream/r{i}' for i in range(streams)])
        app_file.write_text(app_file.read_text().replace("VERSION = 'version one'", "VERSION = 'version two'"))
        took = await asyncio.get_running_loop().run_in_executor(None, _wait_for_new_worker, server, old_pid, 10)
        await asyncio.wait_for(asyncio.gather(*readers), 5)
        return clients, took
    return run(scenario())


@pytest.fixture
def app_copy(tmp_path):
    "A copy of server_app.py that a test may edit (to trigger a reload)"
    folder = tmp_path/'app'
    folder.mkdir()
    shutil.copy(APPS/'server_app.py', folder/'server_app.py')
    return folder/'server_app.py'


def test_uvicorn_reload_with_20_streams(tmp_path, app_copy):
    server = UvicornServer('server_app:app', log_dir=tmp_path/'server', app_dir=app_copy.parent,
                           args=('--reload', '--reload-dir', str(app_copy.parent))).start()
    try:
        clients, took = _reload_scenario(server, app_copy, 20)
    finally: server.stop()
    assert took < 3, took
    assert [c.close_reason() for c in clients] == ['reload'] * 20
    assert not any('hx-swap-oob' in data for c in clients for _, data in c.events)   # the element stays for reconnecting
    assert 'Traceback' not in server.stderr_path.read_text(), server.stderr_path.read_text()


def test_fasthtml_serve_reload_with_20_streams(tmp_path, app_copy):
    server = UvicornServer('server_app:app', log_dir=tmp_path/'server', app_dir=app_copy.parent,
                           command=[sys.executable, 'server_app.py']).start()
    try:
        clients, took = _reload_scenario(server, app_copy, 20)
    finally: server.stop()
    assert took < 3, took
    assert [c.close_reason() for c in clients] == ['reload'] * 20
    assert 'Traceback' not in server.stderr_path.read_text(), server.stderr_path.read_text()


def _script_server(tmp_path, body:str) -> UvicornServer:
    "A server started by a Python script (`body` gets `app` and `port`), as users run `uvicorn.run`"
    script = tmp_path/'run_app.py'
    script.write_text(f"import sys, uvicorn\nsys.path.insert(0, {str(APPS)!r})\nfrom server_app import app\n"
                      f"port = int(sys.argv[1])\n{body}\n")
    return UvicornServer('', log_dir=tmp_path/'server', app_dir=tmp_path,
                         command=[sys.executable, script, '{port}']).start()


def test_programmatic_uvicorn_run_with_sigint(tmp_path):
    "uvicorn.run(app) from a script, the fourth way to start a server"
    server = _script_server(tmp_path, "uvicorn.run(app, host='127.0.0.1', port=port)")
    async def scenario():
        clients, readers = await open_streams(server.port, [f'/stream/p{i}' for i in range(10)])
        server.signal(signal.SIGINT)
        exited = await asyncio.get_running_loop().run_in_executor(None, server.wait_exit, 10)
        await asyncio.wait_for(asyncio.gather(*readers), 5)
        return clients, exited
    try: clients, exited = run(scenario())
    finally: server.stop()
    assert exited
    assert [c.close_reason() for c in clients] == ['shutdown'] * 10
    assert 'lifespan shutdown' in server.stdout_path.read_text()
    assert 'Traceback' not in server.stderr_path.read_text(), server.stderr_path.read_text()


def test_server_that_stops_without_a_signal_ends_its_streams(tmp_path):
    "Regression: with limit_max_requests (no signal), uvicorn waited forever for the open stream"
    server = _script_server(tmp_path, "uvicorn.run(app, host='127.0.0.1', port=port, limit_max_requests=2)")
    async def scenario():
        (client,), readers = await open_streams(server.port, ['/stream/limited'])
        for _ in range(2): await asyncio.get_running_loop().run_in_executor(None, _get, f'{server.url}/pid')
        exited = await asyncio.get_running_loop().run_in_executor(None, server.wait_exit, 10)
        await asyncio.wait_for(asyncio.gather(*readers), 5)
        return client, exited
    try: client, exited = run(scenario())
    finally: server.stop()
    assert exited and client.close_reason() == 'shutdown'


def test_a_handler_left_behind_passes_signals_on(tmp_path):
    "Regression: after its event loop closed, the chained SIGINT handler raised RuntimeError instead of passing Ctrl+C on"
    script = tmp_path/'leftover.py'
    script.write_text("import asyncio, os, signal\nfrom sse_monitor import shutdown_signal\n"
                      "async def main(): shutdown_signal()\nasyncio.run(main())\nsignal.signal(signal.SIGINT, signal.getsignal(signal.SIGINT))\n"
                      "try: os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(1)\n"
                      "except KeyboardInterrupt: print('KeyboardInterrupt')\n")
    import subprocess
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=20)
    assert result.stdout.strip() == 'KeyboardInterrupt', result.stderr


def test_shutdown_signals_do_not_keep_event_loops_alive():
    "Regression: every event loop that ever asked for its shutdown signal stayed in memory"
    import gc, weakref
    from sse_monitor.server import shutdown_signal
    async def ask(): return weakref.ref(asyncio.get_running_loop()), shutdown_signal().reason
    first, reason = run(ask())
    for _ in range(2): run(ask())
    gc.collect()
    assert reason is None and first() is None
