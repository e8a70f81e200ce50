"""An app with session logins, as FastHTML apps make them: a beforeware guard, a per-user SSEHub topic (`user.NAME`), a
per-user monitored_stream, an admin-only hub.route, and share_between_tabs; HTMX=4 in the environment makes its pages
htmx 4 pages.

Pages
  /login?user=NAME&admin=0   logs NAME in (session['auth']) and redirects to /inbox; POSTed by htmx (a button of /inbox),
                       it logs in without loading a page: its answer is the inbox made anew for NAME
  /logout              logs out: GET redirects to /welcome; POSTed by htmx, it swaps that line only
  /welcome             a page for anyone
  /inbox?admin=0       the user's page: `inbox` (the hub topic user.NAME, on the hub's page stream), `me` (a monitored_stream
                       whose one event says whose it is); with admin=1 also `admin` (the admin-only hub.route, on the page
                       stream too)
  /lazy                a page without monitors, whose widgets come in an htmx partial (hx-trigger=load); /lazyc the same
                       with widgets the browser caches for 10 minutes (Cache-Control: private)
  /boosted             a page without monitors whose login link is hx-boost'ed (the login and the inbox come by htmx)
  /hinbox              the inbox kept out of htmx's history cache (hx-history=false), with an htmx link away that pushes
                       its URL: going back renders it afresh, for whoever is logged in then
  /tlogin?user=NAME    logs NAME in with a cookie of the app's own (`token`, no session), then /tpage: `tme`, a
                       monitored_stream of /t/stream that says whose token it got
Streams (behind the guard: 401 without a login)
  /inbox/stream        hub.stream(request, 'user.NAME') (@hub.handler)
  /me/stream           monitored_stream: "for NAME", then quiet
  /admin/feed          hub.route('admin-only', access=admins): a 403 for anyone but the user `admin`
  /count               a handler with a side effect (it counts its calls), not a hub stream
  /slow, /cached       htmx answers (buttons of /inbox): one that comes 1.5 s late, one the browser caches for 10 minutes
  /bare/stream         a stream of an app mounted beside this one (outside share_between_tabs): it says nothing of whose it is
                       (`bare` on /bare, a page of this app); served by `asgi`, the two apps together
  POST /pubwidget/{topic}  publishes a monitored widget (`job`) to a hub topic: rendered for no one, shown in every page
                       of the topic
RUNTIME=off in the environment leaves the runtime out of the head: the first monitor of each page brings it
Control (not behind the guard)
  POST /publish/{topic}?text=T   publish <p data-text=T>T</p> to `topic`
  /stats                         subscribers by topic, and how many times /count ran
"""
import os
from starlette.routing import Mount, Route, Router
from fasthtml.common import A, Beforeware, HttpHeader, Button, Div, JSONResponse, Link, P, RedirectResponse, Response, Titled, fast_app
from sse_monitor import (LOCAL_PREFIX, SSEConnectionConfig, SSEConnectionMonitor, SSEElement, SSEHub, asset_headers,
                         monitored_stream, mount_local_assets, share_between_tabs)
import asyncio

HTMX4 = os.environ.get('HTMX') == '4'
OPEN = [r'/pubwidget/.*', r'/boosted', r'/slow', r'/cached', r'/tlogin', r'/tpage', r'/t/stream', r'/login', r'/logout', r'/welcome', r'/publish/.*', r'/stats', r'/_sse_monitor/.*', r'/sse-monitor/hub', r'/admin/feed']


def guard(req, session):
    "FastHTML's usual guard: pages go to the login, streams are refused"
    if session.get('auth'): return
    return Response('log in first', 401) if 'stream' in req.url.path else RedirectResponse('/welcome', status_code=303)


hub = SSEHub(heartbeat=2)
RUNTIME = os.environ.get('RUNTIME') != 'off'   # RUNTIME=off: no runtime in the head (the first monitor of a page brings it)
app, rt = fast_app(hdrs=(*asset_headers(LOCAL_PREFIX, htmx4=HTMX4, runtime=RUNTIME), Link(rel='icon', href='data:,')), pico=False, htmx=False,
                   surreal=False, secret_key='tests', before=Beforeware(guard, skip=OPEN))
mount_local_assets(app, os.environ['SSE_MONITOR_NODE_MODULES'])
share_between_tabs(app)


def admins(request, topics): return request.session.get('auth') == 'admin'
app.routes.insert(0, hub.route('/admin/feed', 'admin-only', access=admins))
hub.multiplex(app)
counted = []


def who(session): return P(f"logged in as {session.get('auth') or 'nobody'}", id='who')


@rt('/login')
def login(req, session, user:str, admin:int=0):
    "Logs `user` in; by htmx (a button of /inbox) it answers with the inbox made anew for them, in place of the old one"
    session['auth'] = user
    return inbox_main(session, admin) if 'hx-request' in req.headers else RedirectResponse(f'/inbox?admin={admin}', status_code=303)


@rt('/logout')
def logout(req, session):
    session.pop('auth', None)
    return who(session) if 'hx-request' in req.headers else RedirectResponse('/welcome', status_code=303)


