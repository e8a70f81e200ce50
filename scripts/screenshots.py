"""Take the pictures the docs show, from the real demo in headless chromium: nbs/images/demo.png (the dashboard)
and nbs/images/indicators.png (every indicator state). Run after changing how they look:
    .venv/bin/python scripts/screenshots.py
"""
import signal, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from harness import chromium_options, dead_port, demo_server   # noqa: E402
from playwright.sync_api import sync_playwright                 # noqa: E402

def main(out:Path=ROOT/'nbs'/'images'):
    out.mkdir(exist_ok=True)
    demo = demo_server(Path('/tmp/sse-monitor-screenshots')).start()
    try:
        with dead_port() as dead, sync_playwright() as pw:
            browser = pw.chromium.launch(**chromium_options(dead))
            page = browser.new_page(viewport={'width': 1100, 'height': 700}, device_scale_factor=1)
            page.goto(demo.url)
            for widget in ('clock', 'counter', 'weather'):
                page.wait_for_function("w => document.querySelector(`#sse-status-${w} [data-sse-state]`).dataset.sseState === 'active'", arg=widget)
            page.wait_for_timeout(1500)
            page.screenshot(path=out/'demo.png')
            page.locator('table').screenshot(path=out/'indicators.png')
            browser.close()
    finally:
        demo.signal(signal.SIGINT)
        demo.wait_exit(5)
    print(f'screenshots written to {out}')

if __name__ == '__main__': main()
