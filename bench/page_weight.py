"""Page weight: bytes a page pays for connection monitors, ours against the reference pattern users know
(cjm-fasthtml-interactions 0.0.26, `patterns.sse_connection_monitor`), with 1 and with 10 monitors.

The pages are served by FastHTML with the same headers (htmx, htmx-ext-sse, daisyUI, Tailwind by URL) and the same SSE
elements; "monitor bytes" is what the monitors add to that page. Ours comes in two layouts: the documented one, with the
runtime (minified, inline) in the headers, and drop-in, headers without it, where the first monitor carries it. Each
of our monitors adds its status container and a script with what it changes from the defaults (nothing, here); the
reference adds each monitor's status container and inline script. Sizes are of the HTML document as served (JS
included, since both inline it), raw and gzipped. Run: bench/.venv/bin/python bench/page_weight.py
"""
import gzip
from fasthtml.common import Div, Main, fast_app
from starlette.testclient import TestClient
from cjm_fasthtml_interactions.patterns import sse_connection_monitor as reference
import sse_monitor as ours

HEADERS = ours.asset_headers(runtime=False)   # the same asset tags for both pages


def page_bytes(monitors:int, kind:str|None) -> bytes:
    "The served HTML of a page with `monitors` SSE elements, monitored by `kind` ('ours', 'reference') or not at all"
    hdrs = (*HEADERS, ours.MonitorRuntime()) if kind == 'ours' else HEADERS   # 'ours drop-in': no runtime in them
    app, rt = fast_app(hdrs=hdrs, htmx=False, pico=False, surreal=False, secret_key='bench')
    @rt('/')
    def index():
        parts = []
        for i in range(monitors):
            cid = f'feed{i}'
            element = ours.SSEElement(cid, f'/stream/{cid}', 'Waiting...')
            if kind in ('ours', 'ours drop-in'): status, script = ours.SSEConnectionMonitor(cid)
            elif kind == 'reference': status, script = reference.SSEConnectionMonitor(cid)
            else: status, script = Div(), ''
            parts.append(Div(status, element, script))
        return Main(*parts)
    return TestClient(app).get('/').content


def main():
    rows = []
    kinds = ('ours', 'ours drop-in', 'reference')
    for kind in kinds:
        for n in (1, 10):
            page, base = page_bytes(n, kind), page_bytes(n, None)
            rows.append((kind, n, len(page), len(page) - len(base), len(gzip.compress(page)) - len(gzip.compress(base))))
    print(f"{'library':<13} {'monitors':>8} {'page bytes':>11} {'monitor bytes':>14} {'monitor bytes gz':>17}")
    for kind, n, page, mon, gz in rows: print(f'{kind:<13} {n:>8} {page:>11} {mon:>14} {gz:>17}')
    cost = {(k, n): mon for k, n, _, mon, _ in rows}
    print()
    gz = {(k, n): g for k, n, _, _, g in rows}
    for kind in kinds:
        print(f'{kind:<13} 10 monitors cost {cost[kind, 10] / cost[kind, 1]:.2f}x one monitor (target for ours: <= 2x)')
    for kind in ('ours', 'ours drop-in'):
        for n in (1, 10):
            print(f'{kind} / reference with {n:>2} monitor(s): {cost[kind, n] / cost["reference", n]:.2f} raw, '
                  f'{gz[kind, n] / gz["reference", n]:.2f} gzipped')


if __name__ == '__main__': main()
