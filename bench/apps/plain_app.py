"The same stream as users write it today: FastHTML's EventStream of sse_message (baseline: --timeout-graceful-shutdown 1)."
import asyncio, os
from fasthtml.common import EventStream, P, fast_app, sse_message

app, rt = fast_app(secret_key='bench')

async def quiet():
    yield sse_message(P('open'))
    while True: await asyncio.sleep(3600)

@rt('/stream/{cid}')
def stream(cid:str): return EventStream(quiet())

@rt('/pid')
def pid(): return str(os.getpid())
