"""The cases: which processes stand between the load generator and the backend, and how to start them."""

import os

import configs
import net
from procs import Child

STARTUP_TIMEOUT = 30
# sidecars need xDS pushes (and, behind a sidecar, the app's first health check) before the first 200
MESH_STARTUP_TIMEOUT = 90


class Env:
    """What every case needs: scratch space, the backend's ports, certificates, the worker budget."""

    def __init__(self, tmp, threads, backend_port, backend_h2c_port, certs, banyan):
        self.tmp = tmp
        self.threads = threads
        self.backend_port = backend_port
        self.backend_h2c_port = backend_h2c_port
        self.certs = certs
        self.banyan = banyan
        self._serial = 0

    def workdir(self, name):
        self._serial += 1
        path = os.path.join(self.tmp, f"{self._serial:03d}-{name}")
        os.makedirs(path)
        return path


class Running:
    """A started case: where to send load, which proxies to meter, what to stop afterwards."""

    def __init__(self, url, h2c_url, proxies, others=(), note=""):
        self.url = url
        self.h2c_url = h2c_url
        self.proxies = list(proxies)     # [Child] metered for CPU and RSS
        self.others = list(others)       # started but not metered (Banyan's control plane)
        self.note = note

    def dead(self):
        return [child.name for child in self.proxies + self.others if not child.alive()]

    def stop(self):
        # the load's path first (front to back), then what it depends on (the control plane)
        for child in self.proxies + self.others:
            child.stop()


class Case:
    def __init__(self, name, path, start, description):
        self.name = name
        self.path = path                 # direct, 1hop, mesh, mesh-h2
        self.start = start
        self.description = description

    @property
    def haproxy_reference(self):
        return None if self.path == "direct" else "haproxy-" + self.path


def start_nginx(env, name, make_conf):
    workdir = env.workdir(name)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(make_conf(workdir))
    return Child(name, ["nginx", "-p", workdir, "-c", conf, "-e", os.path.join(workdir, "error.log")],
                 os.path.join(workdir, "stdout.log"))


def start_haproxy(env, name, text):
    workdir = env.workdir(name)
    conf = os.path.join(workdir, "haproxy.cfg")
    with open(conf, "w") as f:
        f.write(text)
    return Child(name, ["haproxy", "-db", "-f", conf], os.path.join(workdir, "haproxy.log"))


def _ready(children, url, others=(), timeout=STARTUP_TIMEOUT):
    """Waits for a 200 through the front; stops everything and raises if it does not come."""
    everything = list(children) + list(others)
    if net.wait_for_200(url, timeout, lambda: all(c.alive() for c in everything)):
        return
    states = "; ".join(c.last_words() for c in everything)
    for child in reversed(everything):
        child.stop()
    raise RuntimeError(f"no 200 from {url} within {timeout}s: {states}")


def _urls(port, h2c_port):
    return f"http://127.0.0.1:{port}/", (f"http://127.0.0.1:{h2c_port}/" if h2c_port else None)


def direct(env):
    return Running(*_urls(env.backend_port, env.backend_h2c_port), proxies=[])


def haproxy_1hop(env):
    port, h2c = net.free_port(), net.free_port()
    proxy = start_haproxy(env, "haproxy-1hop",
                          configs.haproxy_plain_proxy(port, h2c, env.backend_port, env.threads))
    url, h2c_url = _urls(port, h2c)
    _ready([proxy], url)
    return Running(url, h2c_url, [proxy])


def nginx_1hop(env):
    port, h2c = net.free_port(), net.free_port()
    proxy = start_nginx(env, "nginx-1hop",
                        lambda d: configs.nginx_plain_proxy(d, port, h2c, env.backend_port, env.threads))
    url, h2c_url = _urls(port, h2c)
    _ready([proxy], url)
    return Running(url, h2c_url, [proxy])


def _haproxy_mesh(env, h2):
    name = "haproxy-mesh-h2" if h2 else "haproxy-mesh"
    port, h2c, inbound_port = net.free_port(), net.free_port(), net.free_port()
    inbound = start_haproxy(env, name + "-inbound",
                            configs.haproxy_mesh_inbound(inbound_port, env.backend_port, env.certs(),
                                                         env.threads, h2))
    outbound = start_haproxy(env, name + "-outbound",
                             configs.haproxy_mesh_outbound(port, h2c, inbound_port, env.certs(), env.threads, h2))
    url, h2c_url = _urls(port, h2c)
    _ready([outbound, inbound], url)
    return Running(url, h2c_url, [outbound, inbound])


