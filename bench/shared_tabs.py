"""What sharing streams between tabs costs each tab: the demo (3 widget streams + 1 SSEHub stream) in real Chromium.

Shared: N tabs of the demo in one browser context (one tab holds the 4 streams and relays them, the others follow).
Baseline: one tab whose streams are not shared (Web Locks hidden from it, so it falls back to a connection of its
own per stream, as every tab did before sharing, and as htmx-ext-sse alone does). For each tab, over the same window:
main-thread busy time (CDP Performance.getMetrics TaskDuration) and script time (ScriptDuration), as a share of the
window, and the live JS heap at the end (JSHeapUsedSize). Printed as ratios to the baseline tab, measured in the same
run (these machines are noisy: compare the ratios, not the milliseconds).
Run: bench/.venv/bin/python bench/shared_tabs.py [--tabs 4] [--seconds 20]
"""
import argparse, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import COUNT_STREAMS, chromium_options, dead_port, demo_server, wait_for_state   # noqa: E402  (the tests' harness)

NO_WEB_LOCKS = "Object.defineProperty(Navigator.prototype, 'locks', {configurable: true, get: () => undefined});"
WIDGETS = ('clock', 'counter', 'weather', 'news')


def open_tabs(browser, url, n, init_script):
    context = browser.new_context()
    context.add_init_script(init_script)
    tabs = []
    for _ in range(n):
        tab = context.new_page()
        tab.goto(url)
        tabs.append(tab)
    for tab in tabs:
        for widget in WIDGETS: wait_for_state(tab, widget, 'active', timeout=15)
    return context, tabs


def metrics(cdp) -> dict: return {m['name']: m['value'] for m in cdp.send('Performance.getMetrics')['metrics']}


def measure(tabs, seconds):
    "Per tab: (holds streams, busy share, script share, heap MB) over `seconds`"
    sessions = []
    for tab in tabs:
        cdp = tab.context.new_cdp_session(tab)
        cdp.send('Performance.enable')
        sessions.append(cdp)
    time.sleep(2)   # settled
    before = [metrics(cdp) for cdp in sessions]
    time.sleep(seconds)
    after = [metrics(cdp) for cdp in sessions]
    return [(tab.evaluate('window.__eventSources') > 0, (a['TaskDuration'] - b['TaskDuration']) / seconds,
             (a['ScriptDuration'] - b['ScriptDuration']) / seconds, a['JSHeapUsedSize'] / 2**20)
            for tab, b, a in zip(tabs, before, after)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tabs', type=int, default=4)
    parser.add_argument('--seconds', type=float, default=20)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as logs, dead_port() as dead, sync_playwright() as pw:
        demo = demo_server(Path(logs)).start()
        browser = pw.chromium.launch(**chromium_options(dead))
        try:
            context, (alone,) = open_tabs(browser, demo.url, 1, COUNT_STREAMS + NO_WEB_LOCKS)
            (baseline,) = measure([alone], args.seconds)
            context.close()
            context, tabs = open_tabs(browser, demo.url, args.tabs, COUNT_STREAMS)
            shared = measure(tabs, args.seconds)
            context.close()
        finally:
            browser.close()
            demo.stop()
    base_busy, base_script, base_heap = baseline[1:]
    print(f'demo, {args.seconds:.0f} s window; baseline: one tab with its own 4 connections')
    print(f"{'tab':<28}{'busy':>8}{'script':>9}{'heap MB':>9}{'busy/base':>11}{'heap/base':>11}")
    rows = [('unshared (baseline)', *baseline[1:])]
    rows += [(f"shared {i + 1} ({'holder' if holds else 'follower'})", busy, script, heap)
             for i, (holds, busy, script, heap) in enumerate(shared)]
    for name, busy, script, heap in rows:
        print(f'{name:<28}{busy:>8.2%}{script:>9.2%}{heap:>9.2f}{busy / base_busy:>10.2f}x{heap / base_heap:>10.2f}x')
    holders = [r for r in shared if r[0]]
    followers = [r for r in shared if not r[0]]
    print(f'holders: {len(holders)} of {len(shared)} tabs (one expected)')
    if followers:
        mean = lambda rows, k: sum(r[k] for r in rows) / len(rows)
        print(f'follower mean: busy {mean(followers, 1):.2%} ({mean(followers, 1) / base_busy:.2f}x baseline), '
              f'heap {mean(followers, 3):.2f} MB ({mean(followers, 3) / base_heap:.2f}x)')


if __name__ == '__main__':
    main()
