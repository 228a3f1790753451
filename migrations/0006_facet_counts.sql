-- Facet counts of each whole list, kept by triggers, so the facets of an unfiltered list are a
-- read of a few hundred rows instead of a scan of every video and field value. One row per
-- (list, facet, value): facet 'status' (value: the status), 'channel' (value: channel id,
-- label: its latest title) and 'field:<key>' (value: as in video_field_values, -9e999 for
-- empty). Rows reaching zero are deleted. Filtered facets are counted from the index instead.
CREATE TABLE `list_facet_counts` (
	`list_id` text NOT NULL,
	`facet` text NOT NULL,
	`value` blob NOT NULL COLLATE NOCASE,
	`n` integer NOT NULL,
	`label` text,
	PRIMARY KEY (`list_id`, `facet`, `value`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_value_insert` AFTER INSERT ON `video_field_values` BEGIN
	INSERT INTO list_facet_counts (list_id, facet, value, n) VALUES (new.list_id, 'field:' || new.key, new.value, 1)
	ON CONFLICT (list_id, facet, value) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_value_delete` AFTER DELETE ON `video_field_values` BEGIN
	UPDATE list_facet_counts SET n = n - 1 WHERE list_id = old.list_id AND facet = 'field:' || old.key AND value = old.value;
	DELETE FROM list_facet_counts WHERE list_id = old.list_id AND facet = 'field:' || old.key AND value = old.value AND n <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_video_insert` AFTER INSERT ON `videos` BEGIN
	INSERT INTO list_facet_counts (list_id, facet, value, n) VALUES (new.list_id, 'status', new.status, 1)
	ON CONFLICT (list_id, facet, value) DO UPDATE SET n = n + 1;
	INSERT INTO list_facet_counts (list_id, facet, value, n, label)
	SELECT new.list_id, 'channel', new.channel_id, 1, new.channel_title WHERE new.channel_id IS NOT NULL
	ON CONFLICT (list_id, facet, value) DO UPDATE SET n = n + 1, label = excluded.label;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_video_delete` AFTER DELETE ON `videos` BEGIN
	UPDATE list_facet_counts SET n = n - 1
	WHERE list_id = old.list_id AND ((facet = 'status' AND value = old.status) OR (facet = 'channel' AND value = old.channel_id));
	DELETE FROM list_facet_counts
	WHERE list_id = old.list_id AND ((facet = 'status' AND value = old.status) OR (facet = 'channel' AND value = old.channel_id)) AND n <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_video_status` AFTER UPDATE OF status, list_id ON `videos`
WHEN old.status IS NOT new.status OR old.list_id IS NOT new.list_id
BEGIN
	UPDATE list_facet_counts SET n = n - 1 WHERE list_id = old.list_id AND facet = 'status' AND value = old.status;
	DELETE FROM list_facet_counts WHERE list_id = old.list_id AND facet = 'status' AND value = old.status AND n <= 0;
	INSERT INTO list_facet_counts (list_id, facet, value, n) VALUES (new.list_id, 'status', new.status, 1)
	ON CONFLICT (list_id, facet, value) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `facet_counts_video_channel` AFTER UPDATE OF channel_id, channel_title, list_id ON `videos`
WHEN old.channel_id IS NOT new.channel_id OR old.channel_title IS NOT new.channel_title OR old.list_id IS NOT new.list_id
BEGIN
	UPDATE list_facet_counts SET n = n - 1 WHERE list_id = old.list_id AND facet = 'channel' AND value = old.channel_id;
	DELETE FROM list_facet_counts WHERE list_id = old.list_id AND facet = 'channel' AND value = old.channel_id AND n <= 0;
	INSERT INTO list_facet_counts (list_id, facet, value, n, label)
	SELECT new.list_id, 'channel', new.channel_id, 1, new.channel_title WHERE new.channel_id IS NOT NULL
	ON CONFLICT (list_id, facet, value) DO UPDATE SET n = n + 1, label = excluded.label;
END;
--> statement-breakpoint
INSERT INTO list_facet_counts (list_id, facet, value, n)
SELECT list_id, 'field:' || key, value, count(*) FROM video_field_values GROUP BY list_id, key, value;
--> statement-breakpoint
INSERT INTO list_facet_counts (list_id, facet, value, n)
SELECT list_id, 'status', status, count(*) FROM videos GROUP BY list_id, status;
--> statement-breakpoint
INSERT INTO list_facet_counts (list_id, facet, value, n, label)
SELECT list_id, 'channel', channel_id, count(*), max(channel_title) FROM videos WHERE channel_id IS NOT NULL GROUP BY list_id, channel_id;
