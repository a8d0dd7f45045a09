"""Schema migrations per backend: numbered steps applied in order, the version kept in the database."""

from __future__ import annotations

# Tables both backends share; {n}, {blob} and {bigint} are filled in per dialect.
_COMMON = """
CREATE TABLE articles (
    n {n},
    id TEXT NOT NULL UNIQUE,
    source TEXT, title TEXT, url TEXT, published TEXT, author TEXT,
    cluster TEXT NOT NULL,
    body {blob} NOT NULL,
    text {blob} NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_source ON articles (source, published);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_source_title ON articles (source, title) WHERE title IS NOT NULL;
CREATE INDEX articles_cluster ON articles (cluster);
CREATE TABLE entities (
    article {bigint} NOT NULL, eid TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
    name_en TEXT, kb_id TEXT
);
CREATE INDEX entities_article ON entities (article, eid);
CREATE INDEX entities_name_en ON entities (name_en);
CREATE INDEX entities_kb_id ON entities (kb_id) WHERE kb_id IS NOT NULL;
CREATE TABLE entity_keys (key TEXT NOT NULL, article {bigint} NOT NULL, eid TEXT NOT NULL);
CREATE INDEX entity_keys_key ON entity_keys (key, article);
CREATE INDEX entity_keys_article ON entity_keys (article);
CREATE TABLE entity_names (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name));
CREATE TABLE mentions (article {bigint} NOT NULL, eid TEXT NOT NULL, start INTEGER, stop INTEGER, text TEXT);
CREATE INDEX mentions_article ON mentions (article);
CREATE TABLE timexes (
    article {bigint} NOT NULL, n INTEGER NOT NULL, start INTEGER, stop INTEGER, text TEXT, type TEXT, value TEXT
);
CREATE INDEX timexes_article ON timexes (article);
CREATE INDEX timexes_value ON timexes (value);
CREATE TABLE quotes (
    article {bigint} NOT NULL, n INTEGER NOT NULL, kind TEXT, start INTEGER, stop INTEGER, text TEXT, cue TEXT,
    speaker_entity TEXT, speaker_text TEXT, speaker_key TEXT, speaker_name TEXT, speaker_en TEXT
);
CREATE INDEX quotes_article ON quotes (article, speaker_entity);
CREATE INDEX quotes_speaker_key ON quotes (speaker_key);
CREATE TABLE events (
    article {bigint} NOT NULL, n INTEGER NOT NULL, type TEXT NOT NULL, mode TEXT, trigger_text TEXT,
    trigger_start INTEGER, trigger_stop INTEGER, when_date TEXT, sentence INTEGER
);
CREATE INDEX events_type ON events (type, article);
CREATE INDEX events_article ON events (article);
CREATE TABLE event_participants (
    article {bigint} NOT NULL, event INTEGER NOT NULL, role TEXT NOT NULL, entity TEXT, name TEXT,
    name_en TEXT, en_key TEXT
);
CREATE INDEX event_participants_event ON event_participants (article, event);
CREATE INDEX event_participants_en_key ON event_participants (en_key);
CREATE TABLE signatures (article {bigint} PRIMARY KEY, minhash {blob} NOT NULL);
CREATE TABLE lsh_bands (key {bigint} NOT NULL, article {bigint} NOT NULL);
CREATE INDEX lsh_bands_key ON lsh_bands (key);
CREATE INDEX lsh_bands_article ON lsh_bands (article);
CREATE VIEW clusters AS
    SELECT cluster AS id, COUNT(*) AS size, MIN(published) AS first_published, MAX(published) AS last_published
    FROM articles GROUP BY cluster;
"""

# Covering indexes for an entity's pages (issue 9): the entity → articles, mentions, event participants joins
# and the publication date of each of its articles read from indexes, not from the wide article rows.
_ENTITY_READS = """
CREATE INDEX entities_name_en_article ON entities (name_en, article, eid);
CREATE INDEX mentions_article_eid ON mentions (article, eid, text);
CREATE INDEX event_participants_entity ON event_participants (article, entity, role, event);
CREATE INDEX articles_n_published ON articles (n, published);
"""

