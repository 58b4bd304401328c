package app.afterglow.matrix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives {@code crypto/olm_peer.py}, an independent Olm/Megolm implementation (libolm through
 * Debian's python3-olm), over JSON lines. Every answer is awaited for a bounded time, and the
 * process is killed on close, so a stuck peer fails a test rather than hanging it.
 */
final class OlmPeer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final String INSTALL_HINT =
            "the libolm peer needs " + PYTHON + " with olm and cryptography: apt-get install python3-olm python3-cryptography";
    private static final long ANSWER_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "\u0000end";

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuilder errors = new StringBuilder();

    private OlmPeer(Process process) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> pump(process), "olm-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread errorReader = new Thread(() -> collectErrors(process), "olm-peer-stderr");
        errorReader.setDaemon(true);
        errorReader.start();
    }

    static OlmPeer start() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(INSTALL_HINT);
        }
        Path script;
        try {
            script = Path.of(OlmPeer.class.getResource("/crypto/olm_peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(PYTHON, "-u", script.toString()).start();
        } catch (IOException e) {
            return fail(INSTALL_HINT + " (" + e.getMessage() + ")");
        }
        OlmPeer peer = new OlmPeer(process);
        String first = peer.nextLine();
        if (!first.contains("\"ready\"")) {
            peer.close();
            fail(INSTALL_HINT + " (" + first + ")");
        }
        return peer;
    }

    /** Sends one request and returns its {@code ok} answer; an {@code error} answer fails the test. */
    JsonNode call(String op, Object... keysAndValues) {
        JsonNode answer = send(op, keysAndValues);
        if (answer.has("error")) {
            fail("libolm peer failed " + op + ": " + answer.get("error").asText());
        }
        return answer.get("ok");
    }

    /** Sends one request expected to fail, and returns the peer's error text. */
    String callFailing(String op, Object... keysAndValues) {
        JsonNode answer = send(op, keysAndValues);
        if (!answer.has("error")) {
            fail("libolm peer accepted " + op + " but should not have: " + answer);
        }
        return answer.get("error").asText();
    }

    private JsonNode send(String op, Object... keysAndValues) {
        ObjectNode request = JSON.createObjectNode().put("op", op);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            request.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        try {
            requests.write(JSON.writeValueAsString(request) + "\n");
            requests.flush();
            return JSON.readTree(nextLine());
        } catch (IOException e) {
            return fail("libolm peer is gone: " + e.getMessage() + " " + errors());
        }
    }

    private String nextLine() {
        try {
            String line = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                return fail("libolm peer did not answer within " + ANSWER_SECONDS + " s " + errors());
            }
            if (line.equals(END)) {
                return fail("libolm peer exited: " + errors());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted waiting for the libolm peer");
        }
    }

    private void pump(Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                answers.add(line);
            }
        } catch (IOException ignored) {
            // The process was killed; the END marker below tells a waiting caller.
        }
        answers.add(END);
    }

    private void collectErrors(Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (errors) {
                    errors.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // Killed with the process; what was read is kept.
        }
    }

    private String errors() {
        synchronized (errors) {
            return errors.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
