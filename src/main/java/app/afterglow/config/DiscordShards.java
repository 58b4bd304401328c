package app.afterglow.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a sharded bot's gateway shards this process runs: {@code first} to {@code last} of
 * {@code total}. Discord requires sharding from 2,500 servers on, and sends each server's events
 * to shard {@code (server id >> 22) % total}; several processes may split the shards between them.
 */
public record DiscordShards(int first, int last, int total) {
    /** Discord's own limit is far below this; it keeps a typo from starting thousands of connections. */
    static final int MAX_TOTAL = 4096;
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})(?:-(\\d{1,4}))?/(\\d{1,4})");

    public DiscordShards {
        if (total < 1 || total > MAX_TOTAL || first < 0 || last < first || last >= total) {
            throw new IllegalArgumentException("not a range of shards: " + first + "-" + last + "/" + total);
        }
    }

    /** {@code "0-1/2"} (shards 0 and 1 of 2) or {@code "3/8"} (shard 3 of 8); empty if it is neither. */
    static Optional<DiscordShards> parse(String text) {
        Matcher match = FORM.matcher(text.strip());
        if (!match.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(match.group(1));
        int last = match.group(2) == null ? first : Integer.parseInt(match.group(2));
        int total = Integer.parseInt(match.group(3));
        if (total < 1 || total > MAX_TOTAL || last < first || last >= total) {
            return Optional.empty();
        }
        return Optional.of(new DiscordShards(first, last, total));
    }

    /** How many shards this process runs. */
    public int count() {
        return last - first + 1;
    }
}
