package app.afterglow.bench.scale;

import app.afterglow.core.messages.Message;
import app.afterglow.core.questions.CheckinKind;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a built scale database, on a copy of it, since erasure and new check-ins change it:
 * start-up, interactions and reveals, the heavy person's history and export, erasure, and the
 * ticker's cost with the build's pending jobs. Everything goes through the core's door.
 */
final class Measure {
    private static final List<String> AFTER = World.replies(CheckinKind.AFTER);
    private static final List<String> FOLLOWUP = World.replies(CheckinKind.FOLLOWUP);
    private static final int STARTS = 3;
    private static final int CHECKINS = 60;
    private static final int HISTORIES = 30;
    private static final int EXPORTS = 10;
    private static final int ERASURES = 20;
    private static final int IDLE_TICKS = 200;
    private static final int MAX_CATCH_UP_TICKS = 1_000;
    private static final Duration ASKING_EVERY = Duration.ofMillis(20);
    private static final int CROWDED_JOBS = 20_000;

    private final World world;
    private final Path dataDir;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    private Measure(World world, Path dataDir) {
        this.world = world;
        this.dataDir = dataDir;
    }

    /** Measures the copy in {@code dataDir}, which it changes. */
    static Map<String, Object> copy(World world, Path dataDir) throws SQLException {
        Measure measure = new Measure(world, dataDir);
        measure.run();
        return measure.figures;
    }

    private void run() throws SQLException {
        // Sessions ran each evening at 18:00; the open check-ins were left at 23:00 on the day after the last.
        Instant end = World.START.plus(Duration.ofDays(world.days())).plus(Duration.ofHours(5));
        Samples ready = new Samples();
        // The first start in this JVM loads and compiles the code, and brings a build kept from an
        // earlier version to this one's schema; the figures are what the data adds and this version keeps.
        try (Door door = new Door(dataDir, end)) {
            door.command(2, "partner list");
        }
        Map<String, Long> rows = rows();
        figures.putAll(rows);
        for (int i = 0; i < STARTS; i++) {
            long start = System.nanoTime();
            try (Door door = new Door(dataDir, end)) {
                door.command(2, "partner list");
                ready.add((System.nanoTime() - start) / 1e6);
            }
        }
        figures.put("ready", ready.json());
        long before = heapAfterGc();
        try (Door door = new Door(dataDir, end)) {
            // What a started bot keeps on its heap for the data (the due times of every waiting job
            // and message above all), to set against the -Xmx a host gives it.
            figures.put("kept_mb", Math.round((heapAfterGc() - before) / 1e5) / 10.0);
            ticks(door, rows.get("pending_jobs"));
            checkins(door);
            history(door);
            exports(door);
            erasures(door);
            dueTick(door);
            crowdedTicks(door, rows.get("pending_jobs"));
        }
    }

    /**
     * Issue 14's ticker with 20,000 jobs waiting: the build's, topped up with reminders due a year
     * on. The first tick opens the new ones' sealed times; the idle ticks after it are what such a
     * ticker costs every few seconds.
     */
    private void crowdedTicks(Door door, long pending) {
        door.scheduleReminders((int) Math.max(0, CROWDED_JOBS - pending), door.now().plus(Duration.ofDays(365)));
        Map<String, Object> json = new LinkedHashMap<>();
        long start = System.nanoTime();
        door.tick();
        json.put("first_ms", Samples.round((System.nanoTime() - start) / 1e6));
        Samples ticks = new Samples();
        for (int i = 0; i < IDLE_TICKS; i++) {
            ticks.time(() -> {
                door.tick();
                return null;
            });
        }
        json.putAll(ticks.json());
        json.put("pending_jobs", Math.max(CROWDED_JOBS, pending));
        figures.put("crowded_tick", json);
    }

    /**
     * Ticks with nothing due: what the ticker costs, every few seconds, just for the jobs waiting.
     * What the start finds due (at size 10, some 6,700 messages held for the morning) goes out
     * first, timed apart: before, those ticks were counted as idle and were the idle tick's p99.
     */
    private void ticks(Door door, long pending) {
        figures.put("start_catch_up", catchUp(door));
        Samples ticks = new Samples();
        for (int i = 0; i < IDLE_TICKS; i++) {
            ticks.time(() -> {
                door.tick();
                return null;
            });
        }
        Map<String, Object> json = ticks.json();
        json.put("pending_jobs", pending);
        figures.put("idle_tick", json);
    }

