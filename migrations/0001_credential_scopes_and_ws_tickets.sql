CREATE TABLE `ws_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_id` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ws_tickets_token` ON `ws_tickets` (`token_id`);--> statement-breakpoint
CREATE INDEX `ws_tickets_expires` ON `ws_tickets` (`expires_at`);--> statement-breakpoint
ALTER TABLE `tokens` ADD `scope` text DEFAULT 'write' NOT NULL;