using System.Net;

namespace Ivr.AdminConsole;

/// <summary>
/// The console's two server-made pages: the sign-in form, and the frame the script fills (it carries the session's
/// antiforgery token for the script to send with each change). Everything else is drawn by <c>console.js</c>.
/// </summary>
internal static class ConsolePages
{
    public static string SignIn(string? error) => Frame("Sign in", $$"""
        <main id="main" class="signin">
          <h1>Ivr — admin console</h1>
          <p>Sign in with an admin key to set up your lines: who rings when, opening hours, holidays.</p>
          {{(error is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}}
          <form method="post" action="{{ConsoleEndpoints.Path}}/login">
            <label for="key">Admin key</label>
            <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
            <button type="submit">Sign in</button>
          </form>
        </main>
        """, script: false);

    public static string Console(string antiforgeryToken, string actor) => Frame("Lines", $$"""
        <header class="top">
          <a class="skip" href="#main">Skip to content</a>
          <p class="brand"><a href="#/">Ivr admin console</a></p>
          <nav aria-label="Console"><a href="#/">Lines</a> <a href="#/new">New line</a></nav>
          <form method="post" action="{{ConsoleEndpoints.Path}}/logout" class="signout">
            <input type="hidden" name="{{ConsoleSession.AntiforgeryField}}" value="{{WebUtility.HtmlEncode(antiforgeryToken)}}">
            <span class="who">Signed in as {{WebUtility.HtmlEncode(actor)}}</span>
            <button type="submit">Sign out</button>
          </form>
        </header>
        <div id="status" class="status" role="status" aria-live="polite"></div>
        <main id="main" tabindex="-1"><p>Loading…</p></main>
        <noscript><p>The console needs JavaScript. The admin API (/api/admin) works without it.</p></noscript>
        """, script: true, antiforgeryToken);

    private static string Frame(string title, string body, bool script, string? token = null) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} — Ivr admin</title>
        <link rel="icon" href="data:,">
        {{(token is null ? string.Empty : $"<meta name=\"ivr-antiforgery\" content=\"{WebUtility.HtmlEncode(token)}\">")}}
        <link rel="stylesheet" href="{{ConsoleEndpoints.Path}}/assets/console.css">
        {{(script ? $"<script type=\"module\" src=\"{ConsoleEndpoints.Path}/assets/console.js\"></script>" : string.Empty)}}
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;
}
