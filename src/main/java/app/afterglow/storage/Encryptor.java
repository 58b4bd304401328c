package app.afterglow.storage;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals values with AES-256-GCM under the data key. Each value is bound to a context naming its
 * row and column (as additional authenticated data), so a sealed value copied to another row does
 * not open there. Thread-safe.
 *
 * <p>A value is padded before sealing (ISO/IEC 7816-4: a 0x80 byte, then zeros) to the next of
 * {@link #MIN_PADDED} bytes, or a power of two above that, so its sealed length tells only which
 * of those sizes it falls in, never how long an answer is. A sealed value is the byte
 * {@link #PADDED}, a fresh random 12-byte IV, then the ciphertext and its tag; that first byte is
 * part of the authenticated data. Values sealed before padding existed are the IV, ciphertext and
 * tag alone, and still open: a value is tried as padded first when its first byte says so, and as
 * the older form when that fails, so an old value whose random IV happens to begin with that byte
 * is still read. {@link #isPadded} tells the two apart for re-sealing.
 *
 * <p>Each thread keeps its own {@link Cipher}: looking one up for every value, and expanding the
 * key again in every new one, showed among the worker's top costs under load; a reused cipher
 * keeps its expanded key.
 */
final class Encryptor {
    /** The smallest padded size: every value shorter than this seals to the same length. */
    static final int MIN_PADDED = 512;
    /** The first byte of a padded value. */
    static final byte PADDED = 0x01;
    /** The largest value that can be sealed: the power-of-two bucket above it would overflow. */
    static final int MAX_PLAIN = (1 << 30) - 1;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    private final DataKey key;
    private final SecureRandom random;
    private final ISO7816d4Padding padding = new ISO7816d4Padding();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Encryptor::newCipher);

    Encryptor(DataKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param context ids and a column name only; it is authenticated, not stored
     * @throws IllegalArgumentException if {@code plain} is longer than {@link #MAX_PLAIN}
     */
    byte[] seal(byte[] plain, String context) {
        if (plain.length > MAX_PLAIN) {
            throw new IllegalArgumentException("a value of " + plain.length + " bytes is too long to seal");
        }
        byte[] padded = Arrays.copyOf(plain, paddedLength(plain.length));
        padding.addPadding(padded, plain.length);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(paddedAad(context));
            byte[] sealed = new byte[1 + IV_BYTES + cipher.getOutputSize(padded.length)];
            sealed[0] = PADDED;
            System.arraycopy(iv, 0, sealed, 1, IV_BYTES);
            cipher.doFinal(padded, 0, padded.length, sealed, 1 + IV_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * Seals a value whose length is the same for every value of its kind (a time written to a
     * fixed number of digits, say) without padding: its length tells nothing anyway, and it takes
     * a tenth of the room. This is the unpadded form {@link #open} has always read.
     *
     * @param context ids and a column name only; it is authenticated, not stored
     */
    byte[] sealFixedLength(byte[] plain, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = new byte[IV_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, IV_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** The length a value of {@code plainLength} bytes is padded to: room for at least the 0x80 byte. */
    static int paddedLength(int plainLength) {
        int needed = plainLength + 1;
        return needed <= MIN_PADDED ? MIN_PADDED : Integer.highestOneBit(needed - 1) << 1;
    }

    /**
     * Opens a value sealed for the same context, in either form.
     *
     * @throws StorageException if the key or the context differ, or the value was altered
     */
    byte[] open(byte[] sealed, String context) {
        if (isPadded(sealed)) {
            try {
                byte[] padded = decrypt(sealed, 1, paddedAad(context));
                return Arrays.copyOf(padded, unpaddedLength(padded));
            } catch (AEADBadTagException | InvalidCipherTextException e) {
                // Either an older value whose IV begins with the marker, or a real failure: the
                // older form decides, and its failure is the one reported.
            }
        }
        if (sealed.length < IV_BYTES + TAG_BYTES) {
            throw new StorageException("The sealed " + context + " is too short to be valid");
        }
        try {
            return decrypt(sealed, 0, context.getBytes(StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new StorageException("Could not decrypt " + context + " with " + key.origin()
                    + ": the key does not match or the data was altered");
        }
    }

    /**
     * Whether {@code sealed} may be in the padded form. A value sealed by {@link #seal} always is;
     * an older value says so only by chance (1 in 256), and then {@link #open} still reads it.
     */
    static boolean isPadded(byte[] sealed) {
        return sealed.length >= 1 + IV_BYTES + MIN_PADDED + TAG_BYTES && sealed[0] == PADDED;
    }

    private byte[] decrypt(byte[] sealed, int offset, byte[] aad) throws AEADBadTagException {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, sealed, offset, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, offset + IV_BYTES, sealed.length - offset - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * How long an opened padded value was before padding: up to its last non-zero byte, which must
     * be the 0x80 that begins the padding. BouncyCastle's {@code padCount} takes the same time for
     * every length by walking the whole buffer byte by byte, which matters where padding is checked
     * before anything is authenticated; here GCM has authenticated the value already, and parsing
     * it next takes time with its length anyway. That walk was the largest single cost of opening
     * a value (several microseconds for a 2-4 KB check-in's answers, against well under one).
     */
    static int unpaddedLength(byte[] padded) throws InvalidCipherTextException {
        int last = padded.length - 1;
        while (last >= 0 && padded[last] == 0) {
            last--;
        }
        if (last < 0 || padded[last] != (byte) 0x80) {
            throw new InvalidCipherTextException("pad block corrupted");
        }
        return last;
    }

    /** The marker byte is authenticated too, so neither form can be passed off as the other. */
    private static byte[] paddedAad(String context) {
        byte[] text = context.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[1 + text.length];
        aad[0] = PADDED;
        System.arraycopy(text, 0, aad, 1, text.length);
        return aad;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }
}
