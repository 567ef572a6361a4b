"""The deployment guide's own nginx configuration (docs/deploy.md), run on loopback in front of two replicas.

Only the listen address, the certificate and the upstream ports of the guide's block are replaced; everything
else is the guide's text, so the browser test through it cannot drift from what the guide tells people to run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT, _free_port

GUIDE = ROOT / "docs" / "deploy.md"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()),
                                      None)


def guide_block() -> str:
    """The ```nginx block of the guide, as written."""
    found = re.search(r"```nginx\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert found, "docs/deploy.md has an nginx block"
    return found.group(1)


def substitute(block: str, port: int, cert: Path, key: Path, upstream_ports: list[int]) -> str:
    """The guide's block with only the listen address, the certificate and the upstream ports replaced."""
    replacements = [
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;"),
        (r"ssl_certificate /\S+;", f"ssl_certificate {cert};"),
        (r"ssl_certificate_key /\S+;", f"ssl_certificate_key {key};"),
    ]
    for pattern, text in replacements:
        block, count = re.subn(pattern, lambda _m, t=text: t, block)
        assert count == 1, f"the guide's block has one {pattern!r}"
    upstreams = re.findall(r"server 127\.0\.0\.1:\d+;", block)
    assert len(upstreams) == len(upstream_ports), "the guide's upstream lists one server per replica"
    for old, new_port in zip(upstreams, upstream_ports, strict=True):
        block = block.replace(old, f"server 127.0.0.1:{new_port};", 1)
    return block


def nginx_conf(prefix: Path, block: str) -> str:
    """A whole nginx.conf for a non-daemon nginx in ``prefix``: the guide's block is the ``http`` context."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read and write the tmp prefix
    temp = "".join(f"    {name}_temp_path {prefix / name};\n" for name in
                   ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{\n    access_log {prefix / 'access.log'};\n{temp}{block}}}\n")


OPENSSL = shutil.which("openssl")


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made now: with the openssl command, else Python's cryptography."""
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    if OPENSSL:
        subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", str(key_path), "-out", str(cert_path), "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        return cert_path, key_path
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def can_make_certificates() -> bool:
    if OPENSSL:
        return True
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Proxy:
    process: subprocess.Popen
    url: str
    prefix: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def log(self, name: str = "error.log") -> str:
        path = self.prefix / name
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def start_proxy(prefix: Path, upstream_ports: list[int]) -> Proxy:
    """nginx in the foreground with the guide's configuration; raises with nginx's words if it does not start."""
    port = _free_port()
    cert, key = self_signed(prefix)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, substitute(guide_block(), port, cert, key, upstream_ports)), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                                "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx did not start:\n" + process.stdout.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=insecure()) as resp:
                if resp.status == 200:
                    return Proxy(process, url, prefix)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("nginx did not answer in 20 s:\n" + (prefix / "error.log").read_text(errors="replace"))


def insecure():
    """A TLS context that accepts the test's self-signed certificate."""
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context
