"""`shisaku serve` runs gunicorn and the worker side by side and stops them together."""

import os
import signal
import subprocess
import sys
import threading

from shisaku.core.management.commands.serve import supervise

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_when_one_of_server_and_worker_ends_the_other_is_stopped_too():
    server = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])
    worker = subprocess.Popen(SLEEPER)
    assert supervise(server, worker) == 3
    assert worker.returncode == -signal.SIGTERM


def test_ctrl_c_stops_the_server_and_the_worker_and_exits_cleanly():
    server, worker = subprocess.Popen(SLEEPER), subprocess.Popen(SLEEPER)
    before = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        assert supervise(server, worker) == 0
    finally:
        timer.cancel()
    assert server.returncode == worker.returncode == -signal.SIGTERM
    assert signal.getsignal(signal.SIGINT) is before  # the handlers are given back
