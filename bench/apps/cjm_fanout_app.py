"""bench/hub.py: cjm-fasthtml-sse's SSEBroadcastManager, wired as its docs show: a queue registered per connection,
`broadcast(event_type, data)`, and a FastHTML EventStream that yields each queued message"""
from fasthtml.common import EventStream, fast_app, sse_message
from cjm_fasthtml_sse.core import SSEBroadcastManager
from fanout_common import publisher_routes

manager = SSEBroadcastManager(max_queue_size=100)
app, rt = fast_app()
app.routes[:0] = publisher_routes(lambda text: manager.broadcast('message', {'text': text}))

@rt('/stream/{name}')
async def stream(name:str):
    async def events():
        queue = await manager.register_connection()
        try:
            while True:
                message = await queue.get()
                yield sse_message(message['data']['text'])
        finally: await manager.unregister_connection(queue)
    return EventStream(events())
