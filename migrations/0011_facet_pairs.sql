-- Facet counts under one filter: for every pair of facet values a video holds, how many videos
-- of the list hold both, kept by triggers in the same statements as `list_facet_counts`. The
-- facets of a selection by one enum/boolean value, one tag or one "empty" are then a read of
-- that value's pairs instead of a probe per selected video (src/db/facets.ts, README "Facets").
--
-- A pair joins a field value to another field value of the same video (stored once, the smaller
-- (key, value) first, hence the second index) or to the video's status or channel (stored with
-- the field value first). Field values take part when their field is counted by value (enum,
-- boolean, tags) and, for number fields, when they are "empty" (-9e999): the only count a
-- number facet has. Counts that reach zero stay (read as absent) so a decrement is one write;
-- a list's rows go with the list. Decrements are by value, whatever the field's type now: a value
-- that is not paired (a text field's "empty", say, or a key retyped since) has its pairs at zero,
-- so a decrement only ever lowers a count that counted it (n > 0).
--
-- Status and channel pairs change in BEFORE triggers on `videos`: they run before the AFTER
-- triggers that rewrite the video's field values, so the value triggers always meet pairs
-- counted against the status and channel the row has at that moment.
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
CREATE TRIGGER facet_pairs_value_insert AFTER INSERT ON video_field_values
WHEN EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id
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
		AND e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf WHERE l.id = new.list_id
			AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND e.value = -9e999)))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT new.list_id, 'field:' || new.key, new.value, 'status', v.status, 1 FROM videos v WHERE v.id = new.video_id
	UNION ALL
	SELECT new.list_id, 'field:' || new.key, new.value, 'channel', v.channel_id, 1 FROM videos v WHERE v.id = new.video_id AND v.channel_id IS NOT NULL
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_value_delete AFTER DELETE ON video_field_values BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (
		SELECT 'field:' || e.key AS f, e.value AS v, 'field:' || old.key AS f2, old.value AS v2 FROM video_field_values e
			WHERE e.video_id = old.video_id AND (e.key < old.key OR (e.key = old.key AND e.value < old.value))
		UNION ALL
		SELECT 'field:' || old.key, old.value, 'field:' || e.key, e.value FROM video_field_values e
			WHERE e.video_id = old.video_id AND (e.key > old.key OR (e.key = old.key AND e.value > old.value))
		UNION ALL
		SELECT 'field:' || old.key, old.value, 'status', v.status FROM videos v WHERE v.id = old.video_id
		UNION ALL
		SELECT 'field:' || old.key, old.value, 'channel', v.channel_id FROM videos v WHERE v.id = old.video_id
	) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = x.f2 AND value2 = x.v2 AND n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_video_delete BEFORE DELETE ON videos BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (
		SELECT 'field:' || e.key AS f, e.value AS v, 'status' AS f2, old.status AS v2 FROM video_field_values e WHERE e.video_id = old.id
		UNION ALL
		SELECT 'field:' || e.key, e.value, 'channel', old.channel_id FROM video_field_values e WHERE e.video_id = old.id AND old.channel_id IS NOT NULL
	) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = x.f2 AND value2 = x.v2 AND n > 0;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_video_status BEFORE UPDATE OF status ON videos WHEN old.status IS NOT new.status BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (SELECT 'field:' || e.key AS f, e.value AS v FROM video_field_values e WHERE e.video_id = old.id) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = 'status' AND value2 = old.status AND n > 0;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT e.list_id, 'field:' || e.key, e.value, 'status', new.status, 1 FROM video_field_values e
	WHERE e.video_id = old.id
		AND e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf WHERE l.id = e.list_id
			AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND e.value = -9e999)))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER facet_pairs_video_channel BEFORE UPDATE OF channel_id ON videos WHEN old.channel_id IS NOT new.channel_id BEGIN
	UPDATE list_facet_pairs SET n = n - 1
	FROM (SELECT 'field:' || e.key AS f, e.value AS v FROM video_field_values e WHERE e.video_id = old.id) AS x
	WHERE list_id = old.list_id AND facet = x.f AND value = x.v AND facet2 = 'channel' AND value2 = old.channel_id AND n > 0;
	INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
	SELECT e.list_id, 'field:' || e.key, e.value, 'channel', new.channel_id, 1 FROM video_field_values e
	WHERE new.channel_id IS NOT NULL AND e.video_id = old.id
		AND e.key IN (SELECT json_extract(lf.value, '$.key') FROM lists l, json_each(l.fields) lf WHERE l.id = e.list_id
			AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND e.value = -9e999)))
	ON CONFLICT (list_id, facet, value, facet2, value2) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_pairs_list_delete` AFTER DELETE ON `lists` BEGIN
	DELETE FROM list_facet_pairs WHERE list_id = old.id;
END;
--> statement-breakpoint
-- What is already there, counted once.
INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
SELECT a.list_id, 'field:' || a.key, a.value, 'field:' || b.key, b.value, count(*)
FROM video_field_values a
JOIN video_field_values b ON b.video_id = a.video_id AND (b.key > a.key OR (b.key = a.key AND b.value > a.value))
WHERE EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = a.list_id AND json_extract(lf.value, '$.key') = a.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND a.value = -9e999)))
	AND EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = b.list_id AND json_extract(lf.value, '$.key') = b.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND b.value = -9e999)))
GROUP BY a.list_id, a.key, a.value, b.key, b.value;
--> statement-breakpoint
INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
SELECT a.list_id, 'field:' || a.key, a.value, 'status', v.status, count(*)
FROM video_field_values a JOIN videos v ON v.id = a.video_id
WHERE EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = a.list_id AND json_extract(lf.value, '$.key') = a.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND a.value = -9e999)))
GROUP BY a.list_id, a.key, a.value, v.status;
--> statement-breakpoint
INSERT INTO list_facet_pairs (list_id, facet, value, facet2, value2, n)
SELECT a.list_id, 'field:' || a.key, a.value, 'channel', v.channel_id, count(*)
FROM video_field_values a JOIN videos v ON v.id = a.video_id
WHERE v.channel_id IS NOT NULL AND EXISTS (SELECT 1 FROM lists l, json_each(l.fields) lf WHERE l.id = a.list_id AND json_extract(lf.value, '$.key') = a.key
		AND (json_extract(lf.value, '$.type') IN ('enum', 'boolean', 'tags') OR (json_extract(lf.value, '$.type') = 'number' AND a.value = -9e999)))
GROUP BY a.list_id, a.key, a.value, v.channel_id;
