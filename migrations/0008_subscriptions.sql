CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`list_id` text NOT NULL,
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`playlist_id` text NOT NULL,
	`title` text NOT NULL,
	`auto_process` integer DEFAULT false NOT NULL,
	`filters` text DEFAULT '{}' NOT NULL,
	`seen_until` text,
	`seen_total` integer,
	`last_checked_at` text,
	`last_added_count` integer,
	`error` text,
	`next_check_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`list_id`) REFERENCES `lists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_list_source` ON `subscriptions` (`list_id`,`source_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_list_created` ON `subscriptions` (`list_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `subscriptions_user` ON `subscriptions` (`user_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_due` ON `subscriptions` (`next_check_at`);