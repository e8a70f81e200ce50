"""The runtime's sources (js/src) against what the package ships (sse_monitor/static), and their unit tests under node."""
import json, re, subprocess
from harness import ROOT
from sse_monitor.runtime import runtime_defaults, runtime_js


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


def _js_literals(value) -> list[str]:
    "Regular expressions for the ways JavaScript (the sources, or esbuild's output of them) writes `value` as a literal"
    if isinstance(value, int): return [rf'(?<![\w.$]){value}(?![\w.$])']
    if isinstance(value, str): return [re.escape(q + value + q) for q in '"\'`']
    if isinstance(value, list):   # the whole list, in any quotes and spacing
        return [r'\[\s*' + r'\s*,\s*'.join(f'["\'`]{re.escape(v)}["\'`]' for v in value) + r'\s*,?\s*\]']
    raise TypeError(f'no JavaScript literal for {value!r}')


def test_runtime_writes_no_value_python_sends():
    """What the runtime and the servers agree on comes from Python only (`runtime_defaults()['protocol']`): the bundle
    writes none of it where js/src/protocol.js defines its names, nor the share scope's names and pattern anywhere"""
    protocol = json.loads(runtime_defaults())['protocol']
    readable = runtime_js(minified=False)
    section = readable.split('// js/src/protocol.js\n', 1)[1].split('\n  // js/src/', 1)[0]
    written = {k: v for k, v in protocol.items() if k != 'scope_pattern' and any(re.search(p, section) for p in _js_literals(v))}
    assert not written, f'js/src/protocol.js still writes {written}: take them from useProtocol(), as Python sends them'
    for name, code in (('sse-monitor.js', readable), ('sse-monitor.min.js', runtime_js())):
        anywhere = [v for v in {protocol['scope_header'], protocol['scope_meta']} if any(re.search(p, code) for p in _js_literals(v))]
        anywhere += [protocol['scope_pattern']] if protocol['scope_pattern'] in code else []
        assert not anywhere, f'{name} writes {anywhere}, which Python sends'
