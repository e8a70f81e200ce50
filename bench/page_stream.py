"""Pages of 10 SSEHub widgets: one stream per widget against one page stream per page (hub.multiplex), side by side in
one run on one real uvicorn (tests/apps/hub_app.py), with raw-socket clients.

For each way, P pages are opened (10 connections each, or 1), then R rounds publish one event on each of the 10 topics;
a round ends when every page has all 10. Printed: connections held, server RSS per page, the time to open the pages,
and the median time of a round; ratios are page stream / one stream per widget (the baseline, measured in the same run).
Run: bench/.venv/bin/python bench/page_stream.py [--pages 200] [--rounds 20]
"""
import argparse, asyncio, json, statistics, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer   # noqa: E402
from sse_client import StreamClient  # noqa: E402

TOPICS = [f'w{i}' for i in range(10)]
WAYS = {'one stream per widget': [[f'/stream/{t}'] for t in TOPICS],
        'one page stream (multiplex)': [['/sse-monitor/hub?' + '&'.join(f's=/stream/{t}' for t in TOPICS)]]}


def rss_kib(pid:int) -> int:
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmRSS:'): return int(line.split()[1])


def publish_round(url:str, k:int):
    for topic in TOPICS: urllib.request.urlopen(urllib.request.Request(f'{url}/publish/{topic}?start={k}', method='POST'), timeout=30)


def events(client) -> int: return sum(1 for event, data in client.events if event == 'message')


async def measure(server, paths:list, pages:int, rounds:int) -> dict:
    pid = json.loads(urllib.request.urlopen(f'{server.url}/stats', timeout=10).read())['pid']
    before = rss_kib(pid)
    started = time.perf_counter()
    clients = []
    for _ in range(pages):   # a page opens its connections at once; pages come one after the other
        clients += await asyncio.gather(*(StreamClient(server.port, p[0]).open() for p in paths))
    readers = [asyncio.ensure_future(c.read_all()) for c in clients]
    await asyncio.wait_for(asyncio.gather(*(c.first.wait() for c in clients)), 60)
    opened = time.perf_counter() - started
    await asyncio.sleep(1)
    held = rss_kib(pid) - before
    times = []
    for k in range(rounds):
        t = time.perf_counter()
        await asyncio.to_thread(publish_round, server.url, k)
        want = (k + 1) * len(TOPICS) // len(paths)   # each connection carries its share of the page's events
        while not all(events(c) >= want for c in clients): await asyncio.sleep(0.002)
        times.append(time.perf_counter() - t)
    for c in clients: c.writer.close()
    await asyncio.gather(*readers, return_exceptions=True)
    return dict(connections=len(clients), rss_page=held / pages, opened=opened, round=statistics.median(times))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--pages', type=int, default=200)
    parser.add_argument('--rounds', type=int, default=20)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as logs:
        for way, paths in WAYS.items():   # a fresh server for each way: neither inherits the other's heap
            server = UvicornServer('hub_app:asgi', log_dir=Path(logs)/way.split()[1]).start()
            try: results[way] = asyncio.run(measure(server, paths, args.pages, args.rounds))
            finally: server.stop()
    base = results['one stream per widget']
    print(f'{args.pages} pages of {len(TOPICS)} hub widgets, {args.rounds} rounds of one event per topic; baseline: one stream per widget')
    print(f"{'way':<30}{'connections':>12}{'KiB/page':>10}{'open s':>8}{'round ms':>10}{'KiB x':>7}{'open x':>8}{'round x':>8}")
    for way, r in results.items():
        print(f"{way:<30}{r['connections']:>12}{r['rss_page']:>10.1f}{r['opened']:>8.2f}{r['round'] * 1000:>10.1f}"
              f"{r['rss_page'] / base['rss_page']:>7.2f}{r['opened'] / base['opened']:>8.2f}{r['round'] / base['round']:>8.2f}")


if __name__ == '__main__': main()
