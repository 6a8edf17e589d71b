"""Banyan's own processes for the bench: a control plane and sidecars, started through ./banyan."""

import os
import secrets
import subprocess

import net
from procs import Child


# ./banyan rebuilds the jars when a source is newer than them, which can happen between two starts
START_TIMEOUT = 300


class LauncherUnavailable(Exception):
    pass


class Banyan:
    """Starts Banyan processes with the launcher and the options of SPEC.md."""

    def __init__(self, repo, threads):
        # BANYAN_BENCH_LAUNCHER: another launcher with the same commands (e.g. a jar built elsewhere)
        self.launcher = os.environ.get("BANYAN_BENCH_LAUNCHER") or os.path.join(repo, "banyan")
        self.repo = repo
        # the same budget as the other proxies: the JVM sizes its event loops and GC threads from it
        # (BANYAN_JAVA_OPTS is appended by ./banyan after its own per-command JVM flags); and no access
        # log, as for HAProxy and nginx here (BANYAN_ACCESS_LOG=off: the sidecar's default is a JSON line per
        # request on stdout)
        flags = f"-XX:ActiveProcessorCount={threads}"
        self.env = dict(os.environ, BANYAN_JAVA_OPTS=(os.environ.get("BANYAN_JAVA_OPTS", "") + " " + flags).strip(),
                        BANYAN_ACCESS_LOG="off")

    def check(self, timeout=900):
        """Runs `--help` of both commands once (the launcher builds the jars if they are missing)."""
        if not os.access(self.launcher, os.X_OK):
            raise LauncherUnavailable(f"{self.launcher} is missing or not executable")
        for command in ("control-plane", "sidecar"):
            try:
                done = subprocess.run([self.launcher, command, "--help"], cwd=self.repo, capture_output=True,
                                      text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise LauncherUnavailable(f"./banyan {command} --help did not finish in {timeout}s")
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                raise LauncherUnavailable(f"./banyan {command} --help exited {done.returncode}: " + " | ".join(tail))

    def control_plane(self, workdir):
        os.makedirs(workdir, exist_ok=True)
        cp = ControlPlane(net.free_port(), net.free_port(), secrets.token_hex(16))
        cp.child = Child("control-plane", [self.launcher, "control-plane",
                                           "--admin-port", str(cp.admin_port), "--xds-port", str(cp.xds_port),
                                           "--data-dir", os.path.join(workdir, "data"),
                                           "--admin-token", cp.admin_token],
                         os.path.join(workdir, "control-plane.log"), env=self.env, cwd=self.repo)
        if not net.wait_for_200(cp.url("/healthz"), START_TIMEOUT, cp.child.alive):
            cp.child.stop()
            raise RuntimeError("control plane not healthy: " + cp.child.last_words())
        return cp

    def sidecar(self, workdir, cp, service, app_port=None, upstreams=None, app_protocol=None):
        """Starts a sidecar of `service` (its app speaking `app_protocol`, default http); returns
        (child, admin_port, inbound_port)."""
        data = os.path.join(workdir, "sidecar-" + service)
        os.makedirs(data, exist_ok=True)
        admin, inbound, outbound = net.free_port(), net.free_port(), net.free_port()
        argv = [self.launcher, "sidecar", "--service", service, "--control-plane", f"127.0.0.1:{cp.xds_port}",
                "--token", cp.join_token(service), "--admin-port", str(admin), "--inbound-port", str(inbound),
                "--outbound-port", str(outbound), "--data-dir", data]
        if app_port:
            argv += ["--app-port", str(app_port), "--app-health-path", "/"]
        if app_protocol:
            argv += ["--app-protocol", app_protocol]
        for name, port in (upstreams or {}).items():
            argv += ["--upstream", f"{name}={port}"]
        child = Child("sidecar-" + service, argv, os.path.join(workdir, f"sidecar-{service}.log"),
                      env=self.env, cwd=self.repo)
        if not net.wait_for_200(f"http://127.0.0.1:{admin}/ready", START_TIMEOUT, child.alive):
            child.stop()
            raise RuntimeError(f"sidecar {service} not ready: " + child.last_words())
        return child, admin, inbound


class ControlPlane:
    def __init__(self, admin_port, xds_port, admin_token):
        self.admin_port = admin_port
        self.xds_port = xds_port
        self.admin_token = admin_token
        self.child = None

    def url(self, path):
        return f"http://127.0.0.1:{self.admin_port}{path}"

    def join_token(self, service):
        status, body = net.json_call("POST", self.url("/v1/tokens"), {"service": service}, self.admin_token)
        if status != 201 or not isinstance(body, dict) or "token" not in body:
            raise RuntimeError(f"POST /v1/tokens for {service}: {status} {body}")
        return body["token"]

    def register(self, service, host, port):
        status, body = net.json_call("POST", self.url(f"/v1/services/{service}/instances"),
                                     {"host": host, "port": port}, self.admin_token)
        if status != 201:
            raise RuntimeError(f"POST /v1/services/{service}/instances: {status} {body}")
