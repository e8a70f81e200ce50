"""SSEHub against the broadcast managers FastHTML users pick instead, side by side in one run (real uvicorn, real sockets).

1. Fan-out: one publisher, 1,000 subscribers on one worker. Events carry the time they were published; a raw-socket
   client (uvloop, one process) notes when each arrives. For each server: publish->deliver latency p50/p99 at a rate
   every server sustains, and the highest sustained rate of a doubling ramp (sustained: every subscriber got every
   event, the publisher kept the rate, p99 under 1 s). Peers: cjm-fasthtml-sse's SSEBroadcastManager and
   encode/broadcaster's memory backend, each wired as its docs show (bench/apps/*_fanout_app.py).
2. Memory per idle subscriber at 10,000 against a plain FastHTML EventStream (bench/idle_cost.py's method).
3. Redis: 3 uvicorn workers, 1,000 subscribers spread over them, publish->deliver p50/p99.

The client shares the machine: at the top rates it is part of what is measured, the same for every server.
Run: bench/.venv/bin/python bench/hub.py [--quick]
"""
import asyncio, json, os, re, resource, statistics, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests')); sys.path.insert(0, str(ROOT/'bench'))
from harness import UvicornServer   # noqa: E402
from hub_helpers import RedisServer  # noqa: E402
import idle_cost                     # noqa: E402

APPS = Path(__file__).resolve().parent/'apps'
SERVERS = {'SSEHub (hub.stream)': 'hub_fanout_app', 'SSEHub (hub.route)': 'hub_route_fanout_app',
           'cjm SSEBroadcastManager': 'cjm_fanout_app', 'broadcaster (memory)': 'broadcaster_fanout_app'}
PEERS = ('cjm SSEBroadcastManager', 'broadcaster (memory)')
EVENT = re.compile(rb't=([0-9.]+) i=([0-9]+)')
SECONDS = 3  # of publishing per rate


class Subscriber(asyncio.Protocol):
    "One raw SSE connection: notes the latency of every event and how many arrived"
    def __init__(self, bench): self.bench, self.buffer, self.count, self.ready = bench, b'', 0, asyncio.Event()
    def connection_made(self, transport): transport.write(b'GET /stream/s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
    def data_received(self, data:bytes):
        now, buffer = time.monotonic(), self.buffer + data
        self.ready.set()   # the response has begun (peers send nothing more until the first event)
        cut = buffer.rfind(b'\n\n')
        if cut < 0: self.buffer = buffer; return
        complete, self.buffer = buffer[:cut], buffer[cut + 2:]
        for sent, _ in EVENT.findall(complete):
            self.count += 1
            self.bench.latencies.append(now - float(sent))


class Bench:
    def __init__(self): self.latencies = []


def _get(url:str, data:bytes|None=None): return json.loads(urllib.request.urlopen(url, data=data, timeout=30).read())


def _percentile(values, q:float) -> float: return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if values else float('nan')


async def _connect(port:int, n:int, bench:Bench) -> list:
    loop, subs = asyncio.get_running_loop(), []
    for start in range(0, n, 100):
        batch = [Subscriber(bench) for _ in range(min(100, n - start))]
        await asyncio.gather(*(loop.create_connection(lambda s=s: s, '127.0.0.1', port) for s in batch))
        subs += batch
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in subs)), 60)
    return subs


async def _publish(url:str, rate:float, events:int) -> dict:
    """Have the server publish `events` at `rate` per second; wait until it is done (or 30 s past due): what /run said.
    With several workers, a poll reaches any of them: only the one that publishes knows the run's id"""
    run_id = (await asyncio.to_thread(_get, f'{url}/run?rate={rate}&n={events}', b''))['id']
    deadline = time.monotonic() + events / rate + 30
    while not (said := await asyncio.to_thread(_get, f'{url}/run?id={run_id}')).get('done') and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return said


async def _ramp(url:str, port:int, n:int, rates:list, settle:float=2.0) -> dict:
    "Per rate: (p50, p99, sustained); stops after the first rate not sustained"
    bench = Bench()
    subs = await _connect(port, n, bench)
    await asyncio.sleep(1)
    # warm-up, not measured: the first events after a thousand connections meet a cold server (caches, a garbage
    # collection of everything the connections left); every server gets the same
    await _publish(url, rates[0], 2 * rates[0])
    await asyncio.sleep(1)
    results = {}
    for rate in rates:
        events, bench.latencies = int(rate * SECONDS), []
        for s in subs: s.count = 0
        run = await _publish(url, rate, events)
        end = time.monotonic() + settle
        while time.monotonic() < end and not all(s.count == events for s in subs): await asyncio.sleep(0.05)
        got = sum(s.count for s in subs)
        p50, p99 = _percentile(bench.latencies, 0.5), _percentile(bench.latencies, 0.99)
        kept = run.get('done') and run['elapsed'] <= SECONDS * 1.05 + 0.1
        sustained = bool(kept and got == events * n and p99 < 1.0)
        results[rate] = dict(p50=p50, p99=p99, sustained=sustained, delivered=got / (events * n))
        print(f'    {rate:>6} events/s: p50 {1000 * p50:8.1f} ms  p99 {1000 * p99:8.1f} ms  delivered {100 * got / (events * n):6.2f}%'
              f"  publisher {'kept the rate' if kept else 'fell behind'}{'' if sustained else '  <- not sustained'}", flush=True)
        if not sustained: break
        await asyncio.sleep(0.5)
    return results


