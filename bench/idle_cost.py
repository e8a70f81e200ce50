"""What an idle stream costs a server: memory and CPU per open stream that has nothing to say, ours (monitored_stream,
heartbeats every 15 s) against FastHTML's plain EventStream (no heartbeats) and sse-starlette's EventSourceResponse
(pings every 15 s), in one run.

Each server is a real uvicorn process; a raw-socket client opens N streams and reads them. Memory is the server's
resident set (VmRSS) with N streams open minus before any; CPU is the server's user+system time over a 30 s idle
window (two heartbeat rounds), as a share of one core. Run: bench/.venv/bin/python bench/idle_cost.py [N ...]
"""
import asyncio, os, resource, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer          # noqa: E402  (the tests' real-server harness)
from sse_client import open_streams, run   # noqa: E402

APPS = Path(__file__).resolve().parent/'apps'
VARIANTS = {'ours (monitored_stream)': 'ours_app', 'plain EventStream': 'plain_app', 'sse-starlette': 'starlette_app'}
IDLE = 30.0


def rss_kib(pid:int) -> int:
    return next(int(line.split()[1]) for line in open(f'/proc/{pid}/status') if line.startswith('VmRSS:'))

def cpu_seconds(pid:int) -> float:
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def measure(module:str, n:int, log_dir:Path) -> tuple[float, float]:
    "KiB of memory and % of a core per idle stream"
    server = UvicornServer(f'{module}:app', log_dir=log_dir, app_dir=APPS).start()
    pid = server.proc.pid
    try:
        urllib.request.urlopen(f'{server.url}/pid', timeout=5).read()   # warm: imports, first request
        time.sleep(0.5)
        before = rss_kib(pid)
        async def scenario():
            clients, readers = await open_streams(server.port, [f'/stream/s{i}' for i in range(n)], timeout=120)
            await asyncio.sleep(2)
            grown, cpu0 = rss_kib(pid) - before, cpu_seconds(pid)
            await asyncio.sleep(IDLE)
            busy = cpu_seconds(pid) - cpu0
            for r in readers: r.cancel()
            return grown, busy
        grown, busy = run(scenario())
    finally: server.stop()
    return grown / n, 100 * busy / IDLE / n


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 10000]
    print(f"{'server':<26} {'streams':>7} {'KiB / stream':>13} {'% of a core / 1000 streams':>27}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for name, module in VARIANTS.items():
                kib, cpu = results[name, n] = measure(module, n, Path(tmp)/f'{module}-{n}')
                print(f'{name:<26} {n:>7} {kib:>13.1f} {1000 * cpu:>27.2f}', flush=True)
    for n in sizes:
        ours = results['ours (monitored_stream)', n]
        for base in ('plain EventStream', 'sse-starlette'):
            print(f'{n:>6} streams, ours / {base}: memory {ours[0] / results[base, n][0]:.2f}')


if __name__ == '__main__': main()
