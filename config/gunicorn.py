"""Gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi`` (``./dev run`` and README.md's production
step use it). Bind with ``--bind`` or ``GUNICORN_BIND``; the number of workers from ``WEB_WORKERS``.

The access log leaves out every query string and the referrer (which carries the previous page's query string): a
page's filters can name a child or describe their circumstances, and an access log is read by more people, and kept
longer, than the record itself. It logs the method, the path, the status, the size and the time taken.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "3"))
accesslog = "-"
# %(U)s is the path without its query string; %(r)s (the request line), %(q)s and %(f)s would log it.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
control_socket_disable = True  # one machine may run several servers; nothing here uses gunicornc

# Threads let one worker answer other requests while one is slow, so a few slow requests cannot take every worker;
# the timeouts bound how long a stuck worker or a slow client can hold one (WEB_THREADS, WEB_TIMEOUT).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))  # a worker silent this long (seconds) is replaced
graceful_timeout = 10
keepalive = 5
# Bound the request line and headers (the body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE in Django).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Recycle workers now and then, so that no slow leak builds up.
max_requests = 5000
max_requests_jitter = 500
