package app.afterglow.storage;

import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.checkin.Progress;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.Stores;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static app.afterglow.storage.Fixtures.T0;
import static app.afterglow.storage.Fixtures.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13, "no lengths": a sealed value's length tells only its size bucket. */
class PaddingTest {
    /** Marker byte, IV and GCM tag around the padded value. */
    private static final int OVERHEAD = 1 + 12 + 16;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("GIVEN values of every length up to 5,000 bytes padded as ISO/IEC 7816-4 says WHEN the padding is found "
            + "THEN it is where BouncyCastle's own padCount finds it, and a buffer without the 0x80 marker is refused as "
            + "BouncyCastle refuses it")
    void paddingIsFoundWhereBouncyCastleFindsIt() {
        ISO7816d4Padding reference = new ISO7816d4Padding();
        for (int length = 0; length <= 5_000; length++) {
            byte[] padded = new byte[Encryptor.paddedLength(length)];
            random.nextBytes(padded);
            // Zeros and 0x80 bytes at the end of a value are its own and must stay.
            for (int i = Math.max(0, length - 1 - random.nextInt(4)); i < length; i++) {
                padded[i] = random.nextBoolean() ? 0 : (byte) 0x80;
            }
            reference.addPadding(padded, length);
            try {
                assertEquals(padded.length - reference.padCount(padded), Encryptor.unpaddedLength(padded), "length " + length);
            } catch (InvalidCipherTextException e) {
                throw new AssertionError(e);
            }
        }
        for (byte[] broken : List.of(new byte[512], withLast(new byte[512], (byte) 0x7f), withLast(new byte[512], (byte) 0x81))) {
            assertThrows(InvalidCipherTextException.class, () -> reference.padCount(broken));
            assertThrows(InvalidCipherTextException.class, () -> Encryptor.unpaddedLength(broken));
        }
    }

    private static byte[] withLast(byte[] buffer, byte last) {
        buffer[buffer.length - 1] = last;
        return buffer;
    }

