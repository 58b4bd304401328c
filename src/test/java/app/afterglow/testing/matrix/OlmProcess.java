package app.afterglow.testing.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * libolm in a Python child process ({@code matrix/olm_device.py}), one JSON request and answer
 * per line. Every answer is awaited for at most {@link #ANSWER_TIMEOUT}; a process that stays
 * silent, dies or cannot start is destroyed and reported, never waited on unboundedly.
 */
final class OlmProcess implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final String SCRIPT = "matrix/olm_device.py";
    private static final String END = "\u0000end";
    private static final int STDERR_KEPT = 8_000;

    /** An operation libolm refused, e.g. a message no session decrypts; the process is fine. */
    static final class OlmFailure extends RuntimeException {
        OlmFailure(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private OlmProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("olm-stdout", () -> {
            readLines(process.getInputStream(), answers::add);
            answers.add(END);
        });
        daemon("olm-stderr", () -> readLines(process.getErrorStream(), line -> {
            if (stderr.length() < STDERR_KEPT) {
                stderr.append(line).append('\n');
            }
        }));
    }

    /**
     * Starts the process and waits for it to be ready.
     *
     * @throws IllegalStateException when Python or its olm module is missing, naming the package to install
     */
    static OlmProcess start() {
        String source;
        try (InputStream script = OlmProcess.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (script == null) {
                throw new IllegalStateException("Test resource " + SCRIPT + " is missing");
            }
            source = new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(PYTHON, "-u", "-c", source).start();
        } catch (IOException e) {
            throw missingOlm("cannot start " + PYTHON + " (" + e.getMessage() + ")");
        }
        OlmProcess olm = new OlmProcess(process);
        JsonNode ready = olm.next();
        if (ready.path("missing_olm").asBoolean()) {
            olm.close();
            throw missingOlm(ready.path("error").asText());
        }
        if (!ready.path("ready").asBoolean()) {
            olm.close();
            throw new IllegalStateException("olm_device.py did not start: " + ready);
        }
        return olm;
    }

    private static IllegalStateException missingOlm(String why) {
        return new IllegalStateException("The encrypting test device needs libolm for Python at " + PYTHON
                + ": " + why + ". Install it with: apt-get install python3-olm");
    }

    /**
     * Runs one operation and returns its answer.
     *
     * @throws OlmFailure when libolm refused it
     * @throws IllegalStateException when the process is gone or did not answer in time (it is then destroyed)
     */
    synchronized JsonNode call(ObjectNode request) {
        try {
            stdin.write(mapper.writeValueAsString(request));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            close();
            throw new IllegalStateException("olm_device.py is gone: " + e.getMessage() + "; stderr: " + stderr, e);
        }
        JsonNode answer = next();
        if (answer.has("error")) {
            throw new OlmFailure(request.path("op").asText() + ": " + answer.get("error").asText());
        }
        return answer;
    }

    ObjectNode request(String op) {
        return mapper.createObjectNode().put("op", op);
    }

    private JsonNode next() {
        String line;
        try {
            line = answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while waiting for olm_device.py", e);
        }
        if (line == null || line.equals(END)) {
            close();
            throw new IllegalStateException((line == null ? "olm_device.py did not answer within " + ANSWER_TIMEOUT
                    : "olm_device.py ended") + "; stderr: " + stderr);
        }
        try {
            return mapper.readTree(line);
        } catch (JsonProcessingException e) {
            close();
            throw new IllegalStateException("olm_device.py answered something other than JSON: " + line, e);
        }
    }

    /** Ends the process at once; it holds nothing worth a graceful exit. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readLines(InputStream stream, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // The process was destroyed mid-read: that is the end of its output, as end of file is.
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
