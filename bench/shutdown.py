"""Shutdown and reload with open SSE streams: ours (monitored_stream) against plain EventStream with
`--timeout-graceful-shutdown 1` and against sse-starlette's default shutdown, side by side, in one run.

Shutdown: N streams open (N = 0, 1, 100, 1000, 10000), SIGINT to uvicorn, time until the process exits, and that time
as a multiple of the same server's exit with no stream open; how many clients got a close event before their stream
ended; tracebacks on stderr. Reload: 100 and 10,000 streams open under `uvicorn --reload`, the app file touched, time
until a new worker answers. Real uvicorn processes, real sockets (the open-files limit is raised to its maximum).
Run: bench/.venv/bin/python bench/shutdown.py [--quick]
"""
import asyncio, resource, shutil, signal, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer          # noqa: E402  (the tests' real-server harness)
from sse_client import open_streams, run   # noqa: E402

APPS = Path(__file__).resolve().parent/'apps'
VARIANTS = {  # name: (module, extra uvicorn arguments)
    'ours (monitored_stream)': ('ours_app', ()),
    'EventStream + timeout 1 s': ('plain_app', ('--timeout-graceful-shutdown', '1')),
    'sse-starlette (default)': ('starlette_app', ()),
}


def shutdown_run(module, args, n, log_dir):
    server = UvicornServer(f'{module}:app', log_dir=log_dir, app_dir=APPS, args=args).start()
    async def scenario():
        clients, readers = await open_streams(server.port, [f'/stream/s{i}' for i in range(n)], timeout=120) if n else ([], [])
        start = time.monotonic()
        server.signal(signal.SIGINT)
        exited = await asyncio.get_running_loop().run_in_executor(None, server.wait_exit, 30)
        took = time.monotonic() - start
        await asyncio.wait_for(asyncio.gather(*readers, return_exceptions=True), 10)
        return clients, exited, took
    try: clients, exited, took = run(scenario())
    finally: server.stop()
    told = sum(c.close_reason() is not None for c in clients)
    tracebacks = server.stderr_path.read_text().count('Traceback')
    return (took if exited else float('inf')), (told / n if n else float('nan')), tracebacks


def _pid(server):
    try: return urllib.request.urlopen(f'{server.url}/pid', timeout=1).read().decode()
    except OSError: return None


def reload_run(module, args, n, log_dir):
    folder = Path(tempfile.mkdtemp(dir=log_dir))
    shutil.copy(APPS/f'{module}.py', folder/f'{module}.py')
    server = UvicornServer(f'{module}:app', log_dir=log_dir, app_dir=folder,
                           args=(*args, '--reload', '--reload-dir', str(folder))).start()
    async def scenario():
        old = await asyncio.get_running_loop().run_in_executor(None, _pid, server)
        clients, readers = await open_streams(server.port, [f'/stream/r{i}' for i in range(n)], timeout=120)
        start = time.monotonic()
        (folder/f'{module}.py').write_text((folder/f'{module}.py').read_text() + '\n# touched\n')
        while time.monotonic() - start < 30:
            pid = await asyncio.get_running_loop().run_in_executor(None, _pid, server)
            if pid and pid != old: return time.monotonic() - start
            await asyncio.sleep(0.02)
        return float('inf')
    try: return run(scenario())
    finally: server.stop()


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sizes = (1, 100) if '--quick' in sys.argv else (1, 100, 1000, 10000)
    sizes = tuple(n for n in sizes if n + 100 < hard)   # this process and the server each hold one socket per stream
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{'shutdown (SIGINT)':<28} {'streams':>7} {'exit after':>11} {'x bare':>7} {'told':>6} {'tracebacks':>11}")
        results = {}
        for name, (module, args) in VARIANTS.items():
            bare, _, _ = shutdown_run(module, args, 0, tmp/f'{module}-0')
            print(f'{name:<28} {0:>7} {bare:>10.2f}s {1:>7.2f} {"":>6} {"":>11}', flush=True)
            for n in sizes:
                took, told, tracebacks = shutdown_run(module, args, n, tmp/f'{module}-{n}')
                results[name, n] = took
                print(f'{name:<28} {n:>7} {took:>10.2f}s {took / bare:>7.2f} {told:>6.0%} {tracebacks:>11}', flush=True)
        print()
        print(f"{'reload':<28} {'streams':>7} {'new worker after':>17}")
        reloads = {}
        for name in ('ours (monitored_stream)', 'EventStream + timeout 1 s'):
            module, args = VARIANTS[name]
            for n in (100, sizes[-1]):
                reloads[name, n] = reload_run(module, args, n, tmp)
                print(f'{name:<28} {n:>7} {reloads[name, n]:>16.2f}s', flush=True)
        print()
        ours, base = 'ours (monitored_stream)', 'EventStream + timeout 1 s'
        for n in sizes: print(f'shutdown with {n:>5} streams: ours / timeout baseline = {results[ours, n] / results[base, n]:.2f}')
        for n in (100, sizes[-1]): print(f'reload with {n:>5} streams: ours / timeout baseline = {reloads[ours, n] / reloads[base, n]:.2f}')


if __name__ == '__main__': main()
