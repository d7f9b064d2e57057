package oriole.recorder.web;

import oriole.recorder.text.VisibleText;

/**
 * Text from the database into HTML. Every value an execution carries (names, errors, causes, inputs) is someone
 * else's program's output: it goes into a page only through these, so markup in it shows as text.
 */
public final class Html {

    private Html() {
    }

    /** One line of untrusted text for an element or a quoted attribute; control characters shown as \\uXXXX. */
    public static String text(Object value) {
        return value == null ? "-" : escape(VisibleText.line(value.toString()));
    }

    /** Several lines of untrusted text, for a {@code <pre>}. */
    public static String block(String value) {
        return value == null ? "-" : escape(VisibleText.block(value));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON inside a {@code <script type="application/json">}: no sequence in it can end the element. */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
