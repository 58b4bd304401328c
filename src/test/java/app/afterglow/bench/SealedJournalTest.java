package app.afterglow.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SealedJournalTest {
    @TempDir
    Path dir;

    @Test
    void everyInteractionIsCommittedSealedAndPaddedToOneLengthBeforeKeepReturns() throws Exception {
        try (SealedJournal journal = new SealedJournal(dir)) {
            journal.keep("101", "a|3|c1.a.0");
            journal.keep("102", "m|bench Noted for the bench, a longer answer than the click before it");
        }
        List<byte[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
             Statement statement = connection.createStatement();
             ResultSet kept = statement.executeQuery("SELECT person, sealed FROM kept ORDER BY id")) {
            while (kept.next()) {
                rows.add(kept.getBytes("sealed"));
            }
        }
        assertEquals(2, rows.size());
        assertEquals(rows.get(0).length, rows.get(1).length, "short and longer words seal to one length");
        for (byte[] row : rows) {
            assertFalse(new String(row, StandardCharsets.ISO_8859_1).contains("bench"), "nothing kept in clear");
        }
    }
}
