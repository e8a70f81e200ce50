"An endless quiet stream through sse_monitor's monitored_stream."
import asyncio, os
from fasthtml.common import P, fast_app
from sse_monitor import monitored_stream

app, rt = fast_app(secret_key='bench')

async def quiet():
    yield P('open')
    while True: await asyncio.sleep(3600)

@rt('/stream/{cid}')
def stream(cid:str): return monitored_stream(quiet(), cid)

@rt('/pid')
def pid(): return str(os.getpid())
