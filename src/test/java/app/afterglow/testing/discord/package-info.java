/**
 * A local stand-in for Discord's REST API and gateway, so tests can drive real JDA entirely on
 * 127.0.0.1: it answers the calls JDA makes, records them for assertions, and acts as people by
 * dispatching interactions. Test scope only; it may use JDA, OkHttp's MockWebServer and Jackson,
 * and must not reach the network beyond the loopback interface nor touch production code.
 */
package app.afterglow.testing.discord;
