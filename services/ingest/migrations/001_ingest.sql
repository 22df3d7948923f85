-- What ingest has published, so the same article pushed again is answered "duplicate".
-- A row is written in the same transaction that awaits the broker's acknowledgement of the
-- publish: it commits only after the article is on the articles topic (see dedup.py).
CREATE TABLE ingest_seen (
    dedup_key     text        PRIMARY KEY,
    article_id    text        NOT NULL,
    url           text,
    via           text,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_seen_article_id ON ingest_seen (article_id);

-- Each configured feed's conditional-request state, so restarts neither refetch nor repost.
CREATE TABLE ingest_feeds (
    feed_url      text        PRIMARY KEY,
    etag          text,
    last_modified text,
    last_status   integer,
    last_polled   timestamptz
);

-- Feed entries already turned into articles (or rejected), by the feed's own entry id.
CREATE TABLE ingest_feed_entries (
    feed_url   text        NOT NULL REFERENCES ingest_feeds (feed_url) ON DELETE CASCADE,
    entry_id   text        NOT NULL,
    article_id text,
    outcome    text        NOT NULL,
    seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_url, entry_id)
);
