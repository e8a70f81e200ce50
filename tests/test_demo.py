"`sse-monitor-demo` (what `make demo` runs) prints its URL, serves every indicator state from local assets, and stops on Ctrl+C."
import signal, subprocess, sys, time, urllib.request
from pathlib import Path
from harness import NODE_MODULES, free_port
from sse_monitor import STATES


def _get(url:str, timeout:float=10) -> str:
    "GET `url`, retrying while the server is still starting"
    deadline = time.monotonic() + timeout
    while True:
        try: return urllib.request.urlopen(url, timeout=5).read().decode()
        except OSError:
            if time.monotonic() > deadline: raise
            time.sleep(0.05)


def test_demo_serves_every_state_and_stops_on_ctrl_c():
    port = free_port()
    demo = Path(sys.executable).parent/'sse-monitor-demo'
    proc = subprocess.Popen([demo, '--port', str(port), '--node-modules', NODE_MODULES],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = proc.stdout.readline()
        assert f'http://127.0.0.1:{port}/' in first_line, first_line
        page = _get(f'http://127.0.0.1:{port}/')
        assert all(f'data-sse-state="{s}"' in page for s in STATES)
        assert 'cdn.jsdelivr.net' not in page
        assert '.status-success' in _get(f'http://127.0.0.1:{port}/_sse_monitor/npm/daisyui/daisyui.css')
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert 'Traceback' not in err, err
