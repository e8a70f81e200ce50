"bench/hub.py: SSEHub in-process, its streams served by hub.route (a plain Starlette route)"
from fasthtml.common import fast_app
from sse_monitor import SSEHub
from fanout_common import publisher_routes

hub = SSEHub()
app, rt = fast_app()
app.routes[:0] = [*publisher_routes(lambda text: hub.publish('bench', text)), hub.route('/stream/{name}', 'bench')]
