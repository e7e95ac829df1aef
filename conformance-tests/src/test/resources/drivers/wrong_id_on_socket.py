"""Broken driver: answers the second socket request of each process with an id the kit never sent."""
import fakedriver


def wrong_id(driver, request):
    driver.write({"id": request["id"] + 1000, "ok": True, "result": {"socket": 99}})


fakedriver.Driver(hooks={"socket": fakedriver.once(2, wrong_id)}).run()
