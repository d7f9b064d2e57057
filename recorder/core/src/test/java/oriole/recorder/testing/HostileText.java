package oriole.recorder.testing;

import java.util.Random;

/** Random text of the kinds other programs put in causes, names and inputs: the hard cases over-represented. */
public final class HostileText {

    private static final String[] PIECES = {"\u0000", "\ud800", "\udfff", "\ud83d\ude00", "\ud83d", "\u001b[31m", "\u0007",
        "\u2028", "\u202e", "\ufffd", "\\u0000", "\\ud800", "\"", "\\", "\n", "\t", "{", "}", "é", "中文", "𝔘", "'", "%s",
        "${x}", "<script>alert(1)</script>", "1e999999", "-0", "NaN"};

    private HostileText() {
    }

    public static String next(Random random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(PIECES[random.nextInt(PIECES.length)]);
                case 1 -> text.append((char) random.nextInt(0x10000));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