    /**
     * The morning after the build: the tick that delivers what waited in the outbox, then
     * ordinary couples finish the aftercare check-in one of them left open: every interaction
     * timed, and the reveal, the second partner's submit, on its own.
     */
    private void checkins(Door door) {
        door.advance(Duration.ofHours(10));
        long start = System.nanoTime();
        door.tick();
        Map<String, Object> morning = new LinkedHashMap<>();
        morning.put("ms", Samples.round((System.nanoTime() - start) / 1e6));
        morning.put("delivered", door.delivered());
        figures.put("morning_tick", morning);
        // A tick delivers a bounded batch: past it (size 100 holds some 60,000 for the morning), the
        // couples' reveals would queue behind the rest of the morning's messages.
        figures.put("morning_catch_up", catchUp(door));
        Samples interactions = new Samples();
        Samples reveals = new Samples();
        int step = Math.max(1, (world.couples() - 1) / CHECKINS);
        for (int i = 0; i < Math.min(CHECKINS, world.couples() - 1); i++) {
            int c = 1 + i * step;
            for (int person : new int[]{2 * c + 1, 2 * c}) {
                for (String reply : AFTER) {
                    interactions.time(() -> door.say(person, reply));
                }
                interactions.time(() -> door.say(person, "share 1"));
            }
            interactions.time(() -> door.say(2 * c + 1, "submit"));
            List<Message> revealed = reveals.time(() -> door.say(2 * c, "submit"));
            if (revealed.stream().noneMatch(m -> m.plain().contains("what you both shared"))) {
                throw new IllegalStateException("no reveal for couple " + c + ": " + plain(revealed));
            }
        }
        figures.put("interaction", interactions.json());
        figures.put("reveal", reveals.json());
        // The heavy couple's last follow-up waits for them: the same work for someone with a thousand check-ins.
        Samples heavy = new Samples();
        for (int person : new int[]{1, 0}) {
            for (String reply : FOLLOWUP) {
                heavy.time(() -> door.say(person, reply));
            }
            heavy.time(() -> door.say(person, "share 1"));
            heavy.time(() -> door.say(person, "submit"));
        }
        figures.put("interaction_heavy", heavy.json());
    }

    private void history(Door door) {
        Samples heavy = new Samples();
        List<Message> shown = List.of();
        for (int i = 0; i < HISTORIES; i++) {
            shown = heavy.time(() -> door.command(0, "history"));
        }
        Map<String, Object> json = heavy.json();
        json.put("messages", shown.size());
        json.put("chars", plain(shown).length());
        figures.put("history_heavy", json);
        Samples ordinary = new Samples();
        for (int i = 0; i < HISTORIES; i++) {
            ordinary.time(() -> door.command(2 * (world.couples() / 2), "history"));
        }
        figures.put("history_ordinary", ordinary.json());
    }

    private void exports(Door door) {
        Samples heavy = new Samples();
        List<Message> exported = List.of();
        for (int i = 0; i < EXPORTS; i++) {
            exported = heavy.time(() -> door.command(0, "mydata export"));
        }
        Map<String, Object> json = heavy.json();
        json.put("bytes", exported.stream().flatMap(m -> m.attachment().stream()).mapToLong(a -> a.content().length()).sum());
        figures.put("export_heavy", json);
        Samples ordinary = new Samples();
        for (int i = 0; i < EXPORTS; i++) {
            ordinary.time(() -> door.command(2 * (world.couples() / 2), "mydata export"));
        }
        figures.put("export_ordinary", ordinary.json());
    }

    /** Erasure of ordinary people (each a partner of one of the couples not yet measured), then of the heavy one. */
    private void erasures(Door door) {
        Samples ordinary = new Samples();
        List<Long> ordinaryKib = new ArrayList<>();
        for (int i = 0; i < Math.min(ERASURES, world.couples() - 1); i++) {
            int person = 2 * (world.couples() - 1 - i) + 1;
            door.command(person, "mydata delete");
            OptionalLong before = Written.soFar();
            ordinary.time(() -> door.command(person, "mydata delete confirm"));
            kibSince(before).ifPresent(ordinaryKib::add);
        }
        Map<String, Object> ordinaryJson = ordinary.json();
        if (!ordinaryKib.isEmpty()) {
            Collections.sort(ordinaryKib);
            ordinaryJson.put("kib_written_p50", ordinaryKib.get((ordinaryKib.size() - 1) / 2));
        }
        figures.put("erase_ordinary", ordinaryJson);
        Samples heavy = new Samples();
        door.command(0, "mydata delete");
        OptionalLong before = Written.soFar();
        heavy.time(() -> door.command(0, "mydata delete confirm"));
        Map<String, Object> heavyJson = heavy.json();
        kibSince(before).ifPresent(kib -> heavyJson.put("kib_written", kib));
        figures.put("erase_heavy", heavyJson);
    }