@rt('/welcome')
def welcome(): return Titled('Welcome', P('Log in first.'))


def widget(name:str, url:str, **kwargs):
    status, script = SSEConnectionMonitor(name, config=SSEConnectionConfig(reconnect_delay=300))
    return Div(status, SSEElement(name, url, hx_swap='beforeend', htmx4=HTMX4, **kwargs), script)


@rt('/inbox')
def inbox(session, admin:int=0):
    return Titled('Inbox', Button('Slow', id='slow', hx_get='/slow', hx_target='#slow-box'), Div(id='slow-box'),
                  Button('Cached', id='cached', hx_get='/cached', hx_target='#cached-box'), Div(id='cached-box'),
                  inbox_main(session, admin))


def inbox_main(session, admin:int=0):
    return Div(who(session),
               Button('Log out here', id='logout', hx_post='/logout', hx_target='#who', hx_swap='outerHTML'),
               Button('Log in as bob here', id='login-bob', hx_post='/login?user=bob', hx_target='#main', hx_swap='outerHTML'),
               widget('inbox', '/inbox/stream', hub=hub), widget('me', '/me/stream'),
               *([widget('admin', '/admin/feed', hub=hub)] if admin else []), id='main')


@hub.handler
@rt('/inbox/stream')
def inbox_stream(request, session): return hub.stream(request, f"user.{session['auth']}")


@rt('/me/stream')
def me_stream(session):
    async def hello(name):
        yield P(f'for {name}', data_text=f'for {name}')
        await asyncio.sleep(3600)
    return monitored_stream(hello(session['auth']), 'me')


@rt('/slow')
async def slow():
    "An htmx answer that comes 1.5 s after its request (with the cookies of then)"
    await asyncio.sleep(1.5)
    return P('slow done', id='slow-done')


@rt('/cached')
def cached():
    "An htmx answer the browser keeps for 10 minutes (with the cookies of the first request)"
    return Response('<p id="cached-done">cached</p>', media_type='text/html', headers={'Cache-Control': 'private, max-age=600'})


@rt('/lazy')
def lazy(session): return Titled('Lazy', who(session), Div(id='widgets', hx_get='/lazy/widgets', hx_trigger='load'))


@rt('/lazy/widgets')
def lazy_widgets(): return Div(widget('inbox', '/inbox/stream', hub=hub), widget('me', '/me/stream'))


@rt('/lazyc')
def lazy_cached(session): return Titled('Lazy', who(session), Div(id='widgets', hx_get='/lazyc/widgets', hx_trigger='load'))


@rt('/lazyc/widgets')
def lazy_cached_widgets():
    "The widgets of /lazy, kept by the browser for 10 minutes: made for whoever asked first"
    return lazy_widgets(), HttpHeader('Cache-Control', 'private, max-age=600')


@rt('/boosted')
def boosted(): return Titled('Boosted', Div(A('log in', id='boost-login', href='/login?user=alice'), hx_boost='true'))


@rt('/hinbox')
def hinbox(session):
    return Titled('Inbox', who(session), A('away', id='away', hx_get='/welcome', hx_target='body', hx_push_url='true', href='#'),
                  Div(hx_history='false'), widget('inbox', '/inbox/stream', hub=hub), widget('me', '/me/stream'))


@rt('/tlogin')
def tlogin(user:str):
    response = RedirectResponse('/tpage', status_code=303)
    response.set_cookie('token', user)
    return response


@rt('/tpage')
def tpage(): return Titled('Token', widget('tme', '/t/stream'))


@rt('/t/stream')
def token_stream(req):
    async def hello(name):
        yield P(f'for {name}', data_text=f'for {name}')
        await asyncio.sleep(3600)
    return monitored_stream(hello(req.cookies.get('token')), 'tme')


@rt('/count')
def count():
    counted.append(1)
    return P('counted')


@rt('/publish/{topic}', methods=['post'])
async def publish(topic:str, text:str): return JSONResponse(await hub.publish(topic, P(text, data_text=text)))


@rt('/bare')
def bare(): return Titled('Bare', widget('bare', '/bare/stream'))


bare_streams = []   # the /bare/stream requests that came


class BareStream:
    "An event stream as another app (or a proxy rule) might serve it, outside share_between_tabs: no hello"
    async def __call__(self, scope, receive, send):
        bare_streams.append(1)
        await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/event-stream')]})
        await send({'type': 'http.response.body', 'body': b'data: <p data-text="bare">bare</p>\n\n', 'more_body': True})
        while (await receive())['type'] != 'http.disconnect': pass


@rt('/pubwidget/{topic}', methods=['post'])
async def publish_widget(topic:str):
    "Publish a monitored widget (`job`, on /me/stream) to `topic`: it lands in the pages that show the topic"
    return JSONResponse(await hub.publish(topic, widget('job', '/me/stream')))


@rt('/stats')
def stats():
    return JSONResponse({'subscribers': {t: len(s) for t, s in hub._log.subscribers.items()}, 'counted': len(counted),
                         'bare': len(bare_streams)})


asgi = Router([Route('/bare/stream', BareStream()), Mount('/', app)])
