package app.afterglow.testing.discord;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server side of one WebSocket (RFC 6455), just enough for JDA's gateway client: uncompressed
 * text messages both ways, ping, and the closing handshake. Owning the raw socket is the point:
 * {@link #drop()} can vanish without a close frame, which MockWebServer's WebSocket cannot do.
 *
 * <p>One thread reads ({@link #readText()}); any thread may send, sends are serialised.
 */
final class WebSocketConnection {
    private static final String ACCEPT_MAGIC = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String requestTarget;
    private final Map<String, String> headers;
    private final Object writeLock = new Object();

    private WebSocketConnection(Socket socket, InputStream in, OutputStream out, String requestTarget,
                                Map<String, String> headers) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.requestTarget = requestTarget;
        this.headers = headers;
    }

    /** Reads the HTTP upgrade request; call {@link #accept()} or {@link #reject} next. */
    static WebSocketConnection readHandshake(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        int[] budget = {MAX_HEADER_BYTES};
        String requestLine = readLine(in, budget);
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[0].equals("GET")) {
            throw new IOException("not a WebSocket upgrade: " + requestLine);
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new WebSocketConnection(socket, in, out, parts[1], headers);
    }

    /** The path and query the client asked for, e.g. {@code /?encoding=json&v=10}. */
    String requestTarget() {
        return requestTarget;
    }

    void accept() throws IOException {
        String key = headers.get("sec-websocket-key");
        if (key == null || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
            reject(400, "expected a WebSocket upgrade");
            throw new IOException("not a WebSocket upgrade");
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n";
        synchronized (writeLock) {
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** Answers with a plain HTTP error instead of upgrading, then hangs up. */
    void reject(int status, String reason) {
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " Rejected\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        synchronized (writeLock) {
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException ignored) {
                // The client has gone; there is nobody left to tell.
            }
        }
        drop();
    }

    /**
     * The next text message, or null once the client closed the connection (its close frame is
     * answered first, completing the handshake JDA waits for on shutdown).
     */
    String readText() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int second = readByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            long length = second & 0x7F;
            if (length == 126) {
                length = readUnsigned(2);
            } else if (length == 127) {
                length = readUnsigned(8);
            }
            if (length > MAX_MESSAGE_BYTES - message.size()) {
                throw new IOException("message larger than " + MAX_MESSAGE_BYTES + " bytes");
            }
            byte[] mask = (second & 0x80) != 0 ? readFully(4) : null;
            byte[] payload = readFully((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            switch (opcode) {
                case OP_TEXT, OP_CONTINUATION -> {
                    message.write(payload);
                    if (fin) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
                case OP_CLOSE -> {
                    sendFrame(OP_CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    drop();
                    return null;
                }
                case OP_PING -> sendFrame(OP_PONG, payload);
                case OP_PONG -> {
                    // Unsolicited pongs need no answer.
                }
                default -> throw new IOException("unsupported WebSocket opcode " + opcode);
            }
        }
    }

    void sendText(String text) throws IOException {
        sendFrame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes politely with a close frame carrying {@code code}, then hangs up. */
    void close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        try {
            sendFrame(OP_CLOSE, payload);
        } catch (IOException ignored) {
            // Already gone: the hang-up below is all that is left to do.
        }
        drop();
    }

    /** Hangs up at once, without a close frame, as a failing network or server would. */
    void drop() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken changes nothing.
        }
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        synchronized (writeLock) {
            out.write(0x80 | opcode);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length <= 0xFFFF) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xFF);
            } else {
                out.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) ((long) payload.length >>> shift) & 0xFF);
                }
            }
            out.write(payload);
            out.flush();
        }
    }

    private int readByte() throws IOException {
        int value = in.read();
        if (value < 0) {
            throw new EOFException("connection ended inside a frame");
        }
        return value;
    }

    private long readUnsigned(int bytes) throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | readByte();
        }
        return value;
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection ended inside a frame");
        }
        return bytes;
    }

    private static String readLine(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int value = in.read();
            if (value < 0) {
                throw new EOFException("connection ended inside the handshake");
            }
            if (--budget[0] < 0) {
                throw new IOException("handshake larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (value == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) value);
        }
    }

    private static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_MAGIC).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-1", e);
        }
    }
}
