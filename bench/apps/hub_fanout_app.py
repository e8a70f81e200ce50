"bench/hub.py: SSEHub (in-process, or Redis when HUB_URL is set), its streams served by a FastHTML handler"
import os
from fasthtml.common import fast_app
from sse_monitor import SSEHub
from fanout_common import publisher_routes

hub = SSEHub(url=os.environ.get('HUB_URL') or None)
app, rt = fast_app()
app.routes[:0] = publisher_routes(lambda text: hub.publish('bench', text))

@rt('/stream/{name}')
def stream(request, name:str): return hub.stream(request, 'bench')
