"""gunicorn settings, read from the working directory (./dev run serves from the repository root).

Threads let one worker answer other requests while one is slow, so a few slow requests cannot take every worker;
the timeouts bound how long a stuck worker or a slow client can hold one. The command line (workers, bind)
overrides anything here. Environment: WEB_THREADS, WEB_TIMEOUT.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A worker that has not reported for this long (seconds) is killed and replaced.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 10
# Idle keep-alive connections are closed quickly so they do not hold threads.
keepalive = 5
# Bound the request line and headers (the body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE in Django).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Recycle workers now and then, so that no slow leak builds up.
max_requests = 5000
max_requests_jitter = 500
