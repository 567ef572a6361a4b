"""The deployment guide holds: its Streamlit settings are the configuration's, its limits are the code's."""

from __future__ import annotations

import re
import tomllib

from territory.base.paths import REPO_ROOT
from territory.build import mapfiles, overlay, overlay_worker

GUIDE = (REPO_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def guide_settings() -> dict:
    block = re.search(r"```toml\n(.*?)```", GUIDE, re.S)
    assert block, "the guide lists the Streamlit settings in a toml block"
    return tomllib.loads(block.group(1))


def test_every_setting_in_the_guide_is_the_configuration():
    for section, values in guide_settings().items():
        for key, value in values.items():
            assert CONFIG[section][key] == value, f"{section}.{key}: guide {value!r}, config {CONFIG[section].get(key)!r}"


def test_public_deployment_settings():
    server, client = CONFIG["server"], CONFIG["client"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert client["showErrorDetails"] == "none"
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert "cookieSecret" not in server  # a secret never lives in the repository
    assert f"client_max_body_size {server['maxUploadSize'] + 1}m" in GUIDE


def test_proxy_section_has_the_headers_and_private_endpoints():
    for needle in ("Strict-Transport-Security", "Content-Security-Policy", "frame-ancestors 'self'",
                   "location = /_stcore/metrics { deny all; }", "limit_req_zone", "STREAMLIT_SERVER_COOKIE_SECRET",
                   "sticky sessions", "proxy_set_header Upgrade", "server_tokens off;", "Host $http_host;",
                   "proxy_cookie_flags _streamlit_xsrf secure;", "hash $replica_key consistent;"):
        assert needle in GUIDE, needle
    for wrong in ("frame-ancestors 'none'", "Host $host;", "hash $cookie__streamlit_xsrf"):
        assert wrong not in GUIDE, wrong  # each broke the app behind the proxy (issue 24)


def test_limits_stated_are_the_code_s():
    table = {
        "features": f"{overlay.MAX_FEATURES:,}", "vertices": f"{overlay.MAX_VERTICES:,}",
        "polygon rings": f"{overlay.MAX_RINGS:,}",
        "self-crossings of an invalid polygon that is still repaired": f"{overlay.MAX_CROSSINGS:,}",
        "worker memory (address space)": f"{overlay_worker.MEMORY_LIMIT_BYTES:,} bytes",
        "worker time": f"{overlay_worker.TIME_LIMIT_S} s",
    }
    for name, value in table.items():
        assert f"| {name} | {value} |" in GUIDE, name
    assert f"{overlay.MAX_FILE_BYTES:,} bytes on the command line" in GUIDE
    assert f"{overlay.MAX_FILE_BYTES:,} bytes / {mapfiles.MAX_KMZ_MEMBERS:,}" in GUIDE
    assert f"overlays at once per server process | {overlay_worker.MAX_WORKERS} " in GUIDE


def test_readme_links_the_guide_and_states_the_same_limits():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/deploy.md" in readme
    for value in (overlay.MAX_FEATURES, overlay.MAX_VERTICES, overlay.MAX_RINGS, overlay.MAX_CROSSINGS):
        assert f"{value:,}" in readme
