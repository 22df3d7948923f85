"""How a feed entry becomes article fields, from feedparser's reading of a real feed."""

from __future__ import annotations

import feedparser

from services.ingest.feeds import entry_fields, entry_id

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Sport Desk</title>
<language>English</language>
<item><title>Salah &amp; Liverpool</title><link>https://example.com/a</link>
<guid>g-1</guid><pubDate>Sun, 09 Feb 2025 10:00:00 EST</pubDate><author>jo@example.com (Jo)</author>
<description>summary</description></item>
<item><title>No id</title><description>only a summary</description></item>
</channel></rss>"""


def test_entry_fields_take_what_the_feed_says() -> None:
    parsed = feedparser.parse(RSS)
    first, second = parsed.entries
    fields = entry_fields(first, parsed.feed)
    assert fields["url"] == "https://example.com/a"
    assert fields["title"] == "Salah & Liverpool"
    assert fields["outlet"] == "Sport Desk"
    # EST read by feedparser, given to normalise as UTC ISO 8601.
    assert fields["published"] == "2025-02-09T15:00:00+00:00"
    # "English" is not a language tag: dropped rather than failing every entry.
    assert "language" not in fields
    assert entry_id(first) == "g-1"
    assert entry_id(second).startswith("sha256:")
