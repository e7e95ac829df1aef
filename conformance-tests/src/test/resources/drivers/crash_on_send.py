"""Broken driver: correct until the first send, where it says so on stderr and exits with status 3."""
import os
import sys

import fakedriver


def crash(driver, request):
    sys.stderr.write("crash_on_send: giving up on purpose at send\n")
    sys.stderr.flush()
    os._exit(3)


fakedriver.Driver(hooks={"send": crash}).run()
