package dev.sluice.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands tests an {@link ApiServer}: started once for the whole run, on
 * first use, and stopped when the run ends. Use {@code @ExtendWith(RealApiServer.class)} and
 * take an {@code ApiServer} parameter in a {@code @BeforeAll} or test method.
 */
public final class RealApiServer implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealApiServer.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static ApiServer server(ExtensionContext context) {
    return context.getRoot().getStore(STORE)
        .getOrComputeIfAbsent(ApiServer.class, key -> new StartedServer(), StartedServer.class)
        .server;
  }

  /** Closes the server when JUnit closes the root store at the end of the run. */
  private static final class StartedServer implements ExtensionContext.Store.CloseableResource {
    private final ApiServer server;

    StartedServer() {
      try {
        server = ApiServer.start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Cannot start the test API server", e);
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }
}
