"""Broken driver: answers recv with a well-formed reply whose frames are not base64."""
import fakedriver


def bad_frames(driver, request):
    driver.reply(request, {"frames": ["this is *not* base64!"]})
    return True


fakedriver.Driver(hooks={"recv": bad_frames}).run()
