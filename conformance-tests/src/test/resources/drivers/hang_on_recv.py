"""Broken driver: correct, except that it never answers recv (that socket's thread waits forever)."""
import threading

import fakedriver


def hang(driver, request):
    threading.Event().wait()
    return True


fakedriver.Driver(hooks={"recv": hang}).run()
