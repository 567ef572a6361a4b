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
