"""Loopback helpers: free ports, waiting for an HTTP 200, small JSON calls."""

import json
import socket
import ssl
import time
import urllib.error
import urllib.request


def free_port():
    """A port the OS considers free on 127.0.0.1 now (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url, timeout=2.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for_200(url, timeout, alive=lambda: True):
    """Polls url until it answers 200; False on timeout or when alive() turns False."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if http_status(url) == 200:
            return True
        if not alive():
            return False
        time.sleep(0.2)
    return False


def json_call(method, url, body=None, token=None, timeout=10.0):
    """(status, parsed JSON or text) of one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    text = raw.decode("utf-8", "replace")
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def inbound_protocol(port, timeout=2.0):
    """'plaintext' if the port answers plain HTTP, 'tls' if it does a TLS handshake, else 'unknown'."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
            if s.recv(5) == b"HTTP/":
                return "plaintext"
    except OSError:
        pass
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname="probe"):
                return "tls"
    except ssl.SSLError as e:
        # an alert (e.g. certificate required) is TLS; garbage instead of a ServerHello is not
        return "unknown" if "WRONG_VERSION_NUMBER" in str(e) else "tls"
    except OSError:
        return "unknown"
