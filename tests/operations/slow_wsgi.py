"""The service's own WSGI application, made to take as long as a test asks (X-Test-Delay), so a
test can have requests in flight when gunicorn is told to stop. Used only by tests."""

import time

from casereview.wsgi import application


def app(environ, start_response):
    delay = environ.get("HTTP_X_TEST_DELAY")
    if delay:
        time.sleep(float(delay))
    return application(environ, start_response)
