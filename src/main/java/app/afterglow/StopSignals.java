package app.afterglow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Objects;

/**
 * SIGTERM (a service manager's stop, {@code docker stop}) and SIGINT (Ctrl-C) handled as a request
 * to stop: the running bot finishes what is under way and exits 0. Left to the JVM they would run
 * the shutdown hooks and end with 143 or 130, which systemd counts as a failure, and no shutdown
 * hook can change that status.
 *
 * <p>{@code sun.misc.Signal} (in {@code jdk.unsupported}, exported for uses like this one) is
 * reached by reflection only because javac warns about every use of it, with no way to suppress
 * the warning, and the build is kept free of warnings.
 */
final class StopSignals {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private StopSignals() {
    }

    /**
     * From now on, each of the two signals runs {@code stop} (on a thread the JVM starts for it)
     * instead of ending the process. Call once per process.
     */
    static void onStop(Runnable stop) {
        Objects.requireNonNull(stop, "stop");
        for (String name : SIGNALS) {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                        new Handler(name, stop));
                signal.getMethod("handle", signal, handlerType)
                        .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            } catch (InvocationTargetException e) {
                // The OS ignores it for this process (SIGINT for one started in the background):
                // nobody can send it, so there is nothing to handle.
                LOG.debug("SIG{} is not handled here: {}", name, e.getCause().getClass().getSimpleName());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("cannot handle SIG{} ({}): it will stop the bot with the JVM's exit status instead of 0",
                        name, e.getClass().getSimpleName());
            }
        }
    }

    /** The {@code SignalHandler}: {@code handle} asks to stop; Object's methods are its own. */
    private static final class Handler implements InvocationHandler {
        private final String name;
        private final Runnable stop;

        Handler(String name, Runnable stop) {
            this.name = name;
            this.stop = stop;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws ReflectiveOperationException {
            if (method.getName().equals("handle")) {
                LOG.info("SIG{} received: finishing what is under way, then stopping", name);
                stop.run();
                return null;
            }
            return method.invoke(this, args);
        }
    }
}
