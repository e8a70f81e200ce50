"""Trust between users, in real Chromium against a real uvicorn (tests/apps/login_app.py): two users in one browser
context (one cookie jar, one set of Web Locks and BroadcastChannels, as the tabs of a real window), a login and a logout
in one tab, and who may listen to what."""
import asyncio, json, signal, time, urllib.error, urllib.request
import pytest
from harness import NETWORK_ERRORS, indicator_state, wait_for_state, wait_until
from sse_client import StreamClient, run

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4
REFUSED = (r'Failed to load resource: the server responded with a status of 40[13] \((Unauthorized|Forbidden)\)', r'.*')


def stats(server) -> dict: return json.loads(urllib.request.urlopen(f'{server.url}/stats', timeout=5).read())


def publish(server, topic:str, text:str):
    urllib.request.urlopen(urllib.request.Request(f'{server.url}/publish/{topic}?text={text}', method='POST'), timeout=5)


def texts(tab, name:str) -> list[str]:
    "What the element of `name` shows, event by event"
    return tab.eval_on_selector_all(f'#sse-element-{name} [data-text]', 'ps => ps.map(p => p.dataset.text)')


@pytest.fixture
def server(serve): return serve('login_app:asgi')


@pytest.fixture
def context(browser, watch):
    "One browser context (one user's browser); its tabs are `context.new_page()`; fails the test on unexpected errors"
    context = browser.new_context()
    context.set_default_timeout(10_000)
    context.tab = lambda: watch.attach(context.new_page())
    yield context
    context.close()
    problems = watch.problems()
    assert not problems, 'the page reported problems:\n' + '\n'.join(problems)


def logged_in(tab, server, user:str, admin:int=0):
    "Log `user` in from `tab` (the login page redirects to the inbox), and wait until its streams are live"
    tab.goto(f'{server.url}/login?user={user}&admin={admin}')
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    wait_until(lambda: texts(tab, 'me') == [f'for {user}'], what=f"{user}'s own stream")


def logged_in_instead(tab, server, user:str):
    "Log out from `tab` (a page load), then log `user` in there: the browser's session is `user`'s from then on"
    tab.goto(f'{server.url}/logout')
    logged_in(tab, server, user)


def deploy(server):
    "A deploy: SIGTERM (pages come back by themselves), then the server again"
    server.signal(signal.SIGTERM)
    assert server.wait_exit(10)
    server.start()


def deploy_then(server, stale, live):
    "A deploy (SIGTERM, then the server again); wait until `stale`'s elements stopped and `live`'s are back"
    deploy(server)
    for name in ('inbox', 'me'):
        wait_for_state(stale, name, 'disconnected', timeout=10)
        wait_for_state(live, name, 'active', timeout=10)


def test_a_tab_of_another_session_never_follows_the_first_sessions_streams(server, context):
    """Regression: the lock and channel of a shared stream were named after its URL only. Alice's tab held /inbox; in a
    second tab she logged out and Bob logged in: Bob's tab followed Alice's connection and showed her private events"""
    alice = context.tab()
    logged_in(alice, server, 'alice')
    bob = context.tab()
    logged_in_instead(bob, server, 'bob')
    assert texts(bob, 'me') == ['for bob'] and texts(alice, 'me') == ['for alice']   # no catch-up from the other session
    wait_until(lambda: stats(server)['subscribers'] == {'user.alice': 1, 'user.bob': 1}, what="each user's own stream")
    publish(server, 'user.alice', 'a1')
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(alice, 'inbox') == ['a1'] and texts(bob, 'inbox') == ['b1'], what='each event in its own tab')
    third = context.tab()   # a third tab of the browser's session now (Bob's) follows Bob's streams, not Alice's
    logged_in(third, server, 'bob')
    publish(server, 'user.bob', 'b2')
    wait_until(lambda: texts(third, 'inbox') == ['b2'] and texts(bob, 'inbox') == ['b1', 'b2'], what="Bob's next event")
    time.sleep(0.3)
    assert texts(alice, 'inbox') == ['a1']
    assert stats(server)['subscribers'] == {'user.alice': 1, 'user.bob': 1}   # Bob's two tabs share one


def test_a_page_of_the_old_session_stops_when_its_streams_come_back_with_the_new_sessions_cookies(server, context, watch):
    """After a deploy (SIGTERM: pages come back by themselves), Alice's page reconnects with the cookies the browser has
    now, Bob's: the hello says Bob's scope, and Alice's page stops instead of showing Bob's events; Bob's page is back"""
    watch.allow(*NETWORK_ERRORS)
    alice, bob = context.tab(), context.tab()
    logged_in(alice, server, 'alice')
    logged_in_instead(bob, server, 'bob')
    deploy_then(server, stale=alice, live=bob)
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(bob, 'inbox') == ['b1'], what="Bob's event in Bob's page")
    time.sleep(0.3)
    assert texts(alice, 'inbox') == [] and texts(alice, 'me') == ['for alice']
    assert stats(server)['subscribers'] == {'user.bob': 1}