    /** KiB written to the log and the file since {@code before}: an erasure's and its checkpoint's pages. */
    private static OptionalLong kibSince(OptionalLong before) {
        OptionalLong now = Written.soFar();
        return before.isPresent() && now.isPresent() ? OptionalLong.of((now.getAsLong() - before.getAsLong()) / 1024)
                : OptionalLong.empty();
    }

    /**
     * The tick at which every open check-in's reminders fall due: what a busy tick costs per job it
     * runs, and what someone asking the bot something meanwhile waits (one command every
     * {@link #ASKING_EVERY}, on a thread of its own, as an adapter's worker beside the ticker).
     */
    private void dueTick(Door door) {
        door.advance(Duration.ofHours(3));
        // Reminders fall due at 11:00 for the check-ins left open at 23:00.
        AtomicBoolean ticking = new AtomicBoolean(true);
        Samples asked = new Samples();
        Thread asking = new Thread(() -> {
            while (ticking.get()) {
                asked.time(() -> {
                    door.commandUndelivered(2, "partner list");
                    return null;
                });
                LockSupport.parkNanos(ASKING_EVERY.toNanos());
            }
        }, "scale-asking");
        long start = System.nanoTime();
        asking.start();
        int ran;
        double ms;
        try {
            ran = door.tick();
            ms = (System.nanoTime() - start) / 1e6;
        } finally {
            // Whatever the tick did, the asking ends with it, or the run would never stop.
            ticking.set(false);
            try {
                asking.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped while the due tick's asking ended", e);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ms", Samples.round(ms));
        json.put("jobs", ran);
        json.put("asked", asked.json());
        figures.put("due_tick", json);
        // What those jobs queued goes out before the ticks measured next are taken for idle ones.
        catchUp(door);
    }

    /**
     * Ticks until one runs no job and nothing is left due (each tick takes a bounded batch, and may
     * deliver none of it); returns how long that took, and its first tick (which holds the
     * database for as long, with every answer waiting), in how many ticks, delivering how many messages.
     */
    private static Map<String, Object> catchUp(Door door) {
        long start = System.nanoTime();
        double firstTickMs = 0;
        int ticks = 0;
        int delivered = 0;
        boolean busy = true;
        while (busy) {
            if (ticks == MAX_CATCH_UP_TICKS) {
                throw new IllegalStateException("still busy after " + ticks + " ticks: something falls due on every tick");
            }
            int ran = door.tick();
            if (ticks == 0) {
                firstTickMs = (System.nanoTime() - start) / 1e6;
            }
            busy = ran > 0 || door.delivered() > 0 || !door.nothingDue();
            delivered += door.delivered();
            ticks++;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ms", Samples.round((System.nanoTime() - start) / 1e6));
        json.put("first_tick_ms", Samples.round(firstTickMs));
        json.put("ticks", ticks);
        json.put("delivered", delivered);
        return json;
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Row counts and bytes on disk of the database as built. */
    private Map<String, Long> rows() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("afterglow.db"));
             Statement s = db.createStatement()) {
            rows.put("people", count(s, "SELECT count(*) FROM person"));
            rows.put("partnerships", count(s, "SELECT count(*) FROM partnership"));
            rows.put("checkins", count(s, "SELECT count(*) FROM checkin"));
            rows.put("revealed_checkins", count(s, "SELECT count(*) FROM checkin WHERE status = 'REVEALED'"));
            rows.put("heavy_person_checkins", count(s, "SELECT count(*) FROM participation p JOIN person x"
                    + " ON x.id = p.person_id WHERE x.id = (SELECT min(id) FROM person)"));
            rows.put("pending_jobs", count(s, "SELECT count(*) FROM job"));
            rows.put("queued_messages", count(s, "SELECT count(*) FROM outbox"));
            long bytes = count(s, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
            rows.put("db_bytes", bytes);
            rows.put("bytes_per_checkin", bytes / Math.max(1, rows.get("checkins")));
        }
        return rows;
    }

    private static long count(Statement s, String query) throws SQLException {
        try (ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static String plain(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(m.plain()));
        return sb.toString();
    }
}
