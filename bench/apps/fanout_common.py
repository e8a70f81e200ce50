"""What every fan-out server of bench/hub.py shares: a publisher that sends N events at a steady rate, each carrying the
time it was published (CLOCK_MONOTONIC, the same clock in every process), and /pid."""
import asyncio, os, time
from starlette.responses import JSONResponse
from starlette.routing import Route

runs = {}


def publisher_routes(publish) -> list:
    "POST /run?rate=R&n=N starts publishing; GET /run tells when it ended and the rate it kept. `publish(text)` sends one"
    async def publishing(rate:float, n:int):
        start = time.monotonic()
        for i in range(n):
            delay = start + i / rate - time.monotonic()
            if delay > 0: await asyncio.sleep(delay)
            await publish(f't={time.monotonic():.6f} i={i}')
        runs['last'] = dict(done=True, elapsed=time.monotonic() - start, n=n)
    async def run(request):
        if request.method == 'POST':
            runs['last'] = dict(done=False)
            asyncio.get_running_loop().create_task(publishing(float(request.query_params['rate']), int(request.query_params['n'])))
        return JSONResponse(runs.get('last', {}))
    async def pid(request): return JSONResponse(os.getpid())
    return [Route('/run', run, methods=['GET', 'POST']), Route('/pid', pid)]
