"""Test harness: real uvicorn servers in subprocesses, headless Debian chromium, and what a page shows.

Used by the fixtures in conftest.py; kept apart so benchmarks and later tests can import it too.
"""
import os, re, signal, socket, subprocess, sys, time
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = Path(__file__).resolve().parent/'apps'
NODE_MODULES = ROOT/'node_modules'
CHROMIUM = '/usr/bin/chromium'
# Headless flags that keep Debian's chromium off the network (this machine's closed network refuses
# its background connections) and out of first-run work.
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions']
LOCAL_HOSTS = {'127.0.0.1', 'localhost'}
# The console errors that a lost, refused or offline stream makes the browser and htmx print by themselves, word for
# word and from where: Chromium's "Failed to load resource" lines for a stream URL (a path with a `stream` segment), and
# htmx's log of the error Event of every htmx:sseError (it prints as "Event", from htmx's own script). Tests that break
# streams on purpose allow these, and nothing more: a failed page, script or asset request is still a problem.
_STREAM_URL = r'http://(127\.0\.0\.1|localhost):\d+/([^?#]*/)?(stream|sse-monitor/hub)(/[^?#]*)?(\?.*)?'   # a hub's page stream too
NETWORK_ERRORS = ((r'Event', r'.*/htmx\.org(@[^/]+)?/dist/htmx(\.min)?\.js'),
                  (r'Failed to load resource: net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|INCOMPLETE_CHUNKED_ENCODING|INTERNET_DISCONNECTED)', _STREAM_URL),
                  (r'Failed to load resource: the server responded with a status of 503 \(Service Unavailable\)', _STREAM_URL))


# Counts the streams a page opens: EventSources, and on htmx 4 pages the fetches of a FetchSource (Accept:
# text/event-stream, which htmx's own requests never send alone). Part of the tests' init scripts.
COUNT_STREAMS = '''
window.__eventSources = 0;
const NativeEventSource = window.EventSource;
window.EventSource = class extends NativeEventSource {
  constructor(...args) { super(...args); window.__eventSources += 1; }
};
const NativeFetch = window.fetch;
window.fetch = function (resource, init) {
  const headers = (init && init.headers) || {};
  if ((headers.Accept || headers.accept) === 'text/event-stream') window.__eventSources += 1;
  return NativeFetch.apply(this, arguments);
};
'''


def dead_port() -> socket.socket:
    "A socket bound to a 127.0.0.1 port without listening: connections to it are refused while it stays open"
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    return s


def chromium_options(dead:socket.socket) -> dict:
    """Playwright launch options for headless Debian chromium that cannot reach any other host: every request
    but those to 127.0.0.1 and localhost goes through a proxy on the `dead` port, and fails."""
    return dict(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                proxy={'server': f'http://127.0.0.1:{dead.getsockname()[1]}', 'bypass': ','.join(sorted(LOCAL_HOSTS))})


