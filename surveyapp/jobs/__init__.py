"""Long work in the background: downloads, the brief, mailings, the field phase's clock.

The job engine is Huey (`queue.py`): with `REDIS_URL` set, every web and job worker on every
host shares one queue in Redis; without it (`make run`, a developer's machine), the same
library keeps its queue in an SQLite file in the instance folder. `records.py` is the job's row,
the truth about its state; `submit.py` starts a job from a request; `work.py` says what each
kind of job does; `tasks.py` holds Huey's tasks, which a worker (`flask worker`) runs.
"""
