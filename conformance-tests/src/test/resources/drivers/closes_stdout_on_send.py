"""Broken driver: correct until the first send, where it closes its stdout and goes on running without a word."""
import os
import threading

import fakedriver


def close_stdout(driver, request):
    os.close(1)
    threading.Event().wait()


fakedriver.Driver(hooks={"send": close_stdout}).run()
