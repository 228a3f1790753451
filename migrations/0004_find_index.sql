-- Finding videos: an index of field values and a full-text index, both kept in step by triggers,
-- so every writer (intake, the queue consumer, corrections, moves, deletes, list edits) keeps
-- them right without knowing they exist. README "Finding videos" explains the design.
--
-- video_field_values holds, for every video and every field of its list, the value the video
-- stores for that key when it fits the field (text: a string; enum: one of the options; number;
-- boolean as 1/0; tags: one row per tag, within the options if the field has any), and otherwise
-- one row holding -9e999 (-Infinity), "empty". So every (video, field) has at least one row, and
-- "empty" sorts below every number and every text: ORDER BY value is "empty first" with no
-- NULL to step around, and keyset pagination is one range scan of the primary key.
-- BLOB affinity keeps numbers numbers and text text; NOCASE orders and matches text as people do.
CREATE TABLE `video_field_values` (
	`list_id` text NOT NULL,
	`key` text NOT NULL,
	`value` blob NOT NULL COLLATE NOCASE,
	`video_id` text NOT NULL,
	PRIMARY KEY (`list_id`, `key`, `value`, `video_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `video_field_values_video` ON `video_field_values` (`video_id`, `key`, `value`);
--> statement-breakpoint
-- Stable integer row ids for the FTS table: a rowid of `videos` (text primary key) may change on VACUUM.
CREATE TABLE `video_search_docs` (
	`doc` integer PRIMARY KEY,
	`video_id` text NOT NULL UNIQUE
);
--> statement-breakpoint
-- One document per video with anything to search. `fields` holds the values of the list's text
-- and tags fields; `scope` holds two tokens, 'l' + hex(list id) and 'u' + hex(user id), so a
-- search intersects with one list's (or one user's) documents inside FTS5 instead of matching
-- every user's videos first.
CREATE VIRTUAL TABLE `videos_fts` USING fts5(
	title, description, channel, tags, chapters, fields, scope,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
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
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.type != 'tags';
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key, coalesce(t.value, -9e999), new.id
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.type = 'tags';
END;
--> statement-breakpoint
CREATE TRIGGER `videos_values_update` AFTER UPDATE OF fields, list_id ON `videos` BEGIN
	DELETE FROM video_field_values WHERE video_id = old.id;
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
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.type != 'tags';
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, f.key, coalesce(t.value, -9e999), new.id
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.type = 'tags';
END;
--> statement-breakpoint
CREATE TRIGGER `videos_values_delete` AFTER DELETE ON `videos` BEGIN
	DELETE FROM video_field_values WHERE video_id = old.id;
END;
--> statement-breakpoint
-- A list's fields change: reindex only the keys whose type or options changed (or that came or
-- went), for every video of the list; videos holding a value of a changed text or tags key are
-- rewritten in place (fields = fields), which re-runs their own triggers and so their search document.
CREATE TRIGGER `lists_fields_reindex` AFTER UPDATE OF fields ON `lists` WHEN old.fields IS NOT new.fields BEGIN
	DELETE FROM video_field_values
	WHERE list_id = new.id AND key IN (
		SELECT json_extract(o.value, '$.key') FROM json_each(old.fields) o
		WHERE json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type') || ':' || coalesce(json_extract(o.value, '$.options'), '')
			NOT IN (SELECT json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type') || ':' || coalesce(json_extract(n.value, '$.options'), '') FROM json_each(new.fields) n)
		UNION
		SELECT json_extract(n.value, '$.key') FROM json_each(new.fields) n
		WHERE json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type') || ':' || coalesce(json_extract(n.value, '$.options'), '')
			NOT IN (SELECT json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type') || ':' || coalesce(json_extract(o.value, '$.options'), '') FROM json_each(old.fields) o)
	);
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.id, f.key,
		CASE
			WHEN f.type = 'text' AND v.type = 'text' THEN v.value
			WHEN f.type = 'enum' AND v.type = 'text' AND v.value IN (SELECT o.value FROM json_each(f.options) o) THEN v.value
			WHEN f.type = 'number' AND v.type IN ('integer', 'real') THEN v.value
			WHEN f.type = 'boolean' AND v.type IN ('true', 'false') THEN v.value
			ELSE -9e999
		END,
		vid.id
	FROM videos vid
	JOIN (SELECT json_extract(n.value, '$.key') AS key, json_extract(n.value, '$.type') AS type,
			json_extract(n.value, '$.options') AS options
		FROM json_each(new.fields) n
		WHERE json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type') || ':' || coalesce(json_extract(n.value, '$.options'), '')
			NOT IN (SELECT json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type') || ':' || coalesce(json_extract(o.value, '$.options'), '') FROM json_each(old.fields) o)
	) AS f
	LEFT JOIN json_each(vid.fields) AS v ON v.key = f.key
	WHERE vid.list_id = new.id AND f.type != 'tags';
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.id, f.key, coalesce(t.value, -9e999), vid.id
	FROM videos vid
	JOIN (SELECT json_extract(n.value, '$.key') AS key, json_extract(n.value, '$.type') AS type,
			json_extract(n.value, '$.options') AS options
		FROM json_each(new.fields) n
		WHERE json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type') || ':' || coalesce(json_extract(n.value, '$.options'), '')
			NOT IN (SELECT json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type') || ':' || coalesce(json_extract(o.value, '$.options'), '') FROM json_each(old.fields) o)
	) AS f
	LEFT JOIN json_each(vid.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE vid.list_id = new.id AND f.type = 'tags';
	UPDATE videos SET fields = fields
	WHERE list_id = new.id AND EXISTS (
		SELECT 1 FROM json_each(videos.fields) v
		WHERE v.key IN (
			SELECT json_extract(o.value, '$.key') FROM json_each(old.fields) o
			WHERE json_extract(o.value, '$.type') IN ('text', 'tags')
				AND json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type')
					NOT IN (SELECT json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type') FROM json_each(new.fields) n)
			UNION
			SELECT json_extract(n.value, '$.key') FROM json_each(new.fields) n
			WHERE json_extract(n.value, '$.type') IN ('text', 'tags')
				AND json_extract(n.value, '$.key') || ':' || json_extract(n.value, '$.type')
					NOT IN (SELECT json_extract(o.value, '$.key') || ':' || json_extract(o.value, '$.type') FROM json_each(old.fields) o)
		)
	);
END;
--> statement-breakpoint
CREATE TRIGGER `videos_search_insert` AFTER INSERT ON `videos`
WHEN coalesce(new.title, new.description, new.channel_title, new.tags, new.chapters, new.fields) IS NOT NULL
BEGIN
	INSERT INTO video_search_docs (video_id) VALUES (new.id);
	INSERT INTO videos_fts (rowid, title, description, channel, tags, chapters, fields, scope)
	SELECT d.doc, new.title, new.description, new.channel_title,
		(SELECT group_concat(t.value, ' ') FROM json_each(new.tags) t WHERE t.type = 'text'),
		(SELECT group_concat(json_extract(c.value, '$.title'), ' ') FROM json_each(new.chapters) c),
		(SELECT group_concat(CASE
				WHEN f.type = 'text' AND v.type = 'text' THEN v.value
				WHEN f.type = 'tags' AND v.type = 'array'
					THEN (SELECT group_concat(t.value, ' ') FROM json_each(v.value) t WHERE t.type = 'text')
			END, ' ')
			FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type
				FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
			JOIN json_each(new.fields) AS v ON v.key = f.key),
		'l' || lower(hex(new.list_id)) || ' u' || lower(hex(new.user_id))
	FROM video_search_docs d WHERE d.video_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `videos_search_update` AFTER UPDATE OF title, description, channel_title, tags, chapters, fields, list_id ON `videos` BEGIN
	DELETE FROM videos_fts WHERE rowid = (SELECT doc FROM video_search_docs WHERE video_id = old.id);
	INSERT OR IGNORE INTO video_search_docs (video_id)
	SELECT new.id WHERE coalesce(new.title, new.description, new.channel_title, new.tags, new.chapters, new.fields) IS NOT NULL;
	INSERT INTO videos_fts (rowid, title, description, channel, tags, chapters, fields, scope)
	SELECT d.doc, new.title, new.description, new.channel_title,
		(SELECT group_concat(t.value, ' ') FROM json_each(new.tags) t WHERE t.type = 'text'),
		(SELECT group_concat(json_extract(c.value, '$.title'), ' ') FROM json_each(new.chapters) c),
		(SELECT group_concat(CASE
				WHEN f.type = 'text' AND v.type = 'text' THEN v.value
				WHEN f.type = 'tags' AND v.type = 'array'
					THEN (SELECT group_concat(t.value, ' ') FROM json_each(v.value) t WHERE t.type = 'text')
			END, ' ')
			FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type
				FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
			JOIN json_each(new.fields) AS v ON v.key = f.key),
		'l' || lower(hex(new.list_id)) || ' u' || lower(hex(new.user_id))
	FROM video_search_docs d
	WHERE d.video_id = new.id
		AND coalesce(new.title, new.description, new.channel_title, new.tags, new.chapters, new.fields) IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `videos_search_delete` AFTER DELETE ON `videos` BEGIN
	DELETE FROM videos_fts WHERE rowid = (SELECT doc FROM video_search_docs WHERE video_id = old.id);
	DELETE FROM video_search_docs WHERE video_id = old.id;
END;
--> statement-breakpoint
-- Index what is already there: rewriting `fields` in place runs both update triggers for every video.
UPDATE videos SET fields = fields;
