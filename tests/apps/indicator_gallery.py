"""Every indicator state on one page, with local assets.
`?hide_text_on_mobile=0` keeps labels on narrow screens; `?label=...` is the label of one more (error) indicator."""
import os
from fasthtml.common import Link, Main, Span, fast_app
from sse_monitor import (LOCAL_PREFIX, StatusContainer, StatusIndicator, asset_headers,
                         create_connection_status_indicators, mount_local_assets)

app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX), Link(rel='icon', href='data:,')), pico=False, htmx=False, surreal=False, secret_key='tests')
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])

@rt('/')
def index(hide_text_on_mobile:int=1, label:str='Custom'):
    indicators = create_connection_status_indicators(hide_text_on_mobile=bool(hide_text_on_mobile))
    return Main(*[StatusContainer(state, indicator) for state, indicator in indicators.items()],
                StatusContainer('hostile', StatusIndicator('error', label=label)),
                Span(id='uncoloured', cls='status'), cls='flex flex-col gap-2 p-4')
