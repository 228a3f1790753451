-- Facet counts under one filter: for every two facet values a video holds, how many videos of
-- the list hold both, kept by triggers in the same statements as `list_facet_counts`. The facets
-- of a selection by one enum/boolean value, one tag or an enum/boolean field's "empty" are then a
-- read of those values' pairs instead of a probe per selected video (src/db/facet-pairs.ts,
-- README "Facets under a filter").
--
-- Which values take part: enum, boolean and tags values, and the "empty" (-9e999) of those
-- fields and of number fields (a number facet's only count). A pair joins two such values of one
-- video when at least one of them is not empty (stored once, the smaller (key, value) first,
-- hence the second index), or a non-empty one to the video's channel (the value first). Two
-- empties are never paired: a freshly imported video, all empty, writes no pair at all, and the
-- count of an enum/boolean field's "empty" with anything is the whole list's count less that
-- field's values' pairs. Status is not paired: status changes three times per processed video,
-- and the few videos not completed are counted by probing them (facet-pairs.ts).
--
-- Counts that reach zero stay (read as absent) so a decrement is one write; a list's rows go
-- with the list. Decrements are by value, whatever the field's type now: a value that was never
-- paired (a text value, a number, a key retyped since) has no pair above zero, so a decrement
-- (n > 0) only ever lowers a count that counted it.
--
-- Channel pairs change in BEFORE triggers on `videos`: they run before the AFTER triggers that
-- rewrite the video's field values, so the value triggers always meet pairs counted against the
-- channel the row has at that moment.
CREATE TABLE list_facet_pairs (
	list_id text NOT NULL,
	facet text NOT NULL,
	value blob NOT NULL COLLATE NOCASE,
	facet2 text NOT NULL,
	value2 blob NOT NULL COLLATE NOCASE,
	n integer NOT NULL,
	PRIMARY KEY (list_id, facet, value, facet2, value2)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX list_facet_pairs_second ON list_facet_pairs (list_id, facet2, value2, facet, value);
--> statement-breakpoint
-- The cheap test first: an empty row of a video whose rows are all empty (an import) pairs with nothing.
CREATE TRIGGER facet_pairs_value_insert AFTER INSERT ON video_field_values
WHEN (new.value > -9e999 OR EXISTS (SELECT 1 FROM video_field_values e WHERE e.video_id = new.video_id AND e.value > -9e999))
	AND EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id
		AND json_extract(lf.value, '$.key') = new.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND new.value = -9e999)))
BEGIN
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT new.list_id,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN 'field:' || e.key ELSE 'field:' || new.key END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN e.value ELSE new.value END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN 'field:' || new.key ELSE 'field:' || e.key END,
		CASE WHEN e.key < new.key OR (e.key = new.key AND e.value < new.value) THEN new.value ELSE e.value END,
		1
	FROM video_field_values e
	WHERE e.video_id = new.video_id AND NOT (e.key = new.key AND e.value = new.value)
		AND (new.value > -9e999 OR e.value > -9e999)
		AND (e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id
				AND json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags'))
			OR (e.value = -9e999 AND e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf
				WHERE l.id = new.list_id AND json_extract(lf.value, '$.type') = 'number')))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT new.list_id, 'field:' || new.key, new.value, 'channel', v.channel_id, 1 FROM videos v
	WHERE v.id = new.video_id AND v.channel_id IS NOT NULL AND new.value > -9e999
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_value_delete AFTER DELETE ON video_field_values
WHEN old.value > -9e999 OR EXISTS (SELECT 1 FROM video_field_values e WHERE e.video_id = old.video_id AND e.value > -9e999)
BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (
		SELECT 'field:' || e.key AS f, e.value AS v, 'field:' || old.key AS f2, old.value AS v2 FROM video_field_values e
			WHERE e.video_id = old.video_id AND (e.key < old.key OR (e.key = old.key AND e.value < old.value))
				AND (old.value > -9e999 OR e.value > -9e999)
		UNION ALL
		SELECT 'field:' || old.key, old.value, 'field:' || e.key, e.value FROM video_field_values e
			WHERE e.video_id = old.video_id AND (e.key > old.key OR (e.key = old.key AND e.value > old.value))
				AND (old.value > -9e999 OR e.value > -9e999)
		UNION ALL
		SELECT 'field:' || old.key, old.value, 'channel', v.channel_id FROM videos v
			WHERE v.id = old.video_id AND v.channel_id IS NOT NULL AND old.value > -9e999
	) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = x.f2 AND value2 = x.v2 AND n > 0;
