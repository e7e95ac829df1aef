"""Broken driver: correct until the first bind, which it answers with a line that is not JSON."""
import fakedriver


def garbage(driver, request):
    driver.write_line("bind went fine, trust me (this is not JSON)")
    return True


fakedriver.Driver(hooks={"bind": garbage}).run()
