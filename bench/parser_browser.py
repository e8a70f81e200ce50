"""The stream reader of htmx 4 pages (the runtime's FetchSource) against Chromium's own EventSource, on one event whose
data is a single long line, written 64 KiB at a time by a real uvicorn (tests/apps/parser_app.py), in real Chromium.

Printed for 1, 4 and 8 MiB: the median ms until the event is out for each, their ratio (FetchSource / EventSource, the
baseline measured in the same run), and how each grows from 1 to 8 MiB (8 for a linear reader; a reader that reads its
whole buffer again at every chunk, as FetchSource did, grows about 64 times: 639 ms for 4 MiB in node).
Run: bench/.venv/bin/python bench/parser_browser.py [--runs 5]
"""
import argparse, statistics, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import UvicornServer, chromium_options, dead_port   # noqa: E402

SIZES = [1, 4, 8]   # MiB


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    runs = parser.parse_args().runs
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp, dead_port() as dead, sync_playwright() as pw:
        server = UvicornServer('parser_app:app', log_dir=Path(tmp)).start()
        browser = pw.chromium.launch(**chromium_options(dead))
        try:
            page = browser.new_page()
            page.goto(f'{server.url}/')
            page.wait_for_function('window.ready === true')
            times = {}
            for mib in SIZES:
                for native in (True, False):
                    got = [page.evaluate('([url, native]) => timed(url, native)', [f'/line?mib={mib}', native]) for _ in range(runs)]
                    assert all(length == mib * 2**20 for _, length in got), got
                    times[mib, native] = statistics.median(ms for ms, _ in got)
        finally:
            browser.close()
            server.stop()
    print(f'One event of one long line, 64 KiB writes, median of {runs} (ms until the event is out):')
    print(f'{"line":>8} {"EventSource":>12} {"FetchSource":>12} {"ratio":>7}')
    for mib in SIZES:
        print(f'{mib:>5} MiB {times[mib, True]:>12.0f} {times[mib, False]:>12.0f} {times[mib, False] / times[mib, True]:>6.2f}x')
    print(f'1 -> 8 MiB: EventSource {times[8, True] / times[1, True]:.1f}x as long, FetchSource {times[8, False] / times[1, False]:.1f}x')


if __name__ == '__main__': main()
