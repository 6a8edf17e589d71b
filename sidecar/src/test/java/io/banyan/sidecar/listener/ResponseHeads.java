package io.banyan.sidecar.listener;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads an HTTP/1.1 response head off a plain or TLS socket: the status line, then each header line. */
final class ResponseHeads {

    private ResponseHeads() {
    }

    static List<String> read(Socket socket) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
        List<String> head = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null && !line.isEmpty()) {
            head.add(line);
        }
        return head;
    }
}
