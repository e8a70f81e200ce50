"A tiny app for the harness's own tests: `/pid` names the serving process; `/noisy` misbehaves in the browser."
import os
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

NOISY = '''<!doctype html><title>noisy</title><link rel="icon" href="data:,"><p id="msg">noisy</p>
<script>console.error('deliberate console error'); setTimeout(() => { throw new Error('deliberate page error') });
fetch('https://example.com/tracker.js').catch(() => {});</script>'''

app = Starlette(routes=[Route('/pid', lambda r: PlainTextResponse(str(os.getpid()))),
                        Route('/noisy', lambda r: HTMLResponse(NOISY))])
