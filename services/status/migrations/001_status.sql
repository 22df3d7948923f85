-- The status service's tables: claims as received, each player's current picture, the
-- history of every picture, and the outbox of status events to publish.

CREATE TABLE status_claims (
    id          text        PRIMARY KEY,          -- shared.ids.claim_id: a redelivery is a no-op
    player_id   text        NOT NULL,
    article_id  text        NOT NULL,
    published   timestamptz NOT NULL,
    position    integer     NOT NULL,
    claim       jsonb       NOT NULL,             -- the whole shared.events.Claim
    received_at timestamptz NOT NULL DEFAULT now()
);
-- A player's claims in event-time order: the fold's input and the evidence timeline.
CREATE INDEX status_claims_player ON status_claims (player_id, published, article_id, position);

CREATE TABLE status_pictures (
    player_id        text        PRIMARY KEY,
    player           text        NOT NULL,
    version          integer     NOT NULL CHECK (version >= 1),
    picture          jsonb       NOT NULL,        -- the whole shared.events.PlayerStatus
    digest           text        NOT NULL,
    current_club     text,
    current_club_key text,                        -- shared.ids.slug(current_club)
    contract_state   text,
    outlook          text        NOT NULL,
    suitor_keys      text[]      NOT NULL DEFAULT '{}',  -- slugs of the suitors' clubs
    as_of            timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_pictures_club ON status_pictures (current_club_key, player_id);
CREATE INDEX status_pictures_contract_state ON status_pictures (contract_state, player_id);
CREATE INDEX status_pictures_outlook ON status_pictures (outlook, player_id);
CREATE INDEX status_pictures_suitors ON status_pictures USING gin (suitor_keys);
CREATE INDEX status_pictures_name ON status_pictures (lower(player) text_pattern_ops);

CREATE TABLE status_history (
    player_id  text        NOT NULL,
    version    integer     NOT NULL,
    picture    jsonb       NOT NULL,
    digest     text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (player_id, version)
);

CREATE TABLE status_outbox (
    id         bigserial   PRIMARY KEY,
    player_id  text        NOT NULL,
    version    integer     NOT NULL,
    payload    bytea       NOT NULL,             -- the encoded PlayerStatus, sent as is
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    UNIQUE (player_id, version)
);
-- The relay reads only what is unsent, in version order per player.
CREATE INDEX status_outbox_unsent ON status_outbox (player_id, version) WHERE sent_at IS NULL;

-- Name search by substring: a trigram index when pg_trgm can be had, else the plain scan.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX status_pictures_name_trgm ON status_pictures USING gin (lower(player) gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file THEN
    RAISE NOTICE 'pg_trgm unavailable; name search scans';
END
$$;