def _serve(module:str, log_dir:Path, **kwargs) -> UvicornServer:
    return UvicornServer(f'{module}:app', log_dir=log_dir, app_dir=APPS, args=('--loop', 'uvloop', '--no-access-log'),
                         **kwargs).start()


def fanout(n:int, rates:list, log_dir:Path) -> dict:
    import uvloop
    results = {}
    for name, module in SERVERS.items():
        print(f'  {name}', flush=True)
        server = _serve(module, log_dir/module)
        try: results[name] = uvloop.run(_ramp(server.url, server.port, n, rates))
        finally: server.stop()
    return results


def redis_fanout(n:int, rate:int, log_dir:Path) -> dict:
    import uvloop
    redis = RedisServer(log_dir/'redis').start()
    server = UvicornServer('hub_fanout_app:app', log_dir=log_dir/'redis-hub', app_dir=APPS, env={'HUB_URL': redis.url},
                           args=('--loop', 'uvloop', '--no-access-log', '--workers', '3')).start()
    try:
        time.sleep(2)   # every worker up
        return uvloop.run(_ramp(server.url, server.port, n, [rate]))[rate]
    finally:
        server.stop()
        redis.kill()


def main():
    quick = '--quick' in sys.argv
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    n = 200 if quick else 1000
    rates = [10, 25, 50, 100, 200, 400, 800, 1600, 3200, 6400]
    with tempfile.TemporaryDirectory() as tmp:
        print(f'Fan-out, one worker, {n} subscribers, {SECONDS} s per rate:')
        fan = fanout(n, rates, Path(tmp))
        best = {name: max([r for r, v in res.items() if v['sustained']], default=0) for name, res in fan.items()}
        common = max([r for r in rates if all(fan[name].get(r, {}).get('sustained') for name in fan)], default=rates[0])
        print(f'\n{"server":<26} {"highest sustained":>18} {"p50 @ " + str(common):>12} {"p99 @ " + str(common):>12}')
        for name, res in fan.items():
            at = res.get(common, {})
            print(f'{name:<26} {best[name]:>14} /s {1000 * at.get("p50", float("nan")):>9.1f} ms {1000 * at.get("p99", float("nan")):>9.1f} ms')
        top_peer = max(PEERS, key=lambda p: best[p])   # the best peer: the highest sustained rate
        top = best[top_peer]
        for ours in ('SSEHub (hub.stream)', 'SSEHub (hub.route)'):
            print(f'{ours}: highest rate {best[ours] / top:.1f}x the best peer\'s ({top_peer}, {top}/s)')
            for rate in sorted({common, top} - {0}):
                peer = min(PEERS, key=lambda p: fan[p].get(rate, {}).get('p99', float('inf')))
                print(f'    at {rate}/s: p99 {fan[ours][rate]["p99"] / fan[peer][rate]["p99"]:.2f}x the best peer there ({peer})')
        size = 2000 if quick else 10000
        print(f'\nMemory per idle subscriber, {size} subscribers:')
        idle_cost.APPS, idle_cost.IDLE = APPS, 1.0
        memory = {}
        for name, module in (('plain EventStream', 'plain_app'), ('SSEHub (hub.stream)', 'hub_fanout_app'), ('SSEHub (hub.route)', 'hub_route_fanout_app')):
            idle_cost.APPS = Path(__file__).resolve().parent/'apps'
            memory[name] = idle_cost.measure(module, size, Path(tmp)/f'mem-{module}')[0]
            print(f'  {name:<24} {memory[name]:6.1f} KiB', flush=True)
        for name in ('SSEHub (hub.stream)', 'SSEHub (hub.route)'):
            print(f'  {name} / plain EventStream: {memory[name] / memory["plain EventStream"]:.2f}')
        print(f'\nRedis, 3 workers, {n} subscribers, 100 events/s:')
        r = redis_fanout(n, 100, Path(tmp))
        print(f'  p50 {1000 * r["p50"]:.1f} ms, p99 {1000 * r["p99"]:.1f} ms, delivered {100 * r["delivered"]:.2f}%')


if __name__ == '__main__': main()
