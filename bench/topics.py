"""Topics that come and go: memory held after 100,000 per-job topics were each published to and went quiet.

In process: SSEHub(max_age=1) against the same hub with max_age=3600, which forgets nothing within the run (as every
hub did before topics expired): Python's traced memory and the topics held, 1.5 s after the last publish.
On Redis (a redis-server of its own on a free port): the keys left and Redis's used_memory, the same two ways.
Run: bench/.venv/bin/python bench/topics.py [--quick]
"""
import asyncio, sys, time, tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tests'))
from hub_helpers import RedisServer   # noqa: E402
from sse_monitor import SSEHub        # noqa: E402

TOPICS = 10_000 if '--quick' in sys.argv else 100_000
ROUNDS = 10   # the topics come in rounds, 0.5 s apart, as jobs finish


async def churn(hub) -> None:
    for r in range(ROUNDS):
        for n in range(TOPICS // ROUNDS): await hub.publish(f'job:{r}:{n}', 'data: done')
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.5)


async def in_process(max_age:float) -> tuple[int, float]: # (topics held, traced MB)
    tracemalloc.start()
    hub = SSEHub(max_age=max_age)
    await churn(hub)
    held, (current, _) = len(hub._log.history), tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return held, current / 2**20


async def on_redis(redis:RedisServer, max_age:float) -> tuple[int, float]: # (keys left, used MB)
    redis.command('FLUSHALL')
    hub = SSEHub(url=redis.url, max_age=max_age)
    await churn(hub)
    await hub.close()
    used = int(next(l for l in redis.command('INFO', 'memory').splitlines() if l.startswith('used_memory:')).split(':')[1])
    return int(redis.command('DBSIZE')), used / 2**20


def report(where:str, what:str, kept:tuple, forgot:tuple):
    print(f'{where}: {TOPICS:,} topics came and went')
    print(f'  max_age=3600 (nothing expires in the run): {kept[0]:>7,} {what} held, {kept[1]:7.1f} MB')
    print(f'  max_age=1                                : {forgot[0]:>7,} {what} held, {forgot[1]:7.1f} MB'
          f'  ({forgot[1] / kept[1]:.3f} x the memory)')


if __name__ == '__main__':
    report('in process', 'topics', asyncio.run(in_process(3600)), asyncio.run(in_process(1)))
    import tempfile
    redis = RedisServer(Path(tempfile.mkdtemp())).start()
    try: report('Redis', 'keys', asyncio.run(on_redis(redis, 3600)), asyncio.run(on_redis(redis, 1)))
    finally: redis.kill()
