CREATE TABLE "appeal_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appeal_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"file_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feed_deployments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"feed" text NOT NULL,
	"serial" bigint NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket" text NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"ground" text NOT NULL,
	"statement" text NOT NULL,
	"appellant_name" text NOT NULL,
	"contact_ciphertext" text NOT NULL,
	"locale" text NOT NULL,
	"status" text NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "indicator_appeals_ticket_unique" UNIQUE("ticket")
);
--> statement-breakpoint
CREATE TABLE "indicator_changes" (
	"serial" bigint PRIMARY KEY NOT NULL,
	"indicator_id" uuid NOT NULL,
	"action" text NOT NULL,
	"status" text NOT NULL,
	"verdict" text NOT NULL,
	"categories" text[] NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"format" text NOT NULL,
	"source_key" text NOT NULL,
	"file_name" text,
	"file_sha256" text NOT NULL,
	"actor_name" text NOT NULL,
	"added" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"skipped" integer NOT NULL,
	"invalid" integer NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"verdict" text NOT NULL,
	"categories" text[] NOT NULL,
	"confidence" smallint NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"source_ref" text,
	"evidence_url" text,
	"impersonated_entity_id" uuid,
	"report_count" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp (3) with time zone NOT NULL,
	"last_verified" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"ttl_rule_id" text,
	"status" text NOT NULL,
	"serial" bigint NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reputation_serial" (
	"id" smallint PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trust_criteria" (
	"entity_id" uuid NOT NULL,
	"criterion" text NOT NULL,
	"statement" text,
	"finding" text NOT NULL,
	"note" text,
	"checked_by" text,
	"checked_at" timestamp (3) with time zone,
	CONSTRAINT "trust_criteria_entity_id_criterion_pk" PRIMARY KEY("entity_id","criterion")
);
--> statement-breakpoint
CREATE TABLE "trust_domains" (
	"entity_id" uuid NOT NULL,
	"domain" text NOT NULL,
	CONSTRAINT "trust_domains_entity_id_domain_pk" PRIMARY KEY("entity_id","domain")
);
--> statement-breakpoint
CREATE TABLE "trust_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"description" text,
	"contact_ciphertext" text,
	"status" text NOT NULL,
	"status_reason" text,
	"badge_number" text,
	"approved_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "trust_entities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "appeal_evidence" ADD CONSTRAINT "appeal_evidence_appeal_id_indicator_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."indicator_appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_changes" ADD CONSTRAINT "indicator_changes_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_criteria" ADD CONSTRAINT "trust_criteria_entity_id_trust_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."trust_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_domains" ADD CONSTRAINT "trust_domains_entity_id_trust_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."trust_entities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_evidence_appeal_idx" ON "appeal_evidence" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "feed_deployments_org_idx" ON "feed_deployments" USING btree ("org_id","feed","reported_at");--> statement-breakpoint
CREATE INDEX "indicator_appeals_status_idx" ON "indicator_appeals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "indicator_appeals_value_idx" ON "indicator_appeals" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "indicator_changes_indicator_idx" ON "indicator_changes" USING btree ("indicator_id","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_key" ON "indicators" USING btree ("type","value","source_key");--> statement-breakpoint
CREATE INDEX "indicators_serial_idx" ON "indicators" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "indicators_value_idx" ON "indicators" USING btree ("value");--> statement-breakpoint
CREATE INDEX "indicators_expiry_idx" ON "indicators" USING btree ("expires_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "trust_domains_domain_idx" ON "trust_domains" USING btree ("domain");--> statement-breakpoint
INSERT INTO "reputation_serial" ("id", "value") VALUES (1, 0);
