"""A throwaway CA and two EC P-256 leaf certificates for the HAProxy and nginx mesh paths, made with openssl."""

import os
import subprocess

SERVER_NAME = "backend.mesh.local"


class MeshCerts:
    """Paths of the CA, the inbound proxy's server certificate and the outbound proxy's client certificate."""

    def __init__(self, directory):
        self.dir = directory
        self.ca_crt = os.path.join(directory, "ca.crt")
        self.server_crt = os.path.join(directory, "server.crt")
        self.server_key = os.path.join(directory, "server.key")
        self.server_pem = os.path.join(directory, "server.pem")  # cert + key, as HAProxy wants it
        self.client_crt = os.path.join(directory, "client.crt")
        self.client_key = os.path.join(directory, "client.key")
        self.client_pem = os.path.join(directory, "client.pem")


def _openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _ec_key(path):
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path)


def _leaf(certs, name, key, crt, pem, cn, san, usage):
    csr = os.path.join(certs.dir, name + ".csr")
    ext = os.path.join(certs.dir, name + ".ext")
    with open(ext, "w") as f:
        f.write("basicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                f"extendedKeyUsage={usage}\n"
                f"subjectAltName={san}\n")
    _ec_key(key)
    _openssl("req", "-new", "-key", key, "-subj", "/CN=" + cn, "-out", csr)
    _openssl("x509", "-req", "-in", csr, "-CA", certs.ca_crt, "-CAkey", os.path.join(certs.dir, "ca.key"),
             "-set_serial", str(int.from_bytes(os.urandom(8), "big")), "-days", "2", "-sha256",
             "-extfile", ext, "-out", crt)
    with open(pem, "w") as out:
        for part in (crt, key):
            with open(part) as f:
                out.write(f.read())


def make_mesh_certs(directory):
    os.makedirs(directory, exist_ok=True)
    certs = MeshCerts(directory)
    ca_key = os.path.join(directory, "ca.key")
    _ec_key(ca_key)
    _openssl("req", "-x509", "-new", "-key", ca_key, "-subj", "/CN=banyan-bench-ca", "-days", "2", "-sha256",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", certs.ca_crt)
    _leaf(certs, "server", certs.server_key, certs.server_crt, certs.server_pem, SERVER_NAME,
          f"DNS:{SERVER_NAME},IP:127.0.0.1,URI:spiffe://mesh.local/svc/backend", "serverAuth")
    _leaf(certs, "client", certs.client_key, certs.client_crt, certs.client_pem, "client.mesh.local",
          "URI:spiffe://mesh.local/svc/client", "clientAuth")
    return certs
