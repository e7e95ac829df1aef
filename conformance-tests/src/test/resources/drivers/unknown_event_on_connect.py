"""Broken driver: reports an event of a kind the protocol does not have when a socket connects."""
import fakedriver


def odd_event(driver, request):
    driver.write({"event": {"socket": request["socket"], "kind": "EXPLODED", "endpoint": request["endpoint"],
                            "detail": ""}})
    driver.reply(request)
    return True


fakedriver.Driver(hooks={"connect": odd_event}).run()
