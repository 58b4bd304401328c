package app.afterglow.matrix.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device's long-lived Olm identity: a Curve25519 identity key, an Ed25519 signing key, a pool
 * of one-time keys and a fallback key, as libolm keeps them (key ids, the pool's limit, the
 * previous fallback key that still opens sessions).
 *
 * <p>Not thread-safe: one account is used by one thread at a time (the caller serialises).
 */
public final class OlmAccount {
    /** libolm's pool size: generating past it discards the oldest one-time keys. */
    static final int MAX_ONE_TIME_KEYS = 100;

    private final Ed25519KeyPair signingKey;
    private final Curve25519KeyPair identityKey;
    /** Newest first, as libolm keeps them, so the oldest fall off the end when the pool is full. */
    private final List<OneTimeKey> oneTimeKeys;
    private int nextKeyId;
    private OneTimeKey fallbackKey;
    private OneTimeKey previousFallbackKey;

    private static final class OneTimeKey {
        final int id;
        final Curve25519KeyPair key;
        boolean published;

        OneTimeKey(int id, Curve25519KeyPair key, boolean published) {
            this.id = id;
            this.key = key;
            this.published = published;
        }

        String keyId() {
            byte[] id32 = {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
            return Base64s.encode(id32);
        }
    }

    private OlmAccount(Ed25519KeyPair signingKey, Curve25519KeyPair identityKey, List<OneTimeKey> oneTimeKeys,
                       int nextKeyId, OneTimeKey fallbackKey, OneTimeKey previousFallbackKey) {
        this.signingKey = signingKey;
        this.identityKey = identityKey;
        this.oneTimeKeys = oneTimeKeys;
        this.nextKeyId = nextKeyId;
        this.fallbackKey = fallbackKey;
        this.previousFallbackKey = previousFallbackKey;
    }

    /** A new account with fresh identity keys, no one-time keys and no fallback key. */
    public static OlmAccount create() {
        return new OlmAccount(Ed25519KeyPair.generate(), Curve25519KeyPair.generate(), new ArrayList<>(), 0, null, null);
    }

    /** The Curve25519 identity key, unpadded base64 (the device's {@code curve25519:DEVICE} key). */
    public String curve25519() {
        return identityKey.publicKeyBase64();
    }

    /** The Ed25519 signing key, unpadded base64 (the device's {@code ed25519:DEVICE} key, its fingerprint). */
    public String ed25519() {
        return signingKey.publicKeyBase64();
    }

    /** The Ed25519 signature of {@code message} by this account, unpadded base64. */
    public String sign(byte[] message) {
        return Base64s.encode(signingKey.sign(message));
    }

    /**
     * Adds {@code count} fresh one-time keys, unpublished. Past {@link #maxOneTimeKeys()} in all,
     * the oldest keys are forgotten, published or not, as libolm does.
     */
    public void generateOneTimeKeys(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        for (int i = 0; i < count; i++) {
            oneTimeKeys.add(0, new OneTimeKey(++nextKeyId, Curve25519KeyPair.generate(), false));
            if (oneTimeKeys.size() > MAX_ONE_TIME_KEYS) {
                oneTimeKeys.remove(oneTimeKeys.size() - 1);
            }
        }
    }

