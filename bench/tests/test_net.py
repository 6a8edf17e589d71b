"""Telling a plaintext hop from a TLS one, as the banyan-mesh label relies on it."""

import os
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

import net  # noqa: E402


class InboundProtocolTest(unittest.TestCase):

    def test_a_port_answering_http_is_plaintext(self):
        server = socket.create_server(("127.0.0.1", 0))
        self.addCleanup(server.close)

        def answer():
            conn, _ = server.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        self.assertEqual(net.inbound_protocol(server.getsockname()[1]), "plaintext")
        thread.join(5)

    def test_a_closed_port_is_unknown(self):
        self.assertEqual(net.inbound_protocol(net.free_port()), "unknown")


if __name__ == "__main__":
    unittest.main()