END;
--> statement-breakpoint
-- A deleted video's value rows go after its row (AFTER DELETE), when its channel is gone: its channel pairs go here.
CREATE TRIGGER facet_pairs_video_delete BEFORE DELETE ON videos WHEN old.channel_id IS NOT NULL BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (SELECT 'field:' || e.key AS f, e.value AS v FROM video_field_values e WHERE e.video_id = old.id AND e.value > -9e999) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = 'channel' AND value2 = old.channel_id AND n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_video_channel BEFORE UPDATE OF channel_id ON videos WHEN old.channel_id IS NOT new.channel_id BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (SELECT 'field:' || e.key AS f, e.value AS v FROM video_field_values e WHERE e.video_id = old.id AND e.value > -9e999) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = 'channel' AND value2 = old.channel_id AND n > 0;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT e.list_id, 'field:' || e.key, e.value, 'channel', new.channel_id, 1 FROM video_field_values e
	WHERE new.channel_id IS NOT NULL AND e.video_id = old.id AND e.value > -9e999
		AND e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf WHERE l.id = e.list_id
			AND json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags'))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_pairs_list_delete` AFTER DELETE ON `lists` BEGIN
	DELETE FROM list_facet_pairs WHERE list_id = old.id;
END;
--> statement-breakpoint
-- A rewrite of a video's values (a rerun, a correction, `fields = fields`) deletes and inserts only
-- the rows whose value changed, instead of all of them (0004's trigger), so the counts and pairs
-- of the values that stay are not taken down and put back. A move (list_id) still rewrites all.
-- A row stays when every new value equal to it without case is equal to it exactly: a tag whose
-- case changed (or came twice in two cases) is rewritten, and keeps the case a full rewrite keeps.
DROP TRIGGER `videos_values_update`;
--> statement-breakpoint
CREATE TRIGGER `videos_values_update` AFTER UPDATE OF fields, list_id ON `videos` BEGIN
	DELETE FROM video_field_values
	WHERE video_id = old.id AND (list_id IS NOT new.list_id OR coalesce((
		SELECT min(n.value = video_field_values.value COLLATE BINARY) FROM (SELECT f.key AS key,
		CASE
			WHEN f.type = 'text' AND v.type = 'text' THEN v.value
			WHEN f.type = 'enum' AND v.type = 'text' AND v.value IN (SELECT o.value FROM json_each(f.options) o) THEN v.value
			WHEN f.type = 'number' AND v.type IN ('integer', 'real') THEN v.value
			WHEN f.type = 'boolean' AND v.type IN ('true', 'false') THEN v.value
			ELSE -9e999
		END AS value
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.type != 'tags'
		UNION ALL
		SELECT f.key, coalesce(t.value, -9e999)
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.type = 'tags') AS n
		WHERE n.key = video_field_values.key AND n.value = video_field_values.value COLLATE NOCASE), 0) = 0);
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, n.key, n.value, new.id FROM (SELECT f.key AS key,
		CASE
			WHEN f.type = 'text' AND v.type = 'text' THEN v.value
			WHEN f.type = 'enum' AND v.type = 'text' AND v.value IN (SELECT o.value FROM json_each(f.options) o) THEN v.value
			WHEN f.type = 'number' AND v.type IN ('integer', 'real') THEN v.value
			WHEN f.type = 'boolean' AND v.type IN ('true', 'false') THEN v.value
			ELSE -9e999
		END AS value
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key
	WHERE f.type != 'tags') AS n;
	INSERT OR IGNORE INTO video_field_values (list_id, key, value, video_id)
	SELECT new.list_id, n.key, n.value, new.id FROM (SELECT f.key AS key, coalesce(t.value, -9e999) AS value
	FROM (SELECT json_extract(lf.value, '$.key') AS key, json_extract(lf.value, '$.type') AS type,
			json_extract(lf.value, '$.options') AS options
		FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id) AS f
	LEFT JOIN json_each(new.fields) AS v ON v.key = f.key AND v.type = 'array'
	LEFT JOIN json_each(v.value) AS t ON t.type = 'text'
		AND (f.options IS NULL OR t.value IN (SELECT o.value FROM json_each(f.options) o))
	WHERE f.type = 'tags') AS n;
END;
--> statement-breakpoint
-- What is already there, counted once (SQLite indexes the CTE by video for the self-join).
INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
WITH p AS MATERIALIZED (
	SELECT s.list_id, s.key, s.value, s.video_id FROM video_field_values s
	WHERE EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = s.list_id AND json_extract(lf.value, '$.key') = s.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND s.value = -9e999)))
)
SELECT a.list_id, 'field:' || a.key, a.value, 'field:' || b.key, b.value, count(*)
FROM p a
JOIN p b ON b.video_id = a.video_id AND (b.key > a.key OR (b.key = a.key AND b.value > a.value))
WHERE a.value > -9e999 OR b.value > -9e999
GROUP BY a.list_id, a.key, a.value, b.key, b.value;
--> statement-breakpoint
INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
SELECT s.list_id, 'field:' || s.key, s.value, 'channel', v.channel_id, count(*)
FROM video_field_values s JOIN videos v ON v.id = s.video_id
WHERE v.channel_id IS NOT NULL AND s.value > -9e999
	AND EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = s.list_id AND json_extract(lf.value, '$.key') = s.key
		AND json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags'))
GROUP BY s.list_id, s.key, s.value, v.channel_id;
