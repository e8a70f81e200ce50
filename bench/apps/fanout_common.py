"""What every fan-out server of bench/hub.py shares: a publisher that sends N events at a steady rate, each carrying the
time it was published (CLOCK_MONOTONIC, the same clock in every process), and /pid."""
import asyncio, os, secrets, time
from starlette.responses import JSONResponse
from starlette.routing import Route

runs = {}   # this worker's runs, by the id its POST answered with (with several workers, another may answer a GET)


def publisher_routes(publish) -> list:
    """POST /run?rate=R&n=N starts publishing and answers the run's id; GET /run?id=ID tells when it ended and the rate
    it kept, if this worker runs it ({"done": false} from the others). `publish(text)` sends one"""
    async def publishing(run_id:str, rate:float, n:int):
        start = time.monotonic()
        for i in range(n):
            delay = start + i / rate - time.monotonic()
            if delay > 0: await asyncio.sleep(delay)
            await publish(f't={time.monotonic():.6f} i={i}')
        runs[run_id] = dict(done=True, elapsed=time.monotonic() - start, n=n)
    async def run(request):
        if request.method == 'POST':
            run_id = secrets.token_hex(8)
            runs[run_id] = dict(done=False, id=run_id)
            asyncio.get_running_loop().create_task(publishing(run_id, float(request.query_params['rate']), int(request.query_params['n'])))
            return JSONResponse(runs[run_id])
        return JSONResponse(runs.get(request.query_params.get('id'), dict(done=False)))
    async def pid(request): return JSONResponse(os.getpid())
    return [Route('/run', run, methods=['GET', 'POST']), Route('/pid', pid)]
