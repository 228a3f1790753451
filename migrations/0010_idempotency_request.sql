ALTER TABLE `jobs` ADD `idempotency_request` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `idempotency_body_sha256` text;