"""Broken driver: reads hello and never answers it."""
import fakedriver

fakedriver.Driver(hooks={"hello": lambda driver, request: True}).run()
