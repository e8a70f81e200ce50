"""bench/hub.py: encode/broadcaster's memory backend, wired as its README shows (connect on startup, disconnect on
shutdown, `async with broadcast.subscribe(channel=...)`), each subscriber's events yielded to a FastHTML EventStream"""
from broadcaster import Broadcast
from fasthtml.common import EventStream, fast_app, sse_message
from fanout_common import publisher_routes

broadcast = Broadcast('memory://')
app, rt = fast_app(on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])
app.routes[:0] = publisher_routes(lambda text: broadcast.publish(channel='bench', message=text))

@rt('/stream/{name}')
async def stream(name:str):
    async def events():
        async with broadcast.subscribe(channel='bench') as subscriber:
            async for event in subscriber: yield sse_message(event.message)
    return EventStream(events())
