package app.afterglow.bench;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The least a bot can do that keeps what a person sent before answering them: one row, the words
 * padded to the length Afterglow pads an answer to and sealed with AES-GCM, inserted in a
 * transaction of its own and committed, on a SQLite file in write-ahead-log mode with the same
 * durability Afterglow asks for, and no checkpoint in any commit. No reads, no logic, no second row. The benchmark's floor bot
 * ({@link BareJdaBot} with a data directory) does this before every answer, so its figures are
 * what storing before answering costs by itself, apart from everything else a bot does.
 */
final class SealedJournal implements AutoCloseable {
    /** The length Afterglow pads every short value to before sealing it, so both seal as many bytes. */
    private static final int PADDED_BYTES = 512;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Connection connection;
    private final PreparedStatement insert;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SealedJournal(Path dir) throws SQLException, GeneralSecurityException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
            // No commit copies the log back, as none of Afterglow's does (its checkpoints run on a
            // thread of their own); here the log is copied back only as the journal closes.
            statement.execute("PRAGMA wal_autocheckpoint = 0");
            statement.execute("CREATE TABLE IF NOT EXISTS kept (id INTEGER PRIMARY KEY, person TEXT NOT NULL,"
                    + " sealed BLOB NOT NULL)");
        }
        connection.setAutoCommit(false);
        insert = connection.prepareStatement("INSERT INTO kept (person, sealed) VALUES (?, ?)");
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        key = generator.generateKey();
    }

    /** Keeps {@code words} from {@code person}; returns once they are committed. */
    void keep(String person, String words) throws SQLException, GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        byte[] plain = Arrays.copyOf(words.getBytes(StandardCharsets.UTF_8), PADDED_BYTES);
        byte[] sealed = cipher.doFinal(plain);
        byte[] row = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, row, NONCE_BYTES, sealed.length);
        try {
            insert.setString(1, person);
            insert.setBytes(2, row);
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
