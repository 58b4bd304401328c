package app.afterglow.testing.matrix;

/** A logged-in device: what an access token stands for. */
record Session(String userId, String deviceId, String accessToken) {
}
