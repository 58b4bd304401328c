package app.afterglow.core;

import app.afterglow.testing.TestBot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static app.afterglow.testing.TestBot.plain;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /settings}: a person's time zone and quiet hours, as they read them back. */
class SettingsTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("GIVEN a time zone typed in any case WHEN set THEN it is kept under its proper name")
    void timeZoneInAnyCase() {
        try (TestBot bot = new TestBot(dir)) {
            assertTrue(plain(bot.command("alice", "settings timezone europe/BERLIN")).contains("Time zone: Europe/Berlin"));
            assertTrue(plain(bot.command("alice", "settings")).contains("Time zone: Europe/Berlin"));
            assertTrue(plain(bot.command("alice", "settings timezone utc+02:00")).contains("Time zone: UTC+02:00"));
            String unknown = plain(bot.command("alice", "settings timezone Mars/Olympus"));
            assertTrue(unknown.contains("I don't know the time zone") && unknown.contains("Nothing changed"), unknown);
        }
    }

    @Test
    @DisplayName("GIVEN quiet hours turned off WHEN the settings are shown THEN nothing says scheduled messages wait for them")
    void quietHoursOffSaysNothingWaits() {
        try (TestBot bot = new TestBot(dir)) {
            String on = plain(bot.command("alice", "settings quiet 23:00-07:00"));
            assertTrue(on.contains("Quiet hours: 23:00–07:00 (reminders and follow-ups wait until they end)"), on);
            String off = plain(bot.command("alice", "settings quiet off"));
            assertTrue(off.contains("Quiet hours: off"), off);
            assertFalse(off.contains("wait until they end"), off);
        }
    }
}
