"""Broken driver: like hang_on_recv.py, and it starts a child process (this script with --child) that sleeps too,
so that a test can check that the kit kills the whole tree."""
import subprocess
import sys
import threading

if "--child" in sys.argv:
    threading.Event().wait()

import fakedriver

child = subprocess.Popen([sys.executable, __file__, "--child"], stdin=subprocess.DEVNULL)
sys.stderr.write("hang_on_recv_with_child: child pid %d\n" % child.pid)
sys.stderr.flush()


def hang(driver, request):
    threading.Event().wait()
    return True


fakedriver.Driver(hooks={"recv": hang}).run()
