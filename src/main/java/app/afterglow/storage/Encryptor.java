package app.afterglow.storage;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals values with AES-256-GCM under the data key. A sealed value is a fresh random 12-byte IV
 * followed by the ciphertext and its tag. Each value is bound to a context naming its row and
 * column (as additional authenticated data), so a sealed value copied to another row does not
 * open there. Thread-safe.
 *
 * <p>Each thread keeps its own {@link Cipher}: looking one up for every value, and expanding the
 * key again in every new one, showed among the worker's top costs under load; a reused cipher
 * keeps its expanded key.
 */
final class Encryptor {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final DataKey key;
    private final SecureRandom random;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Encryptor::newCipher);

    Encryptor(DataKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @param context ids and a column name only; it is authenticated, not stored */
    byte[] seal(byte[] plain, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = Arrays.copyOf(iv, IV_BYTES + cipher.getOutputSize(plain.length));
            cipher.doFinal(plain, 0, plain.length, sealed, IV_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * Opens a value sealed for the same context.
     *
     * @throws StorageException if the key or the context differ, or the value was altered
     */
    byte[] open(byte[] sealed, String context) {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new StorageException("The sealed " + context + " is too short to be valid");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new StorageException("Could not decrypt " + context + " with " + key.origin()
                    + ": the key does not match or the data was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }
}
