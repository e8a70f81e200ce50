"The same stream with sse-starlette's EventSourceResponse and its default shutdown handling (baseline)."
import asyncio, os
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from sse_starlette import EventSourceResponse

async def quiet():
    yield {'data': '<p>open</p>'}
    while True: await asyncio.sleep(3600)

async def stream(request): return EventSourceResponse(quiet())

app = Starlette(routes=[Route('/stream/{cid}', stream), Route('/pid', lambda r: PlainTextResponse(str(os.getpid())))])