SQLITE: list[tuple[int, str]] = [
    (
        1,
        _COMMON.format(n="INTEGER PRIMARY KEY", blob="BLOB", bigint="INTEGER")
        # Search text is indexed in its normalize_for_search form, so unicode61 sees whole Persian words.
        + "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');\n",
    ),
    (2, _ENTITY_READS),
]

POSTGRES: list[tuple[int, str]] = [
    (
        1,
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
        + _COMMON.format(n="BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", blob="BYTEA", bigint="BIGINT")
        + "ALTER TABLE articles ADD COLUMN tsv tsvector NOT NULL;\n"
        "CREATE INDEX articles_tsv ON articles USING GIN (tsv);\n"
        # Trigram index: an --entity name with a typo or a partial name still finds its key.
        "CREATE INDEX entity_keys_trgm ON entity_keys USING GIN (key gin_trgm_ops);\n",
    ),
    (2, _ENTITY_READS),
]


def statements(script: str) -> list[str]:
    """The statements of a migration script (no semicolons inside statements here)."""
    return [s.strip() for s in script.split(";") if s.strip()]


# Entity and event pages at 200,000 articles (issue 9): their queries read narrow indexes, not table rows. The
# entity's rows by ref with the columns its names are grouped by (English-named, and Persian-only entities);
# events and quotes with the keys and dates a page of them is chosen by; event participants with the names a
# network needs; events by their own date (the articles a date-range filter can match).
_ENTITY_PAGES = """
CREATE INDEX entities_ref_names ON entities (name_en, type, name, kb_id, article, eid);
CREATE INDEX entities_fa_ref ON entities (name, type, kb_id, article, eid) WHERE name_en IS NULL;
CREATE INDEX events_article_date ON events (article, n, type, when_date);
CREATE INDEX quotes_article_speaker ON quotes (article, speaker_entity, n);
CREATE INDEX event_participants_names ON event_participants (article, event, role, name_en, name);
CREATE INDEX events_when ON events (when_date, article);
"""
SQLITE.append((3, _ENTITY_PAGES))
POSTGRES.append((3, _ENTITY_PAGES))

# Faster bulk ingest (issue 8). FTS5 flushes its in-memory term hash to a new segment whenever it outgrows
# `hashsize` (1 MiB by default, a fraction of one 1,000-record batch): 16 MiB gives one segment per batch, so
# fewer segments are written and merged. The LSH bands become one b-tree keyed (key, article): candidate
# lookups read it by key, and an article's rows are deleted by its band keys (recomputed from its stored
# signature), so the rowid table and the article index no longer cost two more b-tree writes per band row.
_SQLITE_BULK = """
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 16777216);
CREATE TABLE lsh_bands_by_key (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID;
INSERT OR IGNORE INTO lsh_bands_by_key (key, article) SELECT key, article FROM lsh_bands ORDER BY key, article;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_by_key RENAME TO lsh_bands
"""
SQLITE.append((4, _SQLITE_BULK))

# Search at 200,000 articles on PostgreSQL (issue 8): matching, the rank window and its date/source filters
# read a narrow table (key, date, source, tsvector) instead of the wide article rows; only the page of hits
# shown is joined to `articles`. Written in the same transaction as its article; existing archives backfill.
# The tsvector stays TOASTed (measured at 50,000 articles: stored inline, a phrase's position checks got ~40%
# faster, but gathering a common word's rank window got ~10x slower).
_POSTGRES_SEARCH = """
CREATE TABLE article_search (n BIGINT PRIMARY KEY, published TEXT, source TEXT, tsv tsvector NOT NULL);
INSERT INTO article_search (n, published, source, tsv)
    SELECT n, published, source, tsv FROM articles ORDER BY n;
CREATE INDEX article_search_tsv ON article_search USING GIN (tsv);
CREATE INDEX article_search_published ON article_search (published, n);
CREATE INDEX article_search_source ON article_search (source, published);
ALTER TABLE articles DROP COLUMN tsv
"""
POSTGRES.append((4, _POSTGRES_SEARCH))