def haproxy_mesh(env):
    return _haproxy_mesh(env, h2=False)


def haproxy_mesh_h2(env):
    return _haproxy_mesh(env, h2=True)


def nginx_mesh(env):
    port, h2c, inbound_port = net.free_port(), net.free_port(), net.free_port()
    certs = env.certs()
    inbound = start_nginx(env, "nginx-mesh-inbound",
                          lambda d: configs.nginx_mesh_inbound(d, inbound_port, env.backend_port, certs, env.threads))
    outbound = start_nginx(env, "nginx-mesh-outbound",
                           lambda d: configs.nginx_mesh_outbound(d, port, h2c, inbound_port, certs, env.threads))
    url, h2c_url = _urls(port, h2c)
    _ready([outbound, inbound], url)
    return Running(url, h2c_url, [outbound, inbound])


def banyan_1hop(env):
    workdir = env.workdir("banyan-1hop")
    cp = env.banyan.control_plane(workdir)
    try:
        cp.register("backend", "127.0.0.1", env.backend_port)
        port = net.free_port()
        client, _, _ = env.banyan.sidecar(workdir, cp, "client", upstreams={"backend": port})
    except Exception:
        cp.child.stop()
        raise
    url = f"http://127.0.0.1:{port}/"
    _ready([client], url, others=[cp.child], timeout=MESH_STARTUP_TIMEOUT)
    # h2c is offered on the same port; the h2c shape probes it and reports "unsupported" if it is not spoken
    return Running(url, url, [client], others=[cp.child])


def banyan_mesh(env):
    return _banyan_mesh(env, h2=False)


def banyan_mesh_h2(env):
    return _banyan_mesh(env, h2=True)


def _banyan_mesh(env, h2):
    # HTTP/2 between sidecars when the service speaks http2: its sidecar then reaches the backend's h2c port
    workdir = env.workdir("banyan-mesh-h2" if h2 else "banyan-mesh")
    cp = env.banyan.control_plane(workdir)
    started = [cp.child]
    try:
        backend, _, inbound_port = env.banyan.sidecar(
            workdir, cp, "backend", app_port=env.backend_h2c_port if h2 else env.backend_port,
            app_protocol="http2" if h2 else None)
        started.append(backend)
        port = net.free_port()
        client, _, _ = env.banyan.sidecar(workdir, cp, "client", upstreams={"backend": port})
    except Exception:
        for child in reversed(started):
            child.stop()
        raise
    url = f"http://127.0.0.1:{port}/"
    _ready([client, backend], url, others=[cp.child], timeout=MESH_STARTUP_TIMEOUT)
    note = {"plaintext": "PLAINTEXT between sidecars (no mTLS yet): not comparable to the TLS rows",
            "tls": "",
            "unknown": "could not tell whether the hop between sidecars is TLS"}[net.inbound_protocol(inbound_port)]
    return Running(url, url, [client, backend], others=[cp.child], note=note)


CASES = {case.name: case for case in [
    Case("direct", "direct", direct, "load generator -> nginx backend"),
    Case("banyan-1hop", "1hop", banyan_1hop,
         "-> Banyan client sidecar (explicit upstream port) -> backend registered via the admin API (plain)"),
    Case("haproxy-1hop", "1hop", haproxy_1hop, "-> HAProxy -> backend (plain, keep-alive)"),
    Case("nginx-1hop", "1hop", nginx_1hop, "-> nginx -> backend (plain, keep-alive)"),
    Case("banyan-mesh", "mesh", banyan_mesh,
         "-> client sidecar -> backend's sidecar (inbound port) -> backend"),
    Case("haproxy-mesh", "mesh", haproxy_mesh,
         "-> HAProxy A -> TLS 1.3 mutual auth, HTTP/1.1 -> HAProxy B -> backend"),
    Case("nginx-mesh", "mesh", nginx_mesh,
         "-> nginx A -> TLS 1.3 mutual auth, HTTP/1.1 -> nginx B -> backend"),
    Case("haproxy-mesh-h2", "mesh-h2", haproxy_mesh_h2,
         "-> HAProxy A -> TLS 1.3 mutual auth, HTTP/2 -> HAProxy B -> backend"),
    Case("banyan-mesh-h2", "mesh-h2", banyan_mesh_h2,
         "-> client sidecar -> TLS 1.3 mutual auth, HTTP/2 -> backend's sidecar (app protocol http2) -> backend (h2c)"),
]}
DEFAULT_CASES = list(CASES)
BANYAN_CASES = [name for name in CASES if name.startswith("banyan")]
