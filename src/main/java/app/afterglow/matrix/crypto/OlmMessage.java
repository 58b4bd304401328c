package app.afterglow.matrix.crypto;

/**
 * One Olm message as {@code m.room.encrypted} carries it: {@code type} 0 for a pre-key message
 * (which can open a session), 1 for a normal one; {@code body} is unpadded base64.
 */
public record OlmMessage(int type, String body) {
    public static final int PRE_KEY = 0;
    public static final int NORMAL = 1;

    public OlmMessage {
        if (type != PRE_KEY && type != NORMAL) {
            throw new CryptoException("unknown Olm message type " + type);
        }
        if (body == null) {
            throw new CryptoException("missing Olm message body");
        }
    }
}
