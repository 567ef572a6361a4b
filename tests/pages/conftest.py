"""Page tests show the real error when a page fails (the deployed app redacts it)."""

import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def full_error_details():
    config.set_option("client.showErrorDetails", "full")
    yield
