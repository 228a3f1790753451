-- Search documents numbered so that a list's documents, and a user's, are rowid ranges of the
-- FTS5 table, which FTS5 seeks (a rowid range reaches its xBestIndex; a phrase does not: the
-- scope tokens of 0004 made bm25 count every document of the list before ranking). README
-- "Finding videos" explains the design.
--
-- A document number is block << 20 | n: a block holds 2^20 documents of one list, and a region
-- (block >> 8) holds 256 blocks of one user. A list's new document takes the next number of
-- its last block; a list whose last block is used up gets a new block in its user's last
-- region, and a user whose last region is used up gets a new region. So a list is one range
-- unless it outgrew a block, and a user one range unless they outgrew a region; every search
-- also checks each match's block (or region), so a range that spans someone else's documents
-- is only slower, never wrong. Numbers stay below 2^53 (2^25 regions), so JavaScript reads
-- them exactly.
CREATE TABLE `search_regions` (
	`region` integer PRIMARY KEY,
	`user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX `search_regions_user` ON `search_regions` (`user_id`, `region`);
--> statement-breakpoint
CREATE TABLE `search_blocks` (
	`block` integer PRIMARY KEY,
	`list_id` text NOT NULL REFERENCES `lists`(`id`) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX `search_blocks_list` ON `search_blocks` (`list_id`, `block`);
--> statement-breakpoint
-- Each list's last block and the number its next document takes (past the block's end when full).
CREATE VIEW `search_last_blocks` AS
SELECT b.list_id, b.block,
	coalesce((SELECT max(d.doc) FROM video_search_docs d WHERE d.doc BETWEEN b.block << 20 AND ((b.block + 1) << 20) - 1),
		(b.block << 20) - 1) + 1 AS next_doc
FROM search_blocks b
WHERE b.block = (SELECT max(x.block) FROM search_blocks x WHERE x.list_id = b.list_id);
--> statement-breakpoint
-- Each user's last region and the block its next list (or list outgrowing its block) takes.
CREATE VIEW `search_last_regions` AS
SELECT r.user_id, r.region,
	coalesce((SELECT max(b.block) FROM search_blocks b WHERE b.block BETWEEN r.region << 8 AND ((r.region + 1) << 8) - 1),
		(r.region << 8) - 1) + 1 AS next_block
FROM search_regions r
WHERE r.region = (SELECT max(x.region) FROM search_regions x WHERE x.user_id = r.user_id);
--> statement-breakpoint
-- The new full-text table: the old one's columns without `scope`, filled from the old one below.
-- A prefix index per length from 2 to 10 letters: a query word of one of those lengths reads one
-- doclist, which FTS5 can skip through while intersecting with the other words, instead of
-- merging the doclists of every term that starts with it (all of them, whatever the range).
CREATE VIRTUAL TABLE `videos_fts_ranged` USING fts5(
	title, description, channel, tags, chapters, fields,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4 5 6 7 8 9 10'
);
--> statement-breakpoint
-- Number the existing documents: per list in their old order, 2^20 to a block, a user's blocks
-- 256 to a region.
CREATE TABLE `search_doc_moves` AS
SELECT d.doc AS old_doc, d.video_id, v.user_id, v.list_id,
	row_number() OVER (PARTITION BY v.list_id ORDER BY d.doc) - 1 AS n,
	0 AS block
FROM video_search_docs d JOIN videos v ON v.id = d.video_id;
--> statement-breakpoint
CREATE UNIQUE INDEX `search_doc_moves_video` ON `search_doc_moves` (`video_id`);
--> statement-breakpoint
CREATE TABLE `search_block_moves` AS
SELECT user_id, list_id, chunk, dense_rank() OVER (ORDER BY user_id, k >> 8) AS region, k & 255 AS slot
FROM (
	SELECT user_id, list_id, chunk, row_number() OVER (PARTITION BY user_id ORDER BY list_id, chunk) - 1 AS k
	FROM (SELECT DISTINCT user_id, list_id, n >> 20 AS chunk FROM search_doc_moves)
);
--> statement-breakpoint
INSERT INTO search_regions (region, user_id) SELECT DISTINCT region, user_id FROM search_block_moves;
--> statement-breakpoint
INSERT INTO search_blocks (block, list_id) SELECT (region << 8) + slot, list_id FROM search_block_moves;
--> statement-breakpoint
UPDATE search_doc_moves SET block = (
	SELECT (m.region << 8) + m.slot FROM search_block_moves m
	WHERE m.list_id = search_doc_moves.list_id AND m.chunk = search_doc_moves.n >> 20
);
--> statement-breakpoint
INSERT INTO videos_fts_ranged (rowid, title, description, channel, tags, chapters, fields)
SELECT (m.block << 20) + (m.n & 1048575), f.title, f.description, f.channel, f.tags, f.chapters, f.fields
FROM search_doc_moves m JOIN videos_fts f ON f.rowid = m.old_doc
ORDER BY 1;
--> statement-breakpoint
UPDATE video_search_docs SET doc = (
	SELECT (m.block << 20) + (m.n & 1048575) FROM search_doc_moves m WHERE m.video_id = video_search_docs.video_id
);
--> statement-breakpoint
DROP TABLE `search_doc_moves`;
--> statement-breakpoint
DROP TABLE `search_block_moves`;
--> statement-breakpoint
DROP TRIGGER `videos_search_insert`;
--> statement-breakpoint
DROP TRIGGER `videos_search_update`;
--> statement-breakpoint
DROP TRIGGER `videos_search_delete`;
--> statement-breakpoint
DROP TABLE `videos_fts`;
--> statement-breakpoint
ALTER TABLE `videos_fts_ranged` RENAME TO `videos_fts`;
--> statement-breakpoint
-- Indexing a video: `INSERT INTO video_search_writes (video_id)` writes its document from the
-- video's row, under the document number it has, or else a new one in its list's last block
-- (after making room: a block, a region). The triggers on `videos` below are its only callers;
-- they remove the video's old document first.
CREATE VIEW `video_search_writes` AS SELECT id AS video_id FROM videos WHERE 0;
--> statement-breakpoint
CREATE TRIGGER `video_search_write` INSTEAD OF INSERT ON `video_search_writes` BEGIN
	INSERT INTO search_regions (region, user_id)
	SELECT coalesce((SELECT max(region) FROM search_regions), 0) + 1, v.user_id
	FROM videos v
	WHERE v.id = new.video_id
		AND NOT EXISTS (SELECT 1 FROM video_search_docs d WHERE d.video_id = v.id)
		AND NOT EXISTS (SELECT 1 FROM search_last_blocks l WHERE l.list_id = v.list_id AND l.next_doc <= ((l.block + 1) << 20) - 1)
		AND NOT EXISTS (SELECT 1 FROM search_last_regions r WHERE r.user_id = v.user_id AND r.next_block <= ((r.region + 1) << 8) - 1);
	INSERT INTO search_blocks (block, list_id)
	SELECT r.next_block, v.list_id
	FROM videos v JOIN search_last_regions r ON r.user_id = v.user_id
	WHERE v.id = new.video_id
		AND NOT EXISTS (SELECT 1 FROM video_search_docs d WHERE d.video_id = v.id)
		AND NOT EXISTS (SELECT 1 FROM search_last_blocks l WHERE l.list_id = v.list_id AND l.next_doc <= ((l.block + 1) << 20) - 1);
	INSERT OR IGNORE INTO video_search_docs (doc, video_id)
	SELECT l.next_doc, v.id FROM videos v JOIN search_last_blocks l ON l.list_id = v.list_id
	WHERE v.id = new.video_id;
	INSERT INTO videos_fts (rowid, title, description, channel, tags, chapters, fields)
	SELECT d.doc, v.title, v.description, v.channel_title,
		(SELECT group_concat(t.value, ' ') FROM json_each(v.tags) t WHERE t.type = 'text'),
		(SELECT group_concat(json_extract(c.value, '$.title'), ' ') FROM json_each(v.chapters) c),
		(SELECT group_concat(CASE
				WHEN f.type = 'text' AND fv.type = 'text' THEN fv.value
				WHEN f.type = 'tags' AND fv.type = 'array'
					THEN (SELECT group_concat(t.value, ' ') FROM json_each(fv.value) t WHERE t.type = 'text')
			END, ' ')
			FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type
				FROM lists l, json_each(l.fields) lf WHERE l.id = v.list_id) AS f
			JOIN json_each(v.fields) AS fv ON fv.key = f.key)
	FROM videos v JOIN video_search_docs d ON d.video_id = v.id
	WHERE v.id = new.video_id;
END;
--> statement-breakpoint
CREATE TRIGGER `videos_search_insert` AFTER INSERT ON `videos`
WHEN coalesce(new.title, new.description, new.channel_title, new.tags, new.chapters, new.fields) IS NOT NULL
BEGIN
	INSERT INTO video_search_writes (video_id) VALUES (new.id);
END;
--> statement-breakpoint
-- A moved video leaves its old list's block: it takes a number in the new list's.
CREATE TRIGGER `videos_search_update` AFTER UPDATE OF title, description, channel_title, tags, chapters, fields, list_id ON `videos` BEGIN
	DELETE FROM videos_fts WHERE rowid = (SELECT doc FROM video_search_docs WHERE video_id = old.id);
	DELETE FROM video_search_docs WHERE video_id = old.id AND new.list_id IS NOT old.list_id;
	INSERT INTO video_search_writes (video_id)
	SELECT new.id WHERE coalesce(new.title, new.description, new.channel_title, new.tags, new.chapters, new.fields) IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `videos_search_delete` AFTER DELETE ON `videos` BEGIN
	DELETE FROM videos_fts WHERE rowid = (SELECT doc FROM video_search_docs WHERE video_id = old.id);
	DELETE FROM video_search_docs WHERE video_id = old.id;
END;
