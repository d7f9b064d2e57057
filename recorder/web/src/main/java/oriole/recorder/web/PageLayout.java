package oriole.recorder.web;

/** The frame every served page shares: title, navigation, the stylesheet and scripts from the jar. */
final class PageLayout {

    private PageLayout() {
    }

    /** @param api the address the page's script reads its numbers from, or null */
    static String page(String title, String page, String api, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · oriole execution tracking</title>
                <link rel="stylesheet" href="%s">
                <script src="%s" defer></script>
                <script src="%s" defer></script>
                </head>
                <body data-page="%s"%s>
                <header>
                <nav><strong>oriole execution tracking</strong> <a href="/">Overview</a> <a href="/runs">Runs</a></nav>
                </header>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(Html.escape(title), Assets.STYLE.address(), Assets.ECHARTS.address(), Assets.SCRIPT.address(),
                Html.escape(page),
                api == null ? "" : " data-api=\"" + Html.escape(api) + "\"", body);
    }
}
