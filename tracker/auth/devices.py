"""A user agent reduced to the few words Settings → Sessions shows: "Firefox on Android",
"Safari on iPhone", "Chrome on Windows".

Only these words are kept, never the user agent itself: its version numbers, phone model and
build make it close to a fingerprint. The words come from the two fixed lists below, so what is
stored is never text a client chose. A small table of our own and not a user-agent library:
the page needs a dozen browsers and systems, not the thousands of devices such a library's
regular expressions know.
"""

from __future__ import annotations

# The first match wins: the tokens of a browser built on another come before that one's
# (Edge and Opera say "Chrome/", Chrome says "Safari/"); on iOS each browser names itself
# (CriOS, FxiOS, EdgiOS) in a Safari user agent.
BROWSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Edge", ("Edg/", "EdgA/", "EdgiOS/", "Edge/")),
    ("Opera", ("OPR/", "OPiOS/", "Opera")),
    ("Samsung Internet", ("SamsungBrowser/",)),
    ("Firefox", ("Firefox/", "FxiOS/")),
    ("Chrome", ("CriOS/", "Chrome/", "Chromium/")),
    ("Safari", ("Safari/",)),
)
# iPhones and iPads say "like Mac OS X", Android says "Linux": those come first.
SYSTEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iPhone", ("iPhone", "iPod")),
    ("iPad", ("iPad",)),
    ("Android", ("Android",)),
    ("Windows", ("Windows",)),
    ("ChromeOS", ("CrOS",)),
    ("Mac", ("Macintosh", "Mac OS X")),
    ("Linux", ("Linux", "X11")),
)
MAX_READ = 512  # a longer user agent is read only this far


def _first(user_agent: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    return next((name for name, marks in table if any(m in user_agent for m in marks)), None)


def describe(user_agent: str | None) -> str | None:
    """The browser and system a user agent names, as "Firefox on Android"; one of them alone
    ("Firefox", "A browser on Linux") when only one is known; None when neither is."""
    ua = (user_agent or "")[:MAX_READ]
    browser, system = _first(ua, BROWSERS), _first(ua, SYSTEMS)
    if browser and system:
        return f"{browser} on {system}"
    if system:
        return f"A browser on {system}"
    return browser
