"""Recovery, MEASURED in real Chromium against a real uvicorn: how long after the server is back a page is Live again.

Pages stay open, each in its own browser context: a plain EventSource (the browser's own retry, what a page gets
without sse-monitor), and five sse-monitor pages with one widget and five with three (defaults; "Live" means all three;
each page has its own place in the reconnect grid, so each is a sample of its own, where every plain page would behave
alike). On htmx 4 pages (configured as fast_app(htmx4=True) does): five with hx-sse alone (its own reconnects: 500 ms
doubling to 60 s, jitter 0.3, so each page is a sample too), and five sse-monitor pages with one widget. Then:
  crash:   kill -9, the server back after an outage drawn at random from 1-3 s, then from 15-25 s (so that no
           schedule gets a lucky phase), 20 trials each. The draws are stratified: trial i draws from the i-th of 20
           equal slices of the range, in shuffled order, so that 20 trials cover it evenly (the plain EventSource's
           wait, 3 s minus the outage, would otherwise swing its median by a few tenths from run to run);
  restart: SIGTERM (a process manager's restart: streams are told when to come back), the new server ready 2 s later,
           20 trials. The server runs with --timeout-graceful-shutdown 1, as an app without sse-monitor must, or its
           plain EventStream would keep it from exiting; sse-monitor's streams end at once anyway.
The server opens its port at a chosen moment (its lifespan startup waits for it), so "ready" is exact whatever its
start-up time. Printed: server ready -> Live, p50 and p90, per page, and ours / plain at the p50.
Run: bench/.venv/bin/python bench/recovery.py [--trials N]
"""
import argparse, random, re, signal, statistics, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer, chromium_options, dead_port   # noqa: E402

APPS = Path(__file__).resolve().parent/'apps'
KINDS = {'plain EventSource': ('/plain', 1), 'ours, 1 widget': ('/ours?n=1', 5), 'ours, 3 widgets': ('/ours?n=3', 5),
         'htmx 4, hx-sse alone': ('/h4/hx-sse', 5), 'htmx 4, ours': ('/h4/ours?n=1', 5)}
RATIOS = (('ours, 1 widget', 'plain EventSource'), ('ours, 3 widgets', 'plain EventSource'), ('htmx 4, ours', 'htmx 4, hx-sse alone'))
PAGES = {f'{kind} #{i}': path for kind, (path, copies) in KINDS.items() for i in range(copies)}
LIVE_SINCE = {  # ms since the epoch when the page was Live again after `since` (all widgets), or null
    '/plain': 'since => __opens.find(t => t > since) ?? null',
    '/ours': '''since => { const ids = [...new Set(__states.map(s => s.id))];
                  const at = ids.map(id => __states.find(s => s.id === id && s.state === 'active' && s.t > since)?.t);
                  return at.every(Boolean) ? Math.max(...at) : null; }''',
}


def live_since(page, path, since):
    return page.evaluate(LIVE_SINCE['/ours' if 'ours' in path else '/plain'], since * 1000)


def ready_time(server) -> float:
    "When the server's lifespan startup finished, from its own log (its port opens right after)"
    return float(re.findall(r'ready at ([0-9.]+)', server.stdout_path.read_text())[-1])


def wait_all_live(pages, since, timeout=60):
    deadline = time.time() + timeout
    while True:
        found = {name: live_since(page, PAGES[name], since) for name, page in pages.items()}
        if all(found.values()): return {name: t / 1000 for name, t in found.items()}
        if time.time() > deadline: raise TimeoutError(f'not Live {timeout} s after the server was back: {found}')
        time.sleep(0.1)


def trial(server, pages, down:float, how:str) -> dict:
    "Take the server down (`crash` or `restart`), back after `down` seconds; seconds from ready to Live, per page"
    gone = time.time()
    if how == 'crash': server.kill()
    else:
        server.signal(signal.SIGTERM)
        assert server.wait_exit(10), 'the server did not exit on SIGTERM'
    server.env['READY_AT'] = str(gone + down)
    server.start(timeout=down + 30)
    ready = ready_time(server)
    live = wait_all_live(pages, gone)
    return {name: t - ready for name, t in live.items()}


def stratified(rng, lo, hi, n) -> list[float]:
    "n draws from [lo, hi], one in each of n equal slices, in random order"
    draws = [rng.uniform(lo + (hi - lo) * i / n, lo + (hi - lo) * (i + 1) / n) for i in range(n)]
    rng.shuffle(draws)
    return draws


def report(title, results):
    print(f'\n{title}')
    p50 = {}
    for name in KINDS:
        waits = sorted(w for r in results for page, w in r.items() if page.startswith(name + ' #'))
        p50[name] = statistics.median(waits)
        print(f'  {name:<20} ready -> Live  p50 {p50[name]:5.2f} s   p90 {waits[int(0.9 * (len(waits) - 1))]:5.2f} s')
    for ours, baseline in RATIOS:
        print(f'  {ours} / {baseline} at the p50: {p50[ours] / p50[baseline]:.2f}')
    return p50


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--trials', type=int, default=20)
    parser.add_argument('--scenarios', default='crash,restart', help='which to run: crash, restart or both (default)')
    args = parser.parse_args()
    rng = random.Random(2026)
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp, dead_port() as dead, sync_playwright() as pw:
        browser = pw.chromium.launch(**chromium_options(dead))
        server = UvicornServer('recovery_app:app', log_dir=Path(tmp), app_dir=APPS, env={'READY_AT': '0'},
                               args=('--timeout-graceful-shutdown', '1')).start()
        try:
            pages = {}
            for name, path in PAGES.items():
                pages[name] = browser.new_context().new_page()
                pages[name].goto(server.url + path)
            wait_all_live(pages, 0)
            print(f'{args.trials} trials each, real Chromium and uvicorn; ready = the moment the server opened its port again')
            if 'crash' in args.scenarios:
                for lo, hi in ((1, 3), (15, 25)):
                    results = [trial(server, pages, down, 'crash') for down in stratified(rng, lo, hi, args.trials)]
                    report(f'crash (kill -9), back after {lo}-{hi} s:', results)
            if 'restart' in args.scenarios:
                results = [trial(server, pages, 2.0, 'restart') for _ in range(args.trials)]
                report('planned restart (SIGTERM), the new server ready 2 s later:', results)
        finally:
            server.stop()
            browser.close()


if __name__ == '__main__': main()
