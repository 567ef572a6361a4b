"""Page tests show the real error when a page fails (the deployed app redacts it)."""

import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def full_error_details():
    config.set_option("client.showErrorDetails", "full")
    yield


def run_app(page: str | None = None, **params):
    """Run the app in AppTest (optionally switch to ``page``), with URL parameters; no exception allowed."""
    from streamlit.testing.v1 import AppTest

    from territory.base.paths import REPO_ROOT

    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def timeline_data(at) -> dict:
    """The data the control map's timeline (a components.v2 element, issue 26) is given."""
    import json

    return json.loads(next(iter(at.get("bidi_component"))).proto.json)


class MapDate:
    """The control map's date, as the tests set it. Since issue 26 the date's slider is the timeline's, in the
    browser: when the hand rests it sends the day, and the page's callback keeps it as ``map_date``. AppTest runs
    no browser, so a step here puts the rested day where that callback puts it, and reruns."""

    def __init__(self, at):
        self.at = at

    @property
    def options(self) -> list[str]:
        return timeline_data(self.at)["days"]

    @property
    def value(self):
        return self.at.session_state["map_date"]

    def set_value(self, day):
        self.at.session_state["map_date"] = day
        return self.at


def map_date(at) -> MapDate:
    return MapDate(at)
