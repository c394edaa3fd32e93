"""Stateless app servers: two servers on different ports share one PostgreSQL database, the
machine's Redis and one storage location. A job started on one is run by a worker and its
file downloads from the other; signing out on one (the session leaves the shared cache and
the database) is seen by the other at once."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from django.db import connection

from shisaku.sheets.tests.factories import make_cycle

from .test_worker import queue  # noqa: F401  (fixture)
from .worker import PROJECT_DIR, environment, run_worker, shared_database

REDIS_URL = os.environ.get("SHISAKU_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "two-servers-pass-9"


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One person's cookies, sent to whichever server a request goes to."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url):
        return self.opener.open(url, timeout=60)

    def post(self, url, data=None):
        body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": self.csrf()})
        return self.opener.open(urllib.request.Request(url, body.encode(), headers={
            "Referer": url}), timeout=60)


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server ended: {process.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=20).read()
            return
        except OSError:  # not listening yet (URLError, refused, reset, timed out)
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_a_job_started_on_one_server_downloads_from_the_other_and_sign_out_is_shared(
        users, queue):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("two app servers need one PostgreSQL database (set DATABASE_URL); "
                    "SQLite is one machine's file")
    if not redis_reachable():
        pytest.skip(f"two app servers need the shared Redis cache; none at {REDIS_URL}")
    make_cycle(2031)
    admin = users["planning_admin"]
    # The servers check passwords with the production hashers (tests in this process use a
    # fast one): PBKDF2, with few iterations so that signing in stays quick.
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    admin.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers", iterations=1000)
    admin.save()

    servers = []
    with shared_database(queue) as database:
        env = environment(database, queue, SHISAKU_REDIS_URL=REDIS_URL, DEBUG="1",
                          SHISAKU_CACHE_PREFIX=f"test-{uuid.uuid4().hex}")
        try:
            for _server in range(2):
                port = free_port()
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "shisaku.wsgi:application",
                     "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                    cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True)
                servers.append((f"http://127.0.0.1:{port}", process))
            for url, process in servers:
                wait_until_serving(f"{url}/accounts/login/", process)
            (a, _), (b, _) = servers

            browser = Browser()
            browser.get(f"{a}/accounts/login/")
            signed_in = browser.post(f"{a}/accounts/login/",
                                     {"username": admin.username, "password": PASSWORD})
            assert "/accounts/login/" not in signed_in.url
            started = browser.post(f"{a}/reports/fy/2031/press.html/job/")
            pk = int(re.search(r"/jobs/(\d+)/$", started.url).group(1))

            run_worker(database, queue)

            download = browser.get(f"{b}/jobs/{pk}/file")  # the other server
            assert download.status == 200 and download.read().startswith(b"<!DOCTYPE html>")

            browser.post(f"{a}/accounts/logout/")
            after = browser.get(f"{b}/jobs/{pk}/")
            assert "/accounts/login/" in after.url  # B no longer knows the session
        finally:
            for _url, process in servers:
                process.terminate()
            for _url, process in servers:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
