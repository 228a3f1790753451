-- The index triggers read a list's field types from a table instead of parsing `lists.fields`.
-- Every trigger that types a value (a video's value rows, the facet pairs a value row joins, the
-- channel pairs, the search document's field text) ran json_each over the list's fields JSON,
-- several of them once per value row: ~35 parses per completed video, ~12 µs each, about a
-- third of a completion's D1 write. `list_field_types` holds one row per (list, key) with the
-- field's type and options as `lists.fields` states them; `lists.fields` stays the one source,
-- and the triggers below keep this table a copy of it (a BEFORE trigger on update, so the
-- AFTER triggers that reindex a list's videos already read the new types).
--
-- A rewrite of a video's values (a rerun, a correction, `fields = fields`) now finds what changed
-- by key: a key whose JSON value is the same before and after (missing and null alike) keeps its
-- rows, and a key whose value changed has its rows deleted and written anew; a move (list_id)
-- rewrites all. The rows of a key are a function of its JSON value and its field, and a field's
-- change reindexes its key itself (lists_fields_reindex), so the rows kept are the rows a full
-- rewrite would write. 0011's trigger compared every old row with every new value instead,
-- recomputing all of them (and parsing the list's fields) for each of the video's rows.
CREATE TABLE `list_field_types` (
	`list_id` text NOT NULL REFERENCES `lists`(`id`) ON DELETE CASCADE,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`options` text,
	PRIMARY KEY (`list_id`, `key`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `list_field_types_insert` AFTER INSERT ON `lists` BEGIN
	INSERT INTO list_field_types (list_id, key, type, options)
	SELECT new.id, json_extract(lf.value, '$.key'), json_extract(lf.value, '$.type'), json_extract(lf.value, '$.options')
	FROM json_each(new.fields) lf;
END;
--> statement-breakpoint
CREATE TRIGGER `list_field_types_update` BEFORE UPDATE OF fields ON `lists` WHEN old.fields IS NOT new.fields BEGIN
	DELETE FROM list_field_types WHERE list_id = old.id;
	INSERT INTO list_field_types (list_id, key, type, options)
	SELECT new.id, json_extract(lf.value, '$.key'), json_extract(lf.value, '$.type'), json_extract(lf.value, '$.options')
	FROM json_each(new.fields) lf;
END;
--> statement-breakpoint
INSERT INTO list_field_types (list_id, key, type, options)
SELECT l.id, json_extract(lf.value, '$.key'), json_extract(lf.value, '$.type'), json_extract(lf.value, '$.options')
FROM lists l, json_each(l.fields) lf;
--> statement-breakpoint
DROP TRIGGER `videos_values_insert`;
--> statement-breakpoint
CREATE TRIGGER `videos_values_insert` AFTER INSERT ON `videos` BEGIN
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key,
		CASE
			WHEN f.type = 'text' AND v.type = 'text' THEN v.value
			WHEN f.type = 'enum' AND v.type = 'text' AND v.value IN (SELECT o.value FROM json_each(f.options) o) THEN v.value
			WHEN f.type = 'number' AND v.type IN ('integer', 'real') THEN v.value
			WHEN f.type = 'boolean' AND v.type IN ('true', 'false') THEN v.value
			ELSE -9e999
		END,
		new.id
	FROM list_field_types f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.list_id = new.list_id AND f.type != 'tags';
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key, coalesce(t.value, -9e999), new.id
	FROM list_field_types f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.list_id = new.list_id AND f.type = 'tags';
END;
--> statement-breakpoint
DROP TRIGGER `videos_values_update`;
--> statement-breakpoint
CREATE TRIGGER `videos_values_update` AFTER UPDATE OF fields, list_id ON `videos` BEGIN
	DELETE FROM video_field_values
	WHERE video_id = old.id AND (new.list_id IS NOT old.list_id
		OR coalesce(old.fields -> ('$.' || key), 'null') IS NOT coalesce(new.fields -> ('$.' || key), 'null'));
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key,
		CASE
			WHEN f.type = 'text' AND v.type = 'text' THEN v.value
			WHEN f.type = 'enum' AND v.type = 'text' AND v.value IN (SELECT o.value FROM json_each(f.options) o) THEN v.value
			WHEN f.type = 'number' AND v.type IN ('integer', 'real') THEN v.value
			WHEN f.type = 'boolean' AND v.type IN ('true', 'false') THEN v.value
			ELSE -9e999
		END,
		new.id
	FROM list_field_types f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.list_id = new.list_id AND f.type != 'tags' AND (new.list_id IS NOT old.list_id
		OR coalesce(old.fields -> ('$.' || f.key), 'null') IS NOT coalesce(new.fields -> ('$.' || f.key), 'null'));
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key, coalesce(t.value, -9e999), new.id
	FROM list_field_types f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.list_id = new.list_id AND f.type = 'tags' AND (new.list_id IS NOT old.list_id
		OR coalesce(old.fields -> ('$.' || f.key), 'null') IS NOT coalesce(new.fields -> ('$.' || f.key), 'null'));
END;
--> statement-breakpoint
DROP TRIGGER `facet_pairs_value_insert`;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_value_insert AFTER INSERT ON video_field_values
WHEN (new.value > -9e999 OR EXISTS (SELECT 1 FROM video_field_values e WHERE e.video_id = new.video_id AND e.value > -9e999))
	AND EXISTS (SELECT 1 FROM list_field_types t WHERE t.list_id = new.list_id AND t.key = new.key
		AND (t.type IN ('enum', 'boolean', 'tags') OR (t.type = 'number' AND new.value = -9e999)))
BEGIN
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT new.list_id,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN 'field:' || e.key ELSE 'field:' || new.key END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN e.value ELSE new.value END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN 'field:' || new.key ELSE 'field:' || e.key END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN new.value ELSE e.value END,
		1
	FROM video_field_values e JOIN list_field_types t ON t.list_id = new.list_id AND t.key = e.key
	WHERE e.video_id = new.video_id AND NOT (e.key = new.key AND e.value = new.value)
		AND (new.value > -9e999 OR e.value > -9e999)
		AND (t.type IN ('enum', 'boolean', 'tags') OR (t.type = 'number' AND e.value = -9e999))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT new.list_id, 'field:' || new.key, new.value, 'channel', v.channel_id, 1 FROM videos v
	WHERE v.id = new.video_id AND v.channel_id IS NOT NULL AND new.value > -9e999
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `facet_pairs_video_channel`;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_video_channel BEFORE UPDATE OF channel_id ON videos WHEN old.channel_id IS NOT new.channel_id BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (SELECT 'field:' || e.key AS f, e.value AS v FROM video_field_values e WHERE e.video_id = old.id AND e.value > -9e999) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = 'channel' AND value2 = old.channel_id AND n > 0;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT e.list_id, 'field:' || e.key, e.value, 'channel', new.channel_id, 1
	FROM video_field_values e JOIN list_field_types t ON t.list_id = e.list_id AND t.key = e.key
	WHERE new.channel_id IS NOT NULL AND e.video_id = old.id AND e.value > -9e999
		AND t.type IN ('enum', 'boolean', 'tags')
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `video_search_write`;
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
			FROM json_each(v.fields) AS fv JOIN list_field_types f ON f.list_id = v.list_id AND f.key = fv.key)
	FROM videos v JOIN video_search_docs d ON d.video_id = v.id
	WHERE v.id = new.video_id;
END;