def test_a_logout_in_one_tab_ends_sharing_with_the_old_sessions_connection(server, context, watch):
    """Regression: a tab that logged out by htmx (no page loaded: it keeps its elements) went on following the old
    session's connection, held by another tab, and showed its events. Now its elements, made for Alice, stop; a login
    by htmx whose answer is the inbox made anew for Bob brings Bob's streams to it"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    holder, tab = context.tab(), context.tab()
    logged_in(holder, server, 'alice')
    logged_in(tab, server, 'alice')
    wait_until(lambda: stats(server)['subscribers'] == {'user.alice': 1}, what='one shared stream')
    tab.click('#logout')
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'disconnected')
    publish(server, 'user.alice', 'after-logout')
    wait_until(lambda: texts(holder, 'inbox') == ['after-logout'], what="the event in the holder's own page")
    time.sleep(0.3)
    assert texts(tab, 'inbox') == []
    tab.click('#login-bob')
    wait_for_state(tab, 'inbox', 'active')
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(tab, 'inbox') == ['b1'], what="Bob's event in the tab he logged in from")
    time.sleep(0.3)
    assert texts(holder, 'inbox') == ['after-logout']   # the holder's page is Alice's: Bob's events are not for it
    assert stats(server)['subscribers'] == {'user.alice': 1, 'user.bob': 1}


def test_an_admin_only_route_refuses_others_directly_and_through_the_page_stream(server, context, watch):
    "hub.route(access=...): an anonymous client or another user gets a 403 and never an admin-only event"
    watch.allow(REFUSED, *NETWORK_ERRORS)
    with pytest.raises(urllib.error.HTTPError) as refused: urllib.request.urlopen(f'{server.url}/admin/feed', timeout=5)
    assert refused.value.code == 403
    user = context.tab()
    logged_in(user, server, 'carol', admin=1)   # the page stream asks /admin/feed with Carol's cookies: refused, asked again later
    assert indicator_state(user, 'admin') != 'active'
    publish(server, 'admin-only', 'secret')
    time.sleep(0.5)
    assert texts(user, 'admin') == [] and indicator_state(user, 'admin') != 'active'


def test_the_admin_gets_the_admin_only_route(server, context):
    admin = context.tab()
    logged_in(admin, server, 'admin', admin=1)
    wait_for_state(admin, 'admin', 'active')
    publish(server, 'admin-only', 'for-admins')
    wait_until(lambda: texts(admin, 'admin') == ['for-admins'], what='the admin-only event')


def test_the_page_stream_runs_no_handler_that_is_not_a_hub_stream(server):
    "Regression: the page stream called every GET handler named in s= (up to 32 per connection, on every reconnect)"
    async def scenario():
        page = await StreamClient(server.port, '/sse-monitor/hub?' + '&'.join(['s=/count'] * 31 + ['s=/welcome'])).open()
        reader = asyncio.ensure_future(page.read_all())
        await asyncio.wait_for(page.first.wait(), 5)
        reader.cancel()
        return page.events[0]
    hello = run(scenario())
    assert json.loads(hello[1])['streams'] == [{'reason': 'not a hub stream', 'final': True}] * 32
    assert stats(server)['counted'] == 0


def test_a_stream_that_does_not_say_whose_it_is_is_not_shared(server, context):
    """A stream of an app outside share_between_tabs has no hello with a scope: the tab that holds it cannot tell whose
    it is, relays nothing, and each tab has its own connection"""
    tabs = [context.tab(), context.tab()]
    for tab in tabs:
        tab.goto(f'{server.url}/login?user=alice')
        tab.goto(f'{server.url}/bare')
    for tab in tabs: wait_until(lambda: texts(tab, 'bare') == ['bare'], what='the bare stream')
    assert stats(server)['bare'] == 2


def _alice_then_bob_here(server, context, stale):
    "Two tabs of Alice's; in the second, `stale` (an htmx answer that says Alice's scope) around a login as Bob by htmx"
    holder, tab = context.tab(), context.tab()
    logged_in(holder, server, 'alice')
    logged_in(tab, server, 'alice')
    stale(tab, lambda: tab.click('#login-bob'))
    wait_until(lambda: tab.inner_text('#who') == 'logged in as bob', what='Bob logged in')
    wait_for_state(tab, 'inbox', 'active')
    time.sleep(0.5)
    publish(server, 'user.alice', 'alice-secret')
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(holder, 'inbox') == ['alice-secret'] and texts(tab, 'inbox') == ['b1'], what='each event where it belongs')
    time.sleep(0.3)
    return holder, tab


def test_an_answer_sent_before_a_login_does_not_bring_the_old_session_back(server, context, watch):
    """Regression (found in review): an htmx answer to a request sent with Alice's cookies, arriving after Bob logged in
    by htmx in that tab, said Alice's scope: the tab followed Alice's connection again and Bob saw her events"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    def late(tab, login):
        with tab.expect_response(lambda response: '/slow' in response.url, timeout=5000):
            tab.click('#slow')
            time.sleep(0.2)
            login()
    holder, tab = _alice_then_bob_here(server, context, late)
    assert texts(tab, 'me')[-1] == 'for bob' and 'for alice' not in texts(tab, 'me')[1:]