    @Test
    @DisplayName("GIVEN two check-ins answered with 3 and with 60 characters through the check-in store "
            + "WHEN the stored progress is read from the database THEN both ciphertexts have the same length")
    void shortAndLongAnswersSealToTheSameLength() {
        try (SqliteStorage storage = Fixtures.open(dir)) {
            Stores stores = storage.stores();
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            PersonId ben = Fixtures.person(storage, "2", "Ben").id();
            long partnershipId = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());

            byte[] shortOne = storedProgress(storage, answer(storage, partnershipId, ana, ben, "yes"), ana);
            byte[] longOne = storedProgress(storage, answer(storage, partnershipId, ana, ben, "x".repeat(60)), ana);

            assertEquals(OVERHEAD + Encryptor.MIN_PADDED, shortOne.length);
            assertEquals(shortOne.length, longOne.length);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 510, 511, 512, 513, 1023, 1024, 2047, 2048, 70_000})
    @DisplayName("GIVEN a value at or around a bucket edge WHEN sealed THEN its length is the bucket's, and it opens "
            + "to exactly what was sealed")
    void roundTripsAtBucketEdges(int length) {
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        byte[] plain = new byte[length];
        random.nextBytes(plain);
        // A value ending in what looks like padding must keep those bytes.
        if (length > 1) {
            plain[length - 2] = (byte) 0x80;
            plain[length - 1] = 0;
        }

        byte[] sealed = encryptor.seal(plain, "row 1");

        int bucket = length < 512 ? 512 : Integer.highestOneBit(length) * 2;
        assertEquals(OVERHEAD + bucket, sealed.length);
        assertArrayEquals(plain, encryptor.open(sealed, "row 1"));
    }

    @Test
    @DisplayName("GIVEN a participation whose progress was sealed the way earlier versions did, unpadded "
            + "WHEN the check-in store reads it THEN it opens, and saving it again seals it padded")
    void unpaddedValuesStillOpen() throws Exception {
        DataKey key = DataKey.generate(random, "test");
        String keyText = key.toBase64();
        Participation saved;
        try (SqliteStorage storage = SqliteStorage.open(dir, Optional.of(keyText))) {
            Stores stores = storage.stores();
            PersonId ana = Fixtures.person(storage, "1", "Ana").id();
            PersonId ben = Fixtures.person(storage, "2", "Ben").id();
            long partnershipId = tx(storage, () -> stores.partnerships().create(ana, ben, T0).id());
            Checkin checkin = tx(storage, () -> Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0));
            String context = "participation.progress of " + ana + " in check-in " + checkin.id();
            Progress progress = Progress.start().with("favourite", Answer.ofText("from before padding"));
            byte[] unpadded = sealUnpadded(key, new Json().write(progress, context), context, random);
            tx(storage, () -> new Sql(storage.database()).update(
                    "UPDATE participation SET progress = ? WHERE checkin_id = ? AND person_id = ?",
                    unpadded, checkin.id(), ana));

            saved = tx(storage, () -> stores.checkins().participation(checkin.id(), ana)).orElseThrow();
            assertEquals(progress, saved.progress());

            stores.transactions().run(() -> stores.checkins().save(saved));
            byte[] resealed = storedProgress(storage, checkin, ana);
            assertTrue(Encryptor.isPadded(resealed));
            assertEquals(OVERHEAD + Encryptor.MIN_PADDED, resealed.length);
            assertEquals(progress, tx(storage, () -> stores.checkins().participation(checkin.id(), ana))
                    .orElseThrow().progress());
        }
    }

    @Test
    @DisplayName("GIVEN an unpadded value whose random IV begins with the padded form's marker byte WHEN opened "
            + "THEN it still opens")
    void unpaddedValueThatLooksPaddedStillOpens() throws Exception {
        DataKey key = DataKey.generate(random, "test");
        byte[] plain = new byte[600];
        random.nextBytes(plain);
        byte[] unpadded;
        do {
            unpadded = sealUnpadded(key, plain, "row 1", random);
        } while (unpadded[0] != Encryptor.PADDED);

        assertTrue(Encryptor.isPadded(unpadded), "control: it does look padded");
        assertArrayEquals(plain, new Encryptor(key, random).open(unpadded, "row 1"));
    }

    @Test
    @DisplayName("GIVEN a padded value WHEN its marker byte is changed, or it is opened for another row or with "
            + "another key THEN it does not open")
    void paddedValuesAreStillAuthenticated() {
        Encryptor encryptor = new Encryptor(DataKey.generate(random, "test"), random);
        byte[] sealed = encryptor.seal("private".getBytes(StandardCharsets.UTF_8), "row 1");
        byte[] unmarked = Arrays.copyOf(sealed, sealed.length);
        unmarked[0] = 0x02;

        assertThrows(StorageException.class, () -> encryptor.open(unmarked, "row 1"));
        assertThrows(StorageException.class, () -> encryptor.open(Arrays.copyOfRange(sealed, 1, sealed.length), "row 1"));
        assertThrows(StorageException.class, () -> encryptor.open(sealed, "row 2"));
        assertThrows(StorageException.class,
                () -> new Encryptor(DataKey.generate(random, "other"), random).open(sealed, "row 1"));
    }

    /** What Afterglow wrote before values were padded: IV, then AES-GCM of the bare value, the context as AAD. */
    static byte[] sealUnpadded(DataKey key, byte[] plain, String context, SecureRandom random) throws Exception {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        byte[] body = cipher.doFinal(plain);
        byte[] sealed = Arrays.copyOf(iv, iv.length + body.length);
        System.arraycopy(body, 0, sealed, iv.length, body.length);
        return sealed;
    }

    private static Checkin answer(SqliteStorage storage, long partnershipId, PersonId ana, PersonId ben, String text) {
        Stores stores = storage.stores();
        return tx(storage, () -> {
            Checkin checkin = Fixtures.checkin(stores, Optional.of(partnershipId), List.of(ana, ben), T0);
            Participation participation = stores.checkins().participation(checkin.id(), ana).orElseThrow();
            stores.checkins().save(participation.with(participation.progress()
                    .with("favourite", Answer.ofText(text).withShared(true))));
            return checkin;
        });
    }

    private static byte[] storedProgress(SqliteStorage storage, Checkin checkin, PersonId person) {
        return tx(storage, () -> new Sql(storage.database()).one(
                "SELECT progress FROM participation WHERE checkin_id = ? AND person_id = ?",
                row -> row.getBytes(1), checkin.id(), person)).orElseThrow();
    }
}