    /**
     * The one-time keys not yet marked published: key id (libolm's: the unpadded base64 of a
     * 32-bit big-endian counter) to unpadded base64 Curve25519 public key, newest first.
     */
    public Map<String, String> unpublishedOneTimeKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (OneTimeKey key : oneTimeKeys) {
            if (!key.published) {
                keys.put(key.keyId(), key.key.publicKeyBase64());
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /**
     * Replaces the fallback key with a fresh, unpublished one. The one it replaces is kept as the
     * previous fallback key, so a pre-key message made with it still opens a session; the one
     * before that is forgotten.
     */
    public void generateFallbackKey() {
        previousFallbackKey = fallbackKey;
        fallbackKey = new OneTimeKey(++nextKeyId, Curve25519KeyPair.generate(), false);
    }

    /** The current fallback key if it is not yet marked published (0 or 1 entry, id to key as for one-time keys). */
    public Map<String, String> unpublishedFallbackKey() {
        if (fallbackKey == null || fallbackKey.published) {
            return Map.of();
        }
        return Map.of(fallbackKey.keyId(), fallbackKey.key.publicKeyBase64());
    }

    /**
     * Marks every one-time key and the current fallback key as published, so they are no longer
     * listed as unpublished. Call it once the server has accepted the upload, not before.
     */
    public void markKeysAsPublished() {
        for (OneTimeKey key : oneTimeKeys) {
            key.published = true;
        }
        if (fallbackKey != null) {
            fallbackKey.published = true;
        }
    }

    /** How many one-time keys the account holds at most (libolm's 100). */
    public int maxOneTimeKeys() {
        return MAX_ONE_TIME_KEYS;
    }

    Curve25519KeyPair identityKey() {
        return identityKey;
    }

    /** The private key for a one-time or fallback public key, or null when the account has none. */
    Curve25519KeyPair lookupKey(byte[] publicKey) {
        for (OneTimeKey key : oneTimeKeys) {
            if (Arrays.equals(key.key.publicKey(), publicKey)) {
                return key.key;
            }
        }
        for (OneTimeKey key : new OneTimeKey[] {fallbackKey, previousFallbackKey}) {
            if (key != null && Arrays.equals(key.key.publicKey(), publicKey)) {
                return key.key;
            }
        }
        return null;
    }

    /** Forgets a used one-time key; a fallback key stays, since it is meant to be used many times. */
    void removeOneTimeKey(byte[] publicKey) {
        oneTimeKeys.removeIf(key -> Arrays.equals(key.key.publicKey(), publicKey));
    }

    /** This account's state in our versioned pickle format (private keys in the clear: seal it). */
    public byte[] pickle() {
        Pickle.Writer out = new Pickle.Writer(Pickle.ACCOUNT)
                .bytes(signingKey.seed())
                .bytes(identityKey.privateKey())
                .integer(nextKeyId)
                .integer(oneTimeKeys.size());
        for (OneTimeKey key : oneTimeKeys) {
            writeKey(out, key);
        }
        int fallbacks = previousFallbackKey != null ? 2 : fallbackKey != null ? 1 : 0;
        out.integer(fallbacks);
        if (fallbacks >= 1) {
            writeKey(out, fallbackKey);
        }
        if (fallbacks == 2) {
            writeKey(out, previousFallbackKey);
        }
        return out.toByteArray();
    }

    /** Reads back {@link #pickle()}; a malformed or foreign pickle is a {@link CryptoException}. */
    public static OlmAccount unpickle(byte[] pickle) {
        Pickle.Reader in = new Pickle.Reader(pickle, Pickle.ACCOUNT);
        Ed25519KeyPair signing = new Ed25519KeyPair(in.bytes(Ed25519KeyPair.SEED_LENGTH));
        Curve25519KeyPair identity = new Curve25519KeyPair(in.bytes(Curve25519KeyPair.KEY_LENGTH));
        int nextKeyId = in.integer();
        int count = in.count(MAX_ONE_TIME_KEYS);
        List<OneTimeKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(readKey(in));
        }
        int fallbacks = in.count(2);
        OneTimeKey fallback = fallbacks >= 1 ? readKey(in) : null;
        OneTimeKey previous = fallbacks == 2 ? readKey(in) : null;
        in.end();
        return new OlmAccount(signing, identity, keys, nextKeyId, fallback, previous);
    }

    private static void writeKey(Pickle.Writer out, OneTimeKey key) {
        out.integer(key.id).bytes(key.key.privateKey()).bool(key.published);
    }

    private static OneTimeKey readKey(Pickle.Reader in) {
        int id = in.integer();
        Curve25519KeyPair key = new Curve25519KeyPair(in.bytes(Curve25519KeyPair.KEY_LENGTH));
        return new OneTimeKey(id, key, in.bool());
    }
}
