"""Broken driver: correct until the first send, where it dies of SIGKILL (as if the kernel's OOM killer came)."""
import os
import signal

import fakedriver


def die(driver, request):
    os.kill(os.getpid(), signal.SIGKILL)


fakedriver.Driver(hooks={"send": die}).run()
