ALTER TABLE `jobs` ADD `paused_reason` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `resumes_at` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage_youtube_units` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage_ai_calls` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage_input_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage_output_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `usage_thinking_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_unadopted` ON `jobs` (`created_at`) WHERE revision = 0 AND status IN ('running', 'paused');--> statement-breakpoint
ALTER TABLE `videos` ADD `prev_status` text;--> statement-breakpoint
ALTER TABLE `videos` ADD `prev_error` text;--> statement-breakpoint
ALTER TABLE `videos` ADD `prev_job_id` text;