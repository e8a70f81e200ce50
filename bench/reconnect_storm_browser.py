"""Reconnect storm, MEASURED: real Chromium clients against a real uvicorn that goes down and comes back.

For each kind of page (ours: sse-monitor with its default configuration; reference: cjm-fasthtml-interactions'
SSEConnectionMonitor as its docs wire it; plain: htmx-ext-sse alone, i.e. the browser's own EventSource retry), N
clients hold a stream each: N pages of one stream, as N users would, in one browser context (Chromium holds at most 256
connections per context; a page's streams share its place in the reconnect grid, so pages, not streams, are the
clients to spread). Crash: the server is killed (-9) and opens its port again exactly 2 s later. Restart (ours
only: the others' servers hang on SIGTERM with an open stream): SIGTERM, streams told when to come back, the new server
ready 2 s later. The server records when each client's stream request reaches it. Printed per kind: how many clients
came back within 30 s, and the largest share of all clients arriving within any 100 ms window (target for ours:
at most 10 %). bench/recovery.py measures how soon pages are Live; bench/reconnect_storm_model.js computes the
schedules without sockets. Arrival times are taken by the server, so a burst is spread a little by its own accept rate.
100 clients by default, and 8 s of quiet before the server goes down: on a 2-core machine, 200 pages take seconds just
to notice the loss, and bunch up when the machine frees up, which measures the machine rather than the schedule (the
model computes 1,000 clients).
Run: bench/.venv/bin/python bench/reconnect_storm_browser.py [--clients N] [--kinds ours,reference,plain]
"""
import argparse, json, signal, sys, tempfile, time, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer, chromium_options, dead_port   # noqa: E402  (the tests' real-server harness)

APPS = Path(__file__).resolve().parent/'apps'
WINDOW, DOWN, WAIT = 0.1, 2.0, 30.0


def _json(url): return json.loads(urllib.request.urlopen(url, timeout=10).read())

def _wait(check, timeout, what):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline: raise TimeoutError(what)
        time.sleep(0.1)


def peak_share(times:list[float], clients:int) -> float:
    "Largest share of `clients` whose time falls in one window [t, t + WINDOW)"
    times, peak, j = sorted(times), 0, 0
    for i, t in enumerate(times):
        while j < len(times) and times[j] < t + WINDOW: j += 1
        peak = max(peak, j - i)
    return peak / clients


def storm(browser, kind:str, clients:int, log_dir:Path, how:str='crash') -> dict:
    server = UvicornServer('storm_app:app', log_dir=log_dir, app_dir=APPS, env={'READY_AT': '0'}).start()
    contexts = []
    try:
        context = browser.new_context()
        contexts.append(context)
        for client in range(clients):
            context.new_page().goto(f'{server.url}/page/{kind}?first={client}&n=1', wait_until='commit')
        _wait(lambda: _json(f'{server.url}/arrivals')['open'] == clients, 60, f'{kind}: not every stream opened')
        time.sleep(8)   # every page loaded and idle
        gone = time.time()
        if how == 'crash': server.kill()
        else:
            server.signal(signal.SIGTERM)
            assert server.wait_exit(30), 'the server did not exit on SIGTERM'
        server.env['READY_AT'] = str(gone + DOWN)
        server.start(timeout=DOWN + 30)
        def back(): return {c: ts[0] for c, ts in _json(f'{server.url}/arrivals')['arrivals'].items()}
        try: _wait(lambda: len(back()) == clients, WAIT, '')
        except TimeoutError: pass
        first_arrivals = back()
    finally:
        for context in contexts: context.close()
        server.stop()
    return dict(back=len(first_arrivals) / clients, peak=peak_share(list(first_arrivals.values()), clients))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--clients', type=int, default=100)
    parser.add_argument('--kinds', default='ours,reference,plain')
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp, dead_port() as dead, sync_playwright() as pw:
        options = chromium_options(dead)
        options['proxy']['bypass'] += ',*.localhost'
        browser = pw.chromium.launch(**options)
        print(f'MEASURED: {args.clients} Chromium clients per kind; the server back exactly {DOWN:.0f} s after it went down; '
              f'arrivals at the new server within {WAIT:.0f} s')
        print(f"{'kind':<10} {'down by':<8} {'back':>6} {'peak 100 ms':>12}")
        runs = [(kind, 'crash') for kind in args.kinds.split(',')] + ([('ours', 'restart')] if 'ours' in args.kinds else [])
        for kind, how in runs:
            r = storm(browser, kind, args.clients, Path(tmp)/f'{kind}-{how}', how)
            print(f"{kind:<10} {how:<8} {r['back']:>6.0%} {r['peak']:>12.1%}", flush=True)
        browser.close()


if __name__ == '__main__': main()
