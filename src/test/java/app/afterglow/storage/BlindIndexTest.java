package app.afterglow.storage;

import app.afterglow.core.model.Platform;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BlindIndexTest {
    private static final String SNOWFLAKE = "731946285017364480";

    private final SecureRandom random = new SecureRandom();

    @Test
    @DisplayName("GIVEN a data key WHEN a platform id is indexed THEN the same id on the same platform always gives the "
            + "same 32 bytes, another platform or another key something else, and neither a plain hash of the id nor "
            + "an HMAC under the data key itself, since the index has a key of its own")
    void keyedDerivedAndStable() throws Exception {
        DataKey key = DataKey.generate(random, "test");
        BlindIndex index = new BlindIndex(key);

        byte[] lookup = index.of(Platform.DISCORD, SNOWFLAKE);

        assertEquals(32, lookup.length);
        assertArrayEquals(lookup, new BlindIndex(DataKey.fromBase64(key.toBase64(), "again")).of(Platform.DISCORD, SNOWFLAKE));
        assertFalse(MessageDigest.isEqual(lookup, index.of(Platform.MATRIX, SNOWFLAKE)));
        assertFalse(MessageDigest.isEqual(lookup, new BlindIndex(DataKey.generate(random, "other"))
                .of(Platform.DISCORD, SNOWFLAKE)));
        byte[] input = ("DISCORD\0" + SNOWFLAKE).getBytes(StandardCharsets.UTF_8);
        assertFalse(MessageDigest.isEqual(lookup, MessageDigest.getInstance("SHA-256").digest(input)));
        Mac underDataKey = Mac.getInstance("HmacSHA256");
        underDataKey.init(key.secretKey());
        assertFalse(MessageDigest.isEqual(lookup, underDataKey.doFinal(input)));
    }
}
