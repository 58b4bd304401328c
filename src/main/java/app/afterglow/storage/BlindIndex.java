package app.afterglow.storage;

import app.afterglow.core.model.Platform;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The keyed blind index a person is looked up by: HMAC-SHA-256 of their platform and platform id,
 * under a key derived from the data key with HKDF. The same person always gives the same value,
 * so it can be indexed and compared in SQL, while without the key it cannot be computed for a
 * guessed id (a Discord snowflake or a Matrix user id is easy to guess; a plain hash of it would
 * be a dictionary lookup away). The derived key is its own, so the index never reuses the
 * encryption key for a second purpose. Thread-safe.
 */
final class BlindIndex {
    /** Names what the derived key is for; a new purpose gets a new name, never this one. */
    private static final byte[] INFO = "afterglow person lookup v1".getBytes(StandardCharsets.US_ASCII);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final ThreadLocal<Mac> macs;

    BlindIndex(DataKey dataKey) {
        SecretKeySpec key = derive(dataKey, INFO);
        this.macs = ThreadLocal.withInitial(() -> mac(key));
    }

    /** A key of its own for one purpose, named by {@code info}, derived from the data key with HKDF. */
    static SecretKeySpec derive(DataKey dataKey, byte[] info) {
        Objects.requireNonNull(dataKey, "dataKey");
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(dataKey.secretKey().getEncoded(), null, info));
        byte[] derived = new byte[KEY_BYTES];
        hkdf.generateBytes(derived, 0, derived.length);
        return new SecretKeySpec(derived, ALGORITHM);
    }

    /** The index value of a platform's user id; a zero byte keeps platform and id apart. */
    byte[] of(Platform platform, String platformUserId) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(platformUserId, "platformUserId");
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(platform.name().getBytes(StandardCharsets.US_ASCII));
        input.write(0);
        input.writeBytes(platformUserId.getBytes(StandardCharsets.UTF_8));
        return macs.get().doFinal(input.toByteArray());
    }

    /** An HMAC-SHA-256 under a key from {@link #derive}. */
    static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JDK", e);
        }
    }
}