def test_an_answer_from_the_browsers_cache_does_not_bring_the_old_session_back(server, context, watch):
    "Regression (found in review): the same with an htmx answer the browser had cached before the login"
    watch.allow(REFUSED, *NETWORK_ERRORS)
    def cached(tab, login):
        tab.click('#cached')
        tab.wait_for_selector('#cached-done')
        login()
        wait_until(lambda: tab.inner_text('#who') == 'logged in as bob', what='Bob logged in')
        tab.evaluate("document.querySelector('#cached-box').innerHTML = ''")
        tab.click('#cached')   # answered from the cache: Alice's scope
        tab.wait_for_selector('#cached-done')
    _alice_then_bob_here(server, context, cached)


@pytest.mark.parametrize('cookie', ['_ga=GA1.1.12345.67890', 'theme=dark'])
def test_a_cookie_that_a_script_sets_does_not_stop_a_page(server, context, watch, cookie):
    """Regression (found in review): every cookie counted as the user, so a cookie set by a script after the page loaded
    (an analytics one) made the next reconnect's hello another session's, and the page stopped. Analytics cookies do
    not count at all (the tabs go on sharing); another cookie counts as the cookies, not the user (a stream may depend
    on it): the streams go on, each tab's own"""
    watch.allow(*NETWORK_ERRORS)
    tabs = [context.tab(), context.tab()]
    for tab in tabs: logged_in(tab, server, 'alice')
    tabs[0].evaluate(f"document.cookie = '{cookie}; path=/'")
    deploy(server)
    for tab in tabs:
        for name in ('inbox', 'me'): wait_for_state(tab, name, 'active', timeout=10)
    shared = cookie.startswith('_ga')
    wait_until(lambda: stats(server)['subscribers'] == {'user.alice': 1 if shared else 2}, timeout=5, what='the streams back')


def test_tabs_of_users_told_apart_by_a_cookie_of_the_apps_own_never_share(server, context):
    "An app that logs users in with a cookie of its own (no session): the cookie counts, so their tabs do not share"
    alice, bob = context.tab(), context.tab()
    alice.goto(f'{server.url}/tlogin?user=alice')
    wait_until(lambda: texts(alice, 'tme') == ['for alice'], what="Alice's stream")
    bob.goto(f'{server.url}/tlogin?user=bob')
    wait_until(lambda: texts(bob, 'tme') == ['for bob'], what="Bob's stream")
    time.sleep(0.3)
    assert texts(alice, 'tme') == ['for alice']


def test_widgets_that_an_htmx_partial_brings_are_shared(server, context):
    "Regression (found in review): monitors that came after an htmx response on a page that had none never shared"
    tabs = [context.tab(), context.tab()]
    for tab in tabs:
        logged_in(tab, server, 'alice')
        tab.goto(f'{server.url}/lazy')
        for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    wait_until(lambda: stats(server)['subscribers'] == {'user.alice': 1}, what='one stream for both tabs')


