"""The runtime's sources (js/src) against what the package ships (sse_monitor/static), and their unit tests under node."""
import subprocess
from harness import ROOT


def _node(*args) -> subprocess.CompletedProcess:
    return subprocess.run(['node', *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_shipped_bundles_are_built_from_the_sources():
    res = _node('js/build.mjs', '--check')
    assert res.returncode == 0, res.stderr


def test_runtime_unit_tests():
    res = _node('--test', 'js/test/')
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]


_BROWSER_NAMES = """() => {
  const names = new Set(), seen = new Set();
  const walk = (o) => {
    for (; o && (typeof o === 'object' || typeof o === 'function') && !seen.has(o); o = Object.getPrototypeOf(o)) {
      seen.add(o);
      for (const name of Object.getOwnPropertyNames(o)) names.add(name);
      if (typeof o === 'function' && o.prototype) walk(o.prototype);
    }
  };
  for (const name of Object.getOwnPropertyNames(window)) { try { walk(window[name]); } catch (e) { /* a getter that throws */ } }
  [document, location, new URL(location.href), navigator, new EventSource('data:,'), new AbortController()].forEach(walk);
  return [...names];
}"""


def test_shortened_names_are_no_browser_names(browser):
    "The names the minified runtime shortens are none that Chromium's objects have (location.host, an array's join...)"
    text = (ROOT/'js'/'internal-names.txt').read_text()
    internals = set(' '.join(line for line in text.splitlines() if not line.startswith('#')).split())
    page = browser.new_page()
    try: taken = internals & set(page.evaluate(_BROWSER_NAMES))
    finally: page.close()
    assert len(internals) > 50 and not taken, f'js/internal-names.txt has names of the browser\'s objects: {sorted(taken)}'
