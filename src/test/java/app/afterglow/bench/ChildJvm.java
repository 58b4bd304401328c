package app.afterglow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A bot under measurement, in a JVM of its own so its memory is its own: peak resident set from
 * {@code /proc/<pid>/status} (VmHWM) and peak heap from its GC log. Closing it stops it; a JVM
 * shutdown hook kills it if the driver itself is stopped first, so no bot outlives a run.
 */
final class ChildJvm implements AutoCloseable {
    /** The heap just before each collection and just after it: "Pause Young (Normal) … 24M->8M(64M)". */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\(");
    private static final long STOP_SECONDS = 15;
    /** /proc counts processor time in hundredths of a second: 2 of them in a second is quiet. */
    private static final double QUIET_COMPILER_SHARE = 0.02;
    private static final long QUIET_WINDOW_MILLIS = 1000;

    private final Process process;
    private final long startedNanos;
    private final Path gcLog;
    private final Thread killer;

    private ChildJvm(Process process, long startedNanos, Path gcLog) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.gcLog = gcLog;
        this.killer = new Thread(process::destroyForcibly, "bench-child-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code java <jvmOptions> -Xlog:gc… <launch>} in {@code workDir}, with no AFTERGLOW_
     * variable but those in {@code env}; its output, both streams, goes to {@code log}.
     *
     * @param launch what follows the options: {@code -jar app.jar …} or {@code -cp … Main …}
     */
    static ChildJvm start(List<String> jvmOptions, List<String> launch, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
        Files.deleteIfExists(gcLog);
        // timenanos is System.nanoTime(), one clock for every process here, so a pause can be
        // laid beside the latencies the load timed (its timeline's dispatched_nanos).
        command.add("-Xlog:gc:file=" + gcLog + ":uptime,timenanos,level,tags");
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AFTERGLOW_"));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new ChildJvm(builder.start(), started, gcLog);
    }

    /** When the process was started, by {@link System#nanoTime()}. */
    long startedNanos() {
        return startedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Peak resident set size so far, in MiB. */
    double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmHWM for process " + process.pid());
    }

    /** Processor time the process has used so far, user and system, in seconds (from /proc, at 100 ticks a second). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /**
     * Processor time the JVM's JIT compiler threads have used so far, in seconds: the part of
     * {@link #cpuSeconds()} that is the JVM compiling code rather than the bot working. A compiler
     * thread the JVM has already retired is no longer counted, so this errs low.
     */
    double compilerCpuSeconds() throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (NoSuchFileException e) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        return ticks / 100.0;
    }

    /**
     * Waits until the JIT compilers have caught up with what the bot has run so far: until they
     * used at most {@link #QUIET_COMPILER_SHARE} of a core over the last {@link #QUIET_WINDOW_MILLIS},
     * or until {@code deadlineNanos}. Compilations are queued and run behind the work that asked
     * for them, so a bot that got its warm-up fast still compiles it after the last answer; timed
     * then, the bare bot's compilers took 0.9–1.8 ms of processor per timed interaction, however
     * long its warm-up.
     *
     * @return whether they went quiet before the deadline
     */
    boolean awaitQuietCompilers(long deadlineNanos) throws IOException, InterruptedException {
        double quietSeconds = QUIET_COMPILER_SHARE * QUIET_WINDOW_MILLIS / 1000.0;
        double before = compilerCpuSeconds();
        while (System.nanoTime() < deadlineNanos) {
            Thread.sleep(QUIET_WINDOW_MILLIS);
            double now = compilerCpuSeconds();
            if (now - before <= quietSeconds) {
                return true;
            }
            before = now;
        }
        return false;
    }

    /**
     * Asks the JVM for a full collection (through jcmd, as an operator would), so the GC log
     * shows the heap in use at this moment and what of it survives. Read the resident set first:
     * attaching costs the process a little memory of its own.
     */
    void collectGarbage() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd GC.run did not finish within 30 s");
        }
        // The log is written by the collecting thread; give it a moment to reach the file.
        Thread.sleep(200);
    }

    /**
     * The most heap in use at any point so far, from the JVM's own GC log: the heap is fullest
     * just before a collection, so the largest left-hand figure is the peak. Reading a log costs
     * the bot nothing, where sampling from outside would load the machine.
     */
    double peakHeapMb() throws IOException {
        double peak = 0;
        for (double[] gc : collections()) {
            peak = Math.max(peak, gc[0]);
        }
        return peak;
    }

    /** The heap left after the most recent collection, in MiB; 0 before the first. */
    double heapAfterLastGcMb() throws IOException {
        List<double[]> all = collections();
        return all.isEmpty() ? 0 : all.get(all.size() - 1)[1];
    }

    private List<double[]> collections() throws IOException {
        List<double[]> all = new ArrayList<>();
        if (Files.exists(gcLog)) {
            Matcher m = GC_LINE.matcher(Files.readString(gcLog));
            while (m.find()) {
                all.add(new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
            }
        }
        return all;
    }

    /** The pauses in its GC log so far. */
    GcPauses pauses() throws IOException {
        return GcPauses.parse(Files.exists(gcLog) ? Files.readString(gcLog) : "");
    }

    /** Kills the process at once, as a crash or the kernel's OOM killer would (SIGKILL). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM), as a service manager does; kills it if it does not within 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            // Not waited for, so killed; the interrupt stays for the caller to see.
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it kills a process that is already gone.
        }
    }
}
