package dev.nectar.ft.api;

import dev.nectar.ft.home.HostPort;
import dev.nectar.ft.identity.AddressBook;
import dev.nectar.ft.identity.Ticket;
import dev.nectar.ft.net.NearbyNodes;
import dev.nectar.ft.net.Network;
import dev.nectar.ft.process.Kernel;
import dev.nectar.ft.transfer.AccessControl;
import dev.nectar.ft.transfer.TransferRegistry;
import dev.nectar.ft.vfs.Drive;
import dev.nectar.ft.wire.ErrorReply;
import dev.nectar.ft.wire.TaggedJson;
import dev.nectar.ft.wire.TransferRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local API on loopback: JSON over HTTP, every call authorized by the owner's bearer token. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    static final String SESSION_COOKIE = "ft_session";

    private final Javalin app;
    private final HostPort address;
    private final TransferEvents events;
    private final LoginLinks logins;

    private ApiServer(Javalin app, HostPort address, TransferEvents events, LoginLinks logins) {
        this.app = app;
        this.address = address;
        this.events = events;
        this.logins = logins;
    }

    public static ApiServer start(HostPort address, ApiToken token, String name, Supplier<Ticket> ticket, AddressBook addressBook,
                                  Network network, Kernel kernel, TransferRegistry registry, AccessControl access,
                                  Drive drive, NearbyNodes nearbyNodes, boolean discovering) throws IOException {
        if (!address.toSocketAddress().getAddress().isLoopbackAddress()) {
            throw new IOException("the API listens on loopback only (not " + address + "): it has no TLS");
        }
        NodeApi api = new NodeApi(name, ticket, addressBook, network, kernel, registry, access);
        TransferEvents events = new TransferEvents(registry, network.traffic());
        ActivityApi activity = new ActivityApi(network.traffic(), addressBook);
        DriveApi files = new DriveApi(drive);
        NearbyApi nearby = new NearbyApi(nearbyNodes, discovering, addressBook);
        RelayApi relays = new RelayApi(network);
        LoginLinks logins = new LoginLinks();
        Javalin app = Javalin.create(config -> {
            UiPages.addTo(config);
            config.routes.get("/login", context -> login(context, logins, token));
            config.routes.post("/api/ui-link", context -> NodeApi.reply(context,
                    TaggedJson.object().put("url", "http://" + context.header("Host") + "/login?code=" + logins.mint())));
            config.routes.get("/api/node/qr.svg", api::ticketQr);
            config.routes.put("/api/peers/{name}", api::renamePeer);
            config.routes.get("/api/files", files::list);
            config.routes.post("/api/files/upload", files::upload);
            config.routes.post("/api/files/folder", files::createFolder);
            config.routes.post("/api/files/rename", files::rename);
            config.routes.delete("/api/files", files::delete);
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.routes.before("/api/*", context -> guard(context, token));
            config.routes.get("/api/node", api::node);
            config.routes.get("/api/peers", api::peers);
            config.routes.get("/api/nearby", nearby::list);
            config.routes.get("/api/relays", relays::list);
            config.routes.post("/api/relays", relays::add);
            config.routes.delete("/api/relays/{name}", relays::remove);
            config.routes.post("/api/nearby/add", nearby::add);
            config.routes.post("/api/peers", api::addPeer);
            config.routes.delete("/api/peers/{name}", api::removePeer);
            config.routes.get("/api/peers/{name}/files", api::peerFiles);
            config.routes.post("/api/messages", api::message);
            config.routes.post("/api/downloads", api::download);
            config.routes.get("/api/transfers", api::transfers);
            config.routes.delete("/api/transfers", api::clearFinished);
            config.routes.get("/api/uploads", api::uploads);
            config.routes.get("/api/activity", activity::activity);
            config.routes.delete("/api/uploads/{id}", context -> api.control(context, TransferRequest.CancelTransfer::new));
            config.routes.get("/api/transfers/changes", api::transferChanges);
            config.routes.get("/api/transfers/overview", api::transfersOverview);
            config.routes.get("/api/transfers/{id}", api::transfer);
            config.routes.delete("/api/transfers/{id}", context -> api.control(context, TransferRequest.CancelTransfer::new));
            config.routes.post("/api/transfers/{id}/pause", context -> api.control(context, TransferRequest.PauseTransfer::new));
            config.routes.post("/api/transfers/{id}/resume", context -> api.control(context, TransferRequest.ResumeTransfer::new));
            config.routes.post("/api/transfers/{id}/retry", context -> api.control(context, TransferRequest.RetryTransfer::new));
            // Browsers cannot set headers on a WebSocket, so the event stream also takes the token as ?token=.
            config.routes.wsBeforeUpgrade("/api/events", context -> guard(context, token));
            config.routes.get("/api/access", api::access);
            config.routes.put("/api/access", api::setAccessMode);
            config.routes.post("/api/access/allow", api::allow);
            config.routes.delete("/api/access/allow/{peer}", api::disallow);
            config.routes.ws("/api/events", ws -> {
                ws.onConnect(events::connect);
                ws.onClose(context -> events.disconnect(context));
                ws.onError(context -> events.disconnect(context));
            });
            config.routes.exception(ApiException.class, (error, context) -> replyError(context, error));
            config.routes.exception(Exception.class, (error, context) -> {
                LOG.warn("API call {} {} failed", context.method(), context.path(), error);
                replyError(context, new ApiException(500, ErrorReply.INTERNAL, String.valueOf(error.getMessage())));
            });
        });
        try {
            app.start(address.host(), address.port());
        } catch (RuntimeException e) {
            events.close();
            throw new IOException("cannot start the API on " + address + ": " + e.getMessage(), e);
        }
        return new ApiServer(app, new HostPort(address.host(), app.port()), events, logins);
    }

    public HostPort address() {
        return address;
    }

    /** A one-time link that logs a browser into the web UI. */
    public String loginLink() {
        return "http://" + address + "/login?code=" + logins.mint();
    }

    /** Trades a one-time code for the session cookie, then shows the UI; a spent or stale code says so. */
    private static void login(Context context, LoginLinks logins, ApiToken token) {
        if (!logins.redeem(context.queryParam("code"))) {
            context.status(403).contentType("text/plain").result("This login link was used already or is too old: "
                    + "run `ft ui` for a new one.");
            return;
        }
        context.header("Set-Cookie", SESSION_COOKIE + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
        // Only a section name may follow, so the link cannot send the browser anywhere else.
        String next = context.queryParam("next");
        context.redirect(next != null && next.matches("node|files|peers|transfers|access") ? "/#" + next : "/");
    }

    /** Every API call and the event stream: from this API's own pages or a non-browser client, with the token. */
    private static void guard(Context context, ApiToken token) {
        refuseOtherOrigins(context);
        authorize(context, token);
    }

    private static void authorize(Context context, ApiToken token) {
        String header = context.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length())
                : context.cookie(SESSION_COOKIE) != null ? context.cookie(SESSION_COOKIE) : context.queryParam("token");
        if (!token.matches(presented)) {
            throw new ApiException(401, "Unauthorized", "missing or wrong API token (it is in the node's home, api.token)");
        }
    }

    /**
     * A browser sends an Origin with every cross-site request: only pages served by this API may call it, so a
     * page elsewhere cannot act as the owner (CSRF). Clients that are not browsers send no Origin.
     */
    private static void refuseOtherOrigins(Context context) {
        String host = context.header("Host");
        // A name other than loopback's means a page on another site had its name point here (DNS rebinding).
        if (host != null && !host.matches("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?")) {
            throw new ApiException(403, ErrorReply.FORBIDDEN, "requests for host " + host + " are refused: use 127.0.0.1");
        }
        String origin = context.header("Origin");
        if (origin == null) {
            return;
        }
        if (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
            throw new ApiException(403, ErrorReply.FORBIDDEN, "requests from " + origin + " are refused: the API serves only its own pages");
        }
    }

    private static void replyError(Context context, ApiException error) {
        var json = TaggedJson.object();
        json.put("error", error.kind());
        json.put("message", error.getMessage());
        context.status(error.status());
        NodeApi.reply(context, json);
    }

    @Override
    public void close() {
        app.stop();
        events.close();
    }
}
