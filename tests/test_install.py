"""The README's install line, the wheel way: build a wheel, install it into a clean virtual environment, and run the
quick start from it (the runtime bundles must be inside the wheel; nothing may come from the repository)."""
import shutil, subprocess, sys, zipfile
from harness import ROOT, UvicornServer, wait_for_state
from test_quickstart import quickstart_code


def test_wheel_installs_and_runs_the_quick_start(tmp_path, browser, watch):
    # Built from a copy of what the repository tracks for the package: a `build/` folder left in a checkout by an
    # earlier build would otherwise slip its files into the wheel
    src = tmp_path/'src'
    src.mkdir()
    for name in ('pyproject.toml', 'README.md'): shutil.copy(ROOT/name, src)
    shutil.copytree(ROOT/'sse_monitor', src/'sse_monitor', ignore=shutil.ignore_patterns('__pycache__'))
    dist = tmp_path/'dist'
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '-q', str(src), '-w', str(dist)], check=True,
                   capture_output=True, timeout=300)
    wheel, = dist.glob('sse_monitor-*.whl')
    assert {'sse_monitor/static/sse-monitor.min.js', 'sse_monitor/static/sse-monitor.js'} <= set(zipfile.ZipFile(wheel).namelist())
    venv = tmp_path/'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True, timeout=120)
    python = venv/'bin'/'python'
    subprocess.run([str(python), '-m', 'pip', 'install', '-q', str(wheel)], check=True, capture_output=True, timeout=600)
    app_dir = tmp_path/'app'
    app_dir.mkdir()
    (app_dir/'quickstart.py').write_text(quickstart_code())
    where = subprocess.run([str(python), '-c', 'import sse_monitor; print(sse_monitor.__file__)'], cwd=app_dir,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where   # the installed wheel, not the checkout
    server = UvicornServer('', log_dir=tmp_path/'server', app_dir=app_dir, command=[
        python, '-m', 'uvicorn', 'quickstart:app', '--host', '127.0.0.1', '--port', '{port}']).start()
    context = browser.new_context()
    try:
        watch.serve_cdn_locally(context)
        page = watch.attach(context.new_page())
        page.goto(server.url)
        wait_for_state(page, 'clock', 'active')
    finally:
        context.close()
        server.stop()
    assert not watch.problems(), watch.problems()
