package oriole.recorder.web;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code serve --token-file}: every request carries the token, as {@code Authorization: Bearer TOKEN} (scripts) or
 * as the cookie a browser got by opening any page once with {@code ?token=TOKEN}. Not a login: one shared secret
 * for a view bound beyond this machine until an authenticating proxy stands in front of it.
 */
final class AccessToken {

    static final String COOKIE = "oriole_token";
    static final String PARAMETER = "token";

    private final byte[] token;

    AccessToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean carriedBy(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Bearer ") && matches(authorization.substring(7).strip())) {
            return true;
        }
        for (String cookies : headers.getOrDefault("Cookie", java.util.List.of())) {
            for (String cookie : cookies.split(";")) {
                String pair = cookie.strip();
                if (pair.startsWith(COOKIE + "=") && matches(pair.substring(COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Compared in constant time: the answer's timing says nothing about how much of a guess was right. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The cookie that carries the token for the browser that presented it: this server only, never to scripts. */
    String cookie() {
        return COOKIE + "=" + new String(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }
}
