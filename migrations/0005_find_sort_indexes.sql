-- Column sorts of the videos route, keyed exactly as src/db/video-find.ts spells them (NULL as
-- the lowest value), so a sorted page is a range scan from its cursor however deep; and the
-- channel facet, counted from an index alone. Written by hand: drizzle-kit splits expression
-- indexes at their commas.
CREATE INDEX `videos_list_title` ON `videos` (`list_id`, coalesce(`title`, '') COLLATE NOCASE, `id`);
--> statement-breakpoint
CREATE INDEX `videos_list_published` ON `videos` (`list_id`, coalesce(`published_at`, ''), `id`);
--> statement-breakpoint
CREATE INDEX `videos_list_duration` ON `videos` (`list_id`, coalesce(`duration_seconds`, -1), `id`);
--> statement-breakpoint
CREATE INDEX `videos_list_views` ON `videos` (`list_id`, coalesce(`view_count`, -1), `id`);
--> statement-breakpoint
CREATE INDEX `videos_list_channel` ON `videos` (`list_id`, `channel_id`, `channel_title`);
