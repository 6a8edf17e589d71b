"""Configuration text for the nginx backend and the HAProxy and nginx proxies of each path.

Every proxy gets the same budget: `threads` worker threads or processes (nbthread for HAProxy,
worker_processes for nginx), keep-alive on both sides, no access log, TLS 1.3 only with full
certificate verification on the mesh hop.
"""

from certs import SERVER_NAME

BODY = "banyan bench backend: a small body\n"


def _nginx_main(workdir, threads, http_body):
    return f"""daemon off;
worker_processes {threads};
worker_rlimit_nofile 16384;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{
    worker_connections 8192;
}}
http {{
    access_log off;
    server_tokens off;
    keepalive_timeout 65s;
    keepalive_requests 1000000;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
{http_body}
}}
"""


def _nginx_servers(port, h2c_port, location):
    servers = f"""    server {{
        listen 127.0.0.1:{port} backlog=4096;
{location}
    }}
"""
    if h2c_port:
        servers += f"""    server {{
        listen 127.0.0.1:{h2c_port} http2 backlog=4096;
{location}
    }}
"""
    return servers


def _nginx_upstream(name, port):
    return f"""    upstream {name} {{
        server 127.0.0.1:{port};
        keepalive 512;
        keepalive_requests 1000000;
        keepalive_timeout 60s;
    }}
"""


_PROXY_KEEPALIVE = """            proxy_http_version 1.1;
            proxy_set_header Connection "";"""


def nginx_backend(workdir, port, h2c_port, threads):
    location = f"""        location / {{
            default_type text/plain;
            return 200 "{BODY.strip()}\\n";
        }}"""
    return _nginx_main(workdir, threads, _nginx_servers(port, h2c_port, location))


def nginx_plain_proxy(workdir, port, h2c_port, backend_port, threads):
    """Plain HTTP in, plain HTTP/1.1 keep-alive to the backend (one hop, or the mesh path's inbound side is below)."""
    location = f"""        location / {{
            proxy_pass http://backend;
{_PROXY_KEEPALIVE}
        }}"""
    return _nginx_main(workdir, threads, _nginx_upstream("backend", backend_port)
                       + _nginx_servers(port, h2c_port, location))


def nginx_mesh_outbound(workdir, port, h2c_port, inbound_port, certs, threads):
    """Plain in; TLS 1.3 with a client certificate to the inbound proxy, verifying its server certificate."""
    location = f"""        location / {{
            proxy_pass https://inbound;
{_PROXY_KEEPALIVE}
            proxy_ssl_protocols TLSv1.3;
            proxy_ssl_certificate {certs.client_crt};
            proxy_ssl_certificate_key {certs.client_key};
            proxy_ssl_trusted_certificate {certs.ca_crt};
            proxy_ssl_verify on;
            proxy_ssl_verify_depth 2;
            proxy_ssl_name {SERVER_NAME};
            proxy_ssl_server_name on;
            proxy_ssl_session_reuse on;
        }}"""
    return _nginx_main(workdir, threads, _nginx_upstream("inbound", inbound_port)
                       + _nginx_servers(port, h2c_port, location))


def nginx_mesh_inbound(workdir, port, backend_port, certs, threads):
    """TLS 1.3 in, requiring and verifying a client certificate; plain keep-alive to the backend."""
    body = _nginx_upstream("backend", backend_port) + f"""    server {{
        listen 127.0.0.1:{port} ssl backlog=4096;
        ssl_protocols TLSv1.3;
        ssl_certificate {certs.server_crt};
        ssl_certificate_key {certs.server_key};
        ssl_client_certificate {certs.ca_crt};
        ssl_verify_client on;
        ssl_verify_depth 2;
        location / {{
            proxy_pass http://backend;
{_PROXY_KEEPALIVE}
        }}
    }}
"""
    return _nginx_main(workdir, threads, body)


def _haproxy_main(threads):
    return f"""global
    nbthread {threads}
    maxconn 8000

defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 60s
"""


def _haproxy_frontend(port, h2c_port):
    text = f"""
frontend front
    bind 127.0.0.1:{port}
"""
    if h2c_port:
        text += f"    bind 127.0.0.1:{h2c_port} proto h2\n"
    return text + "    default_backend next\n"


def haproxy_plain_proxy(port, h2c_port, backend_port, threads):
    return _haproxy_main(threads) + _haproxy_frontend(port, h2c_port) + f"""
backend next
    server backend 127.0.0.1:{backend_port}
"""


def haproxy_mesh_outbound(port, h2c_port, inbound_port, certs, threads, h2):
    alpn = " alpn h2" if h2 else ""
    return _haproxy_main(threads) + _haproxy_frontend(port, h2c_port) + f"""
backend next
    server inbound 127.0.0.1:{inbound_port} ssl ssl-min-ver TLSv1.3 crt {certs.client_pem} ca-file {certs.ca_crt} verify required verifyhost {SERVER_NAME} sni str({SERVER_NAME}){alpn}
"""


def haproxy_mesh_inbound(port, backend_port, certs, threads, h2):
    alpn = " alpn h2,http/1.1" if h2 else ""
    return _haproxy_main(threads) + f"""
frontend front
    bind 127.0.0.1:{port} ssl ssl-min-ver TLSv1.3 crt {certs.server_pem} ca-file {certs.ca_crt} verify required{alpn}
    default_backend next

backend next
    server backend 127.0.0.1:{backend_port}
"""