def test_a_page_of_history_rendered_for_another_user_does_not_follow_the_first_users_streams(server, context, watch):
    """Regression (found in review): going back to a page out of htmx's history cache renders it afresh, for Bob now,
    into a document whose monitors were Alice's: Bob's monitors shared in Alice's scope and showed her events"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    holder, tab, other = context.tab(), context.tab(), context.tab()
    logged_in(holder, server, 'alice')
    tab.goto(f'{server.url}/hinbox')
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    tab.click('#away')
    tab.wait_for_selector('text=Log in first.')
    logged_in_instead(other, server, 'bob')
    tab.go_back()
    wait_until(lambda: tab.inner_text('#who') == 'logged in as bob', what="Bob's inbox, rendered afresh")
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    publish(server, 'user.alice', 'alice-secret')
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(tab, 'inbox') == ['b1'] and texts(holder, 'inbox') == ['alice-secret'], what='each event where it belongs')
    time.sleep(0.3)
    assert texts(tab, 'me')[-1] == 'for bob' and 'for alice' not in texts(tab, 'me')[1:]


def test_after_an_htmx_login_a_stream_back_with_another_users_cookies_stops(server, context, watch):
    """Regression (found in review): after Bob logged in by htmx in a tab, a stream that came back with Carol's cookies
    (she logged in elsewhere, then a deploy) was shown there"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    tab, other = context.tab(), context.tab()
    logged_in(tab, server, 'alice')
    tab.click('#login-bob')
    wait_until(lambda: texts(tab, 'me')[-1:] == ['for bob'], what="Bob's stream")
    logged_in_instead(other, server, 'carol')
    deploy_then(server, stale=tab, live=other)
    publish(server, 'user.carol', 'carol-secret')
    wait_until(lambda: texts(other, 'inbox') == ['carol-secret'], timeout=10, what="Carol's event in Carol's tab")
    time.sleep(0.3)
    assert 'for carol' not in texts(tab, 'me') and texts(tab, 'inbox') == []


def test_a_page_of_the_old_session_that_makes_an_htmx_request_stops(server, context, watch):
    """Regression (found in review): Alice's page, after Bob logged in in another tab, made an htmx request; its answer
    said Bob's scope, the page took it for a login of its own and showed Bob's events in Alice's elements"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    alice, bob = context.tab(), context.tab()
    logged_in(alice, server, 'alice')
    logged_in_instead(bob, server, 'bob')
    alice.click('#slow')
    alice.wait_for_selector('#slow-done', timeout=5000)
    for name in ('inbox', 'me'): wait_for_state(alice, name, 'disconnected')
    publish(server, 'user.bob', 'b1')
    wait_until(lambda: texts(bob, 'inbox') == ['b1'], what="Bob's event in Bob's tab")
    time.sleep(0.3)
    assert texts(alice, 'inbox') == [] and texts(alice, 'me') == ['for alice']


@pytest.mark.parametrize('runtime', ['in the head', 'with the first monitor'])
def test_widgets_from_the_browsers_cache_made_for_another_user_do_not_follow_that_users_streams(serve, context, watch, runtime):
    """Regression (found in review, twice): widgets the browser had cached for Alice, shown in a page rendered for Bob,
    followed Alice's streams and showed her events to Bob; so did they when the runtime came with them (the first monitor
    of a page brings it when the head does not): the document says whose it is in its head, never a partial"""
    watch.allow(REFUSED, *NETWORK_ERRORS)
    server = serve('login_app:asgi', env={'RUNTIME': 'on' if runtime == 'in the head' else 'off'})
    holder, tab, other = context.tab(), context.tab(), context.tab()
    logged_in(holder, server, 'alice')
    tab.goto(f'{server.url}/lazyc')
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    logged_in_instead(other, server, 'bob')
    tab.goto(f'{server.url}/lazyc')   # Bob's page now; the widgets come from the cache, made for Alice
    wait_until(lambda: tab.inner_text('#who') == 'logged in as bob', what="Bob's page")
    for name in ('inbox', 'me'): wait_for_state(tab, name, 'disconnected')
    publish(server, 'user.alice', 'alice-secret')
    wait_until(lambda: texts(holder, 'inbox') == ['alice-secret'], what="Alice's event in Alice's tab")
    time.sleep(0.3)
    assert texts(tab, 'inbox') == []


def test_tabs_that_logged_in_through_hx_boost_share(server, context):
    """Regression (found in review): a login through an hx-boost'ed link (htmx follows the redirect to the inbox) left the
    page thinking the session had changed under it, and its tabs never shared again"""
    tabs = [context.tab(), context.tab()]
    for tab in tabs:
        tab.goto(f'{server.url}/boosted')
        tab.click('#boost-login')
        for name in ('inbox', 'me'): wait_for_state(tab, name, 'active')
    wait_until(lambda: stats(server)['subscribers'] == {'user.alice': 1}, what='one stream for both tabs')


def test_a_widget_that_comes_in_a_published_event_keeps_streaming(server, context, watch):
    """Regression (found in review): a monitored widget published through the hub was rendered with the publisher's
    scope, and stopped in every page it reached as if made for another user. Rendered for no one, it streams, unshared"""
    tab = context.tab()
    logged_in(tab, server, 'alice')
    urllib.request.urlopen(urllib.request.Request(f'{server.url}/pubwidget/user.alice', method='POST'), timeout=5)
    wait_for_state(tab, 'job', 'active')
    time.sleep(0.5)
    assert indicator_state(tab, 'job') == 'active' and indicator_state(tab, 'inbox') == 'active'