def free_port() -> int:
    "A TCP port on 127.0.0.1 that nothing listens on right now"
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _accepts(port:int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(('127.0.0.1', port)) == 0


class UvicornServer:
    "A real uvicorn serving `app` (`module:attribute` in tests/apps) in a subprocess on 127.0.0.1"
    def __init__(self,
                 app:str, # `module:attribute` of the ASGI app, found in `app_dir`
                 log_dir:Path, # Where stdout/stderr of each run are written
                 port:int|None=None, # Port to listen on (default: a free one)
                 env:dict|None=None, # Extra environment variables for the server
                 args:tuple=(), # Extra uvicorn command-line arguments
                 app_dir:Path=APPS, # Folder holding the app's module
                 command:list|None=None, # Run this instead of uvicorn: `{port}` in an argument becomes the port
                ):
        self.app, self.log_dir, self.port, self.args = app, Path(log_dir), port or free_port(), tuple(args)
        self.app_dir, self.command = Path(app_dir), command
        self.env = {**os.environ, 'SSE_MONITOR_NODE_MODULES': str(NODE_MODULES), 'PYTHONUNBUFFERED': '1',
                    'PORT': str(self.port), **(env or {})}
        self.proc, self.runs = None, 0

    @property
    def url(self) -> str: return f'http://127.0.0.1:{self.port}'

    @property
    def stderr_path(self) -> Path: return self.log_dir/f'server-{self.port}-run{self.runs}.err'

    @property
    def stdout_path(self) -> Path: return self.log_dir/f'server-{self.port}-run{self.runs}.out'

    def start(self, timeout:float=20) -> 'UvicornServer':
        "Start the server and wait until it accepts connections"
        assert self.proc is None or self.proc.poll() is not None, 'server already running'
        if _accepts(self.port): raise RuntimeError(f'port {self.port} is already in use')
        self.runs += 1
        self.log_dir.mkdir(parents=True, exist_ok=True)
        cmd = ([str(c).format(port=self.port) for c in self.command] if self.command else
               [sys.executable, '-m', 'uvicorn', self.app, '--app-dir', str(self.app_dir),
                '--host', '127.0.0.1', '--port', str(self.port), *self.args])
        with open(self.stdout_path, 'wb') as out, open(self.stderr_path, 'wb') as err:
            cwd = self.app_dir if self.command else self.log_dir
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=self.env, cwd=cwd, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not _accepts(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f'{self.app} exited with {self.proc.returncode}:\n{self.stderr_path.read_text()}')
            if time.monotonic() > deadline:
                self.kill()
                raise TimeoutError(f'{self.app} did not listen on {self.port} within {timeout}s:\n{self.stderr_path.read_text()}')
            time.sleep(0.05)
        return self

    def _signal_group(self, signum:int):
        "Send `signum` to the server and every process it started (a reloader's worker outlives its parent)"
        try: os.killpg(self.proc.pid, signum)
        except ProcessLookupError: pass

    def kill(self):
        "SIGKILL the server (no goodbye to anyone) and wait until it is gone"
        if self.proc:
            self._signal_group(signal.SIGKILL)
            self.proc.wait()

    def restart(self, timeout:float=20) -> 'UvicornServer':
        "Kill the server if it runs, then start it again on the same port"
        self.kill()
        return self.start(timeout)

    def signal(self, signum:int):
        "Send `signum` to the server's main process only, as a process manager would"
        os.kill(self.proc.pid, signum)

    def wait_exit(self, timeout:float) -> bool:
        "Wait up to `timeout` seconds for the server to exit by itself; True if it did"
        try: self.proc.wait(timeout)
        except subprocess.TimeoutExpired: return False
        return True

    def stop(self, timeout:float=5):
        "SIGTERM the server, SIGKILL it if it is still there after `timeout` seconds"
        if self.proc:
            self._signal_group(signal.SIGTERM)
            try: self.proc.wait(timeout)
            except subprocess.TimeoutExpired: self.kill()


def demo_server(log_dir:Path, htmx4:bool=False) -> UvicornServer:
    "The demo as `make demo` (`make demo HTMX=4`) runs it (`sse-monitor-demo` with the local assets), not started yet"
    demo = Path(sys.executable).parent/'sse-monitor-demo'
    return UvicornServer('sse-monitor-demo', log_dir=log_dir, app_dir=ROOT, command=[
        demo, '--port', '{port}', '--assets', 'local', '--node-modules', NODE_MODULES, *(['--htmx4'] if htmx4 else [])])


@dataclass
class PageWatch:
    "What a page printed, and what went wrong in it: console errors, page errors, dialogs, requests to other hosts"
    messages: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    external_requests: list = field(default_factory=list)
    allowed: list = field(default_factory=list)
    mirrored: set = field(default_factory=set)  # hosts whose requests are answered locally

    def allow(self, *patterns:str|tuple[str, str]):
        """Expect console errors that match one of `patterns`: a regex for the whole text, or a pair of regexes for the
        whole text and the whole URL it came from. They do not fail the test; uncaught page errors are never excused."""
        for p in patterns:
            text, url = p if isinstance(p, tuple) else (p, '.*')
            self.allowed.append((re.compile(text), re.compile(url)))

    def attach(self, page):
        def on_console(m):
            self.messages.append(m.text)
            if m.type == 'error': self.console_errors.append((m.text, m.location.get('url', '')))
        page.on('console', on_console)
        page.on('pageerror', lambda e: self.page_errors.append(str(e)))
        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()
        page.on('dialog', on_dialog)
        def on_request(request):  # recorded, not intercepted: the browser's dead proxy already stops it
            host = urlsplit(request.url).hostname
            if urlsplit(request.url).scheme in ('http', 'https', 'ws', 'wss') and host not in LOCAL_HOSTS | self.mirrored:
                self.external_requests.append(request.url)
        page.on('request', on_request)
        return page

    def serve_cdn_locally(self, context):
        """Answer `context`'s requests for pinned jsDelivr npm URLs from the local node_modules (at the pinned version
        only), so a page written for the CDN runs with no internet; they do not count as requests to other hosts"""
        import json
        def fulfil(route):
            match = re.fullmatch(r'/npm/((?:@[^/]+/)?[^/@]+)@([^/]+)/(.+)', urlsplit(route.request.url).path)
            if not match: return route.abort()
            package, version, file = match.groups()
            for installed in (NODE_MODULES/package, *NODE_MODULES.iterdir()):   # the package, or an alias of it (htmx4)
                meta = installed/'package.json'
                if not meta.exists(): continue
                info = json.loads(meta.read_text())
                if info.get('name') == package and info.get('version') == version: return route.fulfill(path=installed/file)
            return route.abort()
        context.route('https://cdn.jsdelivr.net/npm/**', fulfil)
        # FastHTML's default headers also load fasthtml-js from GitHub through jsDelivr; it is not on npm, so it cannot
        # be installed and pinned here. The monitor does not use it: the page gets an empty script in its place.
        context.route(re.compile(r'https://cdn\.jsdelivr\.net/gh/answerdotai/fasthtml-js@[^/]+/fasthtml\.js'),
                      lambda route: route.fulfill(content_type='text/javascript', body='/* fasthtml-js: not served in tests */'))
        self.mirrored.add('cdn.jsdelivr.net')

    def problems(self) -> list[str]:
        "Everything unexpected, one line each"
        return ([f'console error: {text} [{url}]' for text, url in self.console_errors
                 if not any(t.fullmatch(text) and u.fullmatch(url) for t, u in self.allowed)] +
                [f'page error: {m}' for m in self.page_errors] +
                [f'dialog: {m}' for m in self.dialogs] +
                [f'request to a non-local host: {u}' for u in self.external_requests])


# What the page shows: text a sighted user can see. Text inside `sr-only` (clipped to nothing), `display:none`,
# `visibility:hidden`, zero opacity or a zero-size overflow box does not count.
_VISIBLE_TEXT_JS = '''(root) => {
  const shown = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    let {left, top, right, bottom} = range.getBoundingClientRect();
    let hidden = false;
    for (let el = node.parentElement; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility !== 'visible' || Number(s.opacity) === 0 || s.clipPath === 'inset(50%)'
          || s.clip === 'rect(0px, 0px, 0px, 0px)') { hidden = true; break; }
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const r = el.getBoundingClientRect();
        left = Math.max(left, r.left); top = Math.max(top, r.top);
        right = Math.min(right, r.right); bottom = Math.min(bottom, r.bottom);
      }
    }
    if (!hidden && right - left > 1 && bottom - top > 1) shown.push(node.textContent.trim());
  }
  return shown.join(' ');
}'''


def visible_text(page, selector:str) -> str:
    "The text inside `selector` that a sighted user can see (screen-reader-only text excluded)"
    return page.locator(selector).evaluate(_VISIBLE_TEXT_JS)


def indicator_state(page, connection_id:str) -> str|None:
    "The state (`active`, `reconnecting`, ...) the status container of `connection_id` shows, or None"
    return page.evaluate("id => document.querySelector(`#sse-status-${id} [data-sse-state]`)?.dataset.sseState ?? null",
                         connection_id)


def wait_for_state(page, connection_id:str, state:str, timeout:float=5.0) -> float:
    "Wait until the indicator of `connection_id` shows `state`; return how long that took, in seconds"
    start = time.monotonic()
    page.wait_for_function("([id, s]) => document.querySelector(`#sse-status-${id} [data-sse-state]`)?.dataset.sseState === s",
                           arg=[connection_id, state], timeout=timeout * 1000)
    return time.monotonic() - start


def wait_until(check, timeout:float=5.0, interval:float=0.05, what:str='condition'):
    "Poll `check()` until it is truthy; return its value"
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline: raise AssertionError(f'{what} not met within {timeout}s')
        time.sleep(interval)
    return value


def hide(page, hidden:bool=True):
    "Make the page's document hidden (or visible again) and tell it, as a switch to another tab does"
    page.evaluate('''hidden => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => hidden ? 'hidden' : 'visible'});
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event('visibilitychange'));
    }''', hidden)


NGINX = '/usr/sbin/nginx'
# A reverse proxy as the nginx docs configure one for an app server: the client's address appended to X-Forwarded-For
# (uvicorn trusts it from 127.0.0.1, its default), HTTP/1.1 to the app, no buffering of event streams.
_NGINX_CONF = '''
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_read_timeout 1h;
      send_timeout {send_timeout}s;
    }}
  }}
}}
'''


class NginxProxy:
    "Debian's nginx in front of `upstream` (a port on 127.0.0.1), on a free port of its own, with its files in `folder`"
    def __init__(self,
                 folder:Path, # Where its configuration, pid and error log go
                 upstream:int, # The app server's port
                 send_timeout:int=60, # Seconds nginx waits for a client that does not read (nginx's default)
                ):
        self.folder, self.upstream, self.send_timeout, self.port, self.proc = Path(folder), upstream, send_timeout, free_port(), None

    @property
    def url(self) -> str: return f'http://127.0.0.1:{self.port}'

    def start(self) -> 'NginxProxy':
        if not Path(NGINX).exists(): raise RuntimeError('nginx is missing: run scripts/setup.sh --proxy')
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o777)   # its worker (user nobody, when the master runs as root) writes its temp files here
        conf = self.folder/'nginx.conf'
        conf.write_text(_NGINX_CONF.format(dir=self.folder, port=self.port, upstream=self.upstream, send_timeout=self.send_timeout))
        self.proc = subprocess.Popen([NGINX, '-p', str(self.folder), '-c', str(conf), '-g', 'daemon off;'],
                                     stdout=subprocess.DEVNULL, stderr=open(self.folder/'stderr.log', 'wb'), start_new_session=True)
        deadline = time.monotonic() + 10
        while not _accepts(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f'nginx did not start:\n{(self.folder/"stderr.log").read_text()}')
            time.sleep(0.05)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def peer_ports(port:int) -> set[int]:
    "The remote ports of the established TCP connections to 127.0.0.1:`port` (from /proc/net/tcp)"
    found = set()
    for line in Path('/proc/net/tcp').read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        if state == '01' and int(local.split(':')[1], 16) == port and local.split(':')[0] == '0100007F':
            found.add(int(remote.split(':')[1], 16))
    return found
