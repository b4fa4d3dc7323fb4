CREATE TABLE "advisories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" serial NOT NULL,
	"status" text NOT NULL,
	"severity" text NOT NULL,
	"categories" text[] NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text NOT NULL,
	"body_vi" text NOT NULL,
	"body_en" text NOT NULL,
	"audience" text NOT NULL,
	"audience_org_kind" text,
	"audience_org_id" uuid,
	"indicator_ids" uuid[] NOT NULL,
	"case_ids" uuid[] NOT NULL,
	"campaign_refs" text[] NOT NULL,
	"author_org_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"approved_by" uuid,
	"published_at" timestamp (3) with time zone,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "advisories_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "advisory_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advisory_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" uuid,
	"note" text,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"address_ciphertext" text NOT NULL,
	"address_key" text NOT NULL,
	"categories" text[] NOT NULL,
	"min_severity" text NOT NULL,
	"locale" text NOT NULL,
	"status" text NOT NULL,
	"confirm_token_hash" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	"unsubscribed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_windows" (
	"group_key" text PRIMARY KEY NOT NULL,
	"last_sent_at" timestamp (3) with time zone NOT NULL,
	"next_allowed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"channel" text NOT NULL,
	"template" text NOT NULL,
	"locale" text NOT NULL,
	"recipient_key" text NOT NULL,
	"address_ciphertext" text,
	"endpoint_id" uuid,
	"user_id" uuid,
	"org_id" uuid,
	"subject_type" text,
	"subject_id" uuid,
	"data" jsonb NOT NULL,
	"dedupe_key" text,
	"group_key" text,
	"status" text NOT NULL,
	"held" text,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"message_id" uuid,
	"last_error" text,
	"last_status" integer,
	"delivered_at" timestamp (3) with time zone,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_email_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"address" text NOT NULL,
	"event_types" text[] NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"disabled_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "event_types" text[] DEFAULT '{takedown.issued,takedown.restore,takedown.reminder}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "advisory_events" ADD CONSTRAINT "advisory_events_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisories_published_idx" ON "advisories" USING btree ("status","published_at","id");--> statement-breakpoint
CREATE INDEX "advisories_author_org_idx" ON "advisories" USING btree ("author_org_id","updated_at");--> statement-breakpoint
CREATE INDEX "advisory_events_advisory_idx" ON "advisory_events" USING btree ("advisory_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "advisory_subscriptions_address_idx" ON "advisory_subscriptions" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "advisory_subscriptions_confirmed_idx" ON "advisory_subscriptions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_group_idx" ON "notifications" USING btree ("group_key","next_attempt_at") WHERE status = 'pending' and group_key is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_idx" ON "notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_recipient_sent_idx" ON "notifications" USING btree ("recipient_key","delivered_at");--> statement-breakpoint
CREATE INDEX "notifications_failed_idx" ON "notifications" USING btree ("created_at","id") WHERE status = 'failed';--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at","id") WHERE channel = 'in_app';--> statement-breakpoint
CREATE INDEX "notifications_subject_idx" ON "notifications" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "notifications_message_idx" ON "notifications" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "org_email_subscriptions_org_idx" ON "org_email_subscriptions" USING btree ("org_id");