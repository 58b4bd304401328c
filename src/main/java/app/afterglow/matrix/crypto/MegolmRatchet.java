package app.afterglow.matrix.crypto;

import java.util.Arrays;

/**
 * The Megolm ratchet: four 32-byte parts R0..R3 and a 32-bit counter. Part j is re-derived from
 * itself every 2^(8(3-j)) steps and then re-seeds the parts after it, each with HMAC-SHA-256 keyed
 * by the part and a one-byte seed naming the part derived. Any later index is reached in at most
 * 4 x 256 hashes. Not thread-safe; {@link #copy()} before winding forward what must be kept.
 */
final class MegolmRatchet {
    static final int PART_LENGTH = 32;
    static final int PARTS = 4;
    static final int LENGTH = PART_LENGTH * PARTS;

    private final byte[][] parts;
    private int counter;

    MegolmRatchet(byte[] data, int counter) {
        if (data.length != LENGTH) {
            throw new CryptoException("a Megolm ratchet is 128 bytes");
        }
        this.parts = new byte[PARTS][];
        for (int j = 0; j < PARTS; j++) {
            parts[j] = Arrays.copyOfRange(data, j * PART_LENGTH, (j + 1) * PART_LENGTH);
        }
        this.counter = counter;
    }

    static MegolmRatchet random() {
        return new MegolmRatchet(Primitives.random(LENGTH), 0);
    }

    MegolmRatchet copy() {
        return new MegolmRatchet(data(), counter);
    }

    /** The counter as libolm's unsigned 32-bit value. */
    long index() {
        return Integer.toUnsignedLong(counter);
    }

    byte[] data() {
        byte[] data = new byte[LENGTH];
        for (int j = 0; j < PARTS; j++) {
            System.arraycopy(parts[j], 0, data, j * PART_LENGTH, PART_LENGTH);
        }
        return data;
    }

    void advance() {
        advanceTo(index() + 1);
    }

    /** Winds the ratchet forward to {@code target}, which must not be behind it. */
    void advanceTo(long target) {
        if (target < index() || target > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a Megolm ratchet only moves forward within 32 bits");
        }
        int goal = (int) target;
        for (int j = 0; j < PARTS; j++) {
            int shift = 8 * (PARTS - 1 - j);
            // After the parts before j are in place, this part's byte of the counter is at most
            // the goal's, so the difference is the number of times part j must turn.
            int steps = ((goal >>> shift) - (counter >>> shift)) & 0xFF;
            if (steps == 0) {
                continue;
            }
            for (int s = 1; s < steps; s++) {
                parts[j] = rehash(parts[j], j);
            }
            // The last turn of part j also re-seeds every part after it, from its old value.
            for (int k = PARTS - 1; k >= j; k--) {
                parts[k] = rehash(parts[j], k);
            }
            counter = goal & (~0 << shift);
        }
    }

    private static byte[] rehash(byte[] from, int toPart) {
        return Primitives.hmacSha256(from, new byte[] {(byte) toPart});
    }
}
