"""gunicorn settings for production: `gunicorn casereview.wsgi --config gunicorn.conf.py`.

Each request costs server CPU (templates, queries), so more workers than cores only queue work
behind each other: two per core, plus one, is the usual ceiling, and WEB_CONCURRENCY overrides it."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A few threads per worker let a slow download or PDF not block the pages behind it.
threads = int(os.environ.get("WEB_THREADS", 2))
timeout = 30
# On SIGTERM (a deploy, a scale-in) finish the requests in flight before exiting, rather than
# resetting them: longer than any page takes, shorter than the orchestrator's kill timeout (60 s).
graceful_timeout = 25
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = None  # request lines carry query strings; the service logs its own events
control_socket_disable = True
