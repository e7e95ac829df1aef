"""Broken driver: correct, but ignores bye, the end of its input and SIGTERM: only SIGKILL ends it."""
import signal
import threading

import fakedriver

signal.signal(signal.SIGTERM, signal.SIG_IGN)
fakedriver.Driver(hooks={"bye": lambda driver, request: True}, on_eof=lambda driver: threading.Event().wait()).run()
