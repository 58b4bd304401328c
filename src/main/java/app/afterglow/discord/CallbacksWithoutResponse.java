package app.afterglow.discord;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Sends interaction responses without asking Discord to return what they became. JDA 6 adds
 * {@code with_response=true} to every one, so Discord answers with the whole message just shown,
 * which JDA then parses into an entity, on the request thread, that this bot never reads: its
 * edits and follow-ups go by the interaction's token. Without the parameter Discord answers
 * 204 No Content, which JDA takes as success too. That parsing was a quarter of the bot's
 * request-thread time in the load benchmark. Runs on JDA's request threads; stateless.
 */
final class CallbacksWithoutResponse implements Interceptor {
    private static final String PARAMETER = "with_response";
    private static final Pattern CALLBACK = Pattern.compile(".*/interactions/\\d+/[^/]+/callback");

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        if (request.method().equals("POST") && url.queryParameter(PARAMETER) != null
                && CALLBACK.matcher(url.encodedPath()).matches()) {
            request = request.newBuilder().url(url.newBuilder().removeAllQueryParameters(PARAMETER).build()).build();
        }
        return chain.proceed(request);
    }
}
